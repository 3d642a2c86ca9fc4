// The faults a test can inject into a transfer run (shmbench run --suite transfer
// --inject-fault ...), parsed once into a typed set the workers consult:
//   corrupt-message  the writer flips one byte in the middle of the 3rd message of each run
//   stale-message    the writer publishes the 3rd message without writing it
//   reader-crash     the reader dies abruptly in the middle of its first run
//   reader-hang      the reader stops answering in the middle of its first run
//   writer-crash     the writer dies abruptly in the middle of its first run
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace shmbench::transfer {

struct Faults {
  bool corrupt_message = false;
  bool stale_message = false;
  bool reader_crash = false;
  bool reader_hang = false;
  bool writer_crash = false;
};

// The message (counted from 0 in each run) the corrupt and stale faults hit.
inline constexpr std::uint64_t kFaultyMessage = 2;

std::optional<Faults> parse_faults(const std::string& text, std::string& why);

inline constexpr const char* kFaultHelp =
    "for tests (--suite transfer*): corrupt-message, stale-message, reader-crash, reader-hang, writer-crash";

}  // namespace shmbench::transfer
