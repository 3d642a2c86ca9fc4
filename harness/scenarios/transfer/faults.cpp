#include "scenarios/transfer/faults.hpp"

namespace shmbench::transfer {

std::optional<Faults> parse_faults(const std::string& text, std::string& why) {
  Faults faults;
  if (text.empty()) return faults;
  if (text == "corrupt-message") faults.corrupt_message = true;
  else if (text == "stale-message") faults.stale_message = true;
  else if (text == "reader-crash") faults.reader_crash = true;
  else if (text == "reader-hang") faults.reader_hang = true;
  else if (text == "writer-crash") faults.writer_crash = true;
  else {
    why = "'" + text + "' is not a transfer fault (corrupt-message, stale-message, reader-crash, reader-hang, writer-crash)";
    return std::nullopt;
  }
  return faults;
}

}  // namespace shmbench::transfer
