#include "backends/names.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <random>

#include "common/bad_input.hpp"
#include "os/process.hpp"

namespace shmbench {

namespace {
bool is_token(std::string_view text) {
  if (text.size() != 8) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string run_token() {
  if (const char* fixed = std::getenv(kTestNameTokenVariable); fixed != nullptr && *fixed != '\0') {
    if (!is_token(fixed))
      throw BadInput{std::string(kTestNameTokenVariable) + " (test only) must be 8 lowercase hex digits, not '" +
                     std::string(fixed).substr(0, 40) + "'"};
    return fixed;
  }
  std::random_device entropy;
  char token[16];
  std::snprintf(token, sizeof token, "%08x", static_cast<unsigned>(entropy()));
  return token;
}

std::atomic<NameScope> scope{NameScope::local};
}  // namespace

RunNames::RunNames() {
  prefix_ = std::string(kNamePrefix) + std::to_string(current_pid()) + "-" + run_token() + "-";
}

std::string RunNames::next() { return prefix_ + std::to_string(counter_++); }

std::optional<long> owner_pid_of(std::string_view name) {
  if (name.substr(0, kNamePrefix.size()) != kNamePrefix) return std::nullopt;
  name.remove_prefix(kNamePrefix.size());
  // Ten digits may not fit a 32-bit long (Windows'), and no pid is that large there.
  long long pid = 0;
  std::size_t digits = 0;
  while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9' && digits < 10)
    pid = pid * 10 + (name[digits++] - '0');
  if (digits == 0 || digits >= name.size() || name[digits] != '-') return std::nullopt;
  if (pid > std::numeric_limits<long>::max()) return std::nullopt;
  name.remove_prefix(digits + 1);
  // The run's token and the dash after it.
  if (name.size() < 9 || !is_token(name.substr(0, 8)) || name[8] != '-') return std::nullopt;
  return static_cast<long>(pid);
}

void set_name_scope(NameScope value) { scope.store(value); }
NameScope name_scope() { return scope.load(); }

}  // namespace shmbench
