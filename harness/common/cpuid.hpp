// One portable CPUID call, for the TSC check (timer.cpp) and the CPU's brand string
// (sysinfo.cpp). Non-x86 builds have no CPUID and always get false.
#pragma once

#include "common/platform.hpp"

#if defined(SHMBENCH_ARCH_X86)
#if defined(_MSC_VER)
#include <intrin.h>
#else
#include <cpuid.h>
#endif
#endif

namespace shmbench {

// Fills regs with EAX, EBX, ECX, EDX of `leaf`; false where the CPU lacks that leaf.
inline bool cpuid(unsigned leaf, unsigned regs[4]) {
#if defined(SHMBENCH_ARCH_X86)
  const unsigned base = leaf & 0x80000000u;  // basic or extended range
#if defined(_MSC_VER)
  int out[4];
  __cpuid(out, static_cast<int>(base));
  if (static_cast<unsigned>(out[0]) < leaf) return false;
  __cpuid(out, static_cast<int>(leaf));
  for (int i = 0; i < 4; ++i) regs[i] = static_cast<unsigned>(out[i]);
#else
  if (__get_cpuid_max(base, nullptr) < leaf) return false;
  __cpuid(leaf, regs[0], regs[1], regs[2], regs[3]);
#endif
  return true;
#else
  (void)leaf;
  (void)regs;
  return false;
#endif
}

}  // namespace shmbench
