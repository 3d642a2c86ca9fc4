#include "backends/names.hpp"

#include <cstdio>
#include <random>

#include "os/process.hpp"

namespace shmbench {

RunNames::RunNames() {
  std::random_device entropy;
  char token[16];
  std::snprintf(token, sizeof token, "%08x", static_cast<unsigned>(entropy()));
  prefix_ = std::string(kNamePrefix) + std::to_string(current_pid()) + "-" + token + "-";
}

std::string RunNames::next() { return prefix_ + std::to_string(counter_++); }

std::optional<long> owner_pid_of(std::string_view name) {
  if (name.substr(0, kNamePrefix.size()) != kNamePrefix) return std::nullopt;
  name.remove_prefix(kNamePrefix.size());
  long pid = 0;
  std::size_t digits = 0;
  while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9' && digits < 10)
    pid = pid * 10 + (name[digits++] - '0');
  if (digits == 0 || digits >= name.size() || name[digits] != '-') return std::nullopt;
  return pid;
}

}  // namespace shmbench
