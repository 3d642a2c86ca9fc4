#include "platform.hpp"
#include "sysinfo.hpp"

#if defined(SHMBENCH_ARCH_X86)
#if defined(_MSC_VER)
#include <intrin.h>
#else
#include <cpuid.h>
#endif
#endif

#include <cstring>

namespace shmbench {

std::string cpu_brand() {
#if defined(SHMBENCH_ARCH_X86)
  unsigned int regs[12] = {};
#if defined(_MSC_VER)
  int out[4];
  __cpuid(out, 0x80000000);
  if (static_cast<unsigned>(out[0]) < 0x80000004u) return "unknown";
  for (unsigned i = 0; i < 3; ++i) {
    __cpuid(out, static_cast<int>(0x80000002u + i));
    std::memcpy(&regs[i * 4], out, sizeof out);
  }
#else
  if (__get_cpuid_max(0x80000000u, nullptr) < 0x80000004u) return "unknown";
  for (unsigned i = 0; i < 3; ++i)
    __get_cpuid(0x80000002u + i, &regs[i * 4], &regs[i * 4 + 1], &regs[i * 4 + 2], &regs[i * 4 + 3]);
#endif
  char text[sizeof regs + 1] = {};
  std::memcpy(text, regs, sizeof regs);
  std::string brand(text);
  const auto first = brand.find_first_not_of(' ');
  const auto last = brand.find_last_not_of(' ');
  return first == std::string::npos ? "unknown" : brand.substr(first, last - first + 1);
#else
  return "unknown";
#endif
}

}  // namespace shmbench
