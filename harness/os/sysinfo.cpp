#include "os/sysinfo.hpp"

#include <cstring>

#include "common/cpuid.hpp"

namespace shmbench {

std::string cpu_brand() {
  unsigned regs[12] = {};
  for (unsigned i = 0; i < 3; ++i)
    if (!cpuid(0x80000002u + i, &regs[i * 4])) return "unknown";
  char text[sizeof regs + 1] = {};
  std::memcpy(text, regs, sizeof regs);
  const std::string brand(text);
  const auto first = brand.find_first_not_of(' ');
  const auto last = brand.find_last_not_of(' ');
  return first == std::string::npos ? "unknown" : brand.substr(first, last - first + 1);
}

}  // namespace shmbench
