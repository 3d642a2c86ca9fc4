// The part of the environment read the same way everywhere: the hypervisor, by CPUID.
#include <cstring>

#include "common/cpuid.hpp"
#include "os/environment_impl.hpp"

namespace shmbench {

void read_hypervisor(Environment& environment) {
  unsigned regs[4] = {};
  if (!cpuid(1, regs) || ((regs[2] >> 31) & 1u) == 0) return;
  environment.hypervisor = true;
  // The hypervisor leaves lie above the basic range that cpuid() checks against, and
  // exist exactly when bit 31 says a hypervisor is there.
  unsigned vendor[4] = {};
  if (!cpuid_unchecked(0x40000000u, vendor)) return;
  char text[13] = {};
  std::memcpy(text, &vendor[1], 4);
  std::memcpy(text + 4, &vendor[2], 4);
  std::memcpy(text + 8, &vendor[3], 4);
  environment.hypervisor_vendor = text;
}

}  // namespace shmbench
