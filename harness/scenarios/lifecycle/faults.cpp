#include "scenarios/lifecycle/faults.hpp"

#include <cmath>
#include <cstdlib>
#include <vector>

#include "common/text.hpp"

namespace shmbench::lifecycle {

namespace {
// A slowdown above this is not a regression a gate must find, it is a broken build.
constexpr double kMaxSlowdownPercent = 1000;

std::optional<Faults> parse_slowdown(const std::string& text, std::string& why) {
  // slow:OPERATION:PERCENT
  const std::size_t second = text.find(':', 5);
  if (second == std::string::npos) {
    why = "'" + text + "': a planted slowdown is slow:OPERATION:PERCENT, e.g. slow:copy:10";
    return std::nullopt;
  }
  const std::string op_name = text.substr(5, second - 5);
  const std::string percent_text = text.substr(second + 1);
  const std::optional<Operation> op = operation_named(op_name);
  if (!op) {
    std::vector<std::string> names;
    for (const auto& traits : operation_table()) names.emplace_back(traits.name);
    why = "'" + text + "': '" + op_name + "' is not an operation (" + join(names) + ")";
    return std::nullopt;
  }
  char* end = nullptr;
  const double percent = percent_text.empty() ? NAN : std::strtod(percent_text.c_str(), &end);
  if (std::isnan(percent) || end == nullptr || *end != '\0' || !(percent >= 0) || percent > kMaxSlowdownPercent) {
    why = "'" + text + "': the slowdown must be a percentage from 0 to 1000, e.g. slow:copy:10";
    return std::nullopt;
  }
  Faults faults;
  faults.slowed = op;
  faults.slowdown = percent / 100;
  return faults;
}
}  // namespace

std::optional<Faults> parse_faults(const std::string& text, std::string& why) {
  Faults faults;
  if (text.empty()) return faults;
  if (text == "writer-crash") faults.writer_crash = true;
  else if (text == "reader-crash") faults.reader_crash = true;
  else if (text == "writer-hang") faults.writer_hang = true;
  else if (text == "ignore-exit") faults.ignore_exit = true;
  else if (text.rfind("slow:", 0) == 0) return parse_slowdown(text, why);
  else {
    why = "'" + text + "' is not a fault (writer-crash, reader-crash, writer-hang, ignore-exit, slow:OPERATION:PERCENT)";
    return std::nullopt;
  }
  return faults;
}

}  // namespace shmbench::lifecycle
