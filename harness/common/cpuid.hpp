// One portable CPUID call, for the TSC check (timer.cpp), the CPU's brand string
// (sysinfo.cpp) and the read kernels' choice (cpu_has_avx2). Non-x86 builds have no
// CPUID and always get false.
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

// Fills regs with EAX, EBX, ECX, EDX of `leaf` (and `subleaf`, in ECX, for the leaves
// that have them, such as 7); false where the CPU lacks that leaf.
inline bool cpuid(unsigned leaf, unsigned regs[4], unsigned subleaf = 0) {
#if defined(SHMBENCH_ARCH_X86)
  const unsigned base = leaf & 0x80000000u;  // basic or extended range
#if defined(_MSC_VER)
  int out[4];
  __cpuid(out, static_cast<int>(base));
  if (static_cast<unsigned>(out[0]) < leaf) return false;
  __cpuidex(out, static_cast<int>(leaf), static_cast<int>(subleaf));
  for (int i = 0; i < 4; ++i) regs[i] = static_cast<unsigned>(out[i]);
#else
  if (__get_cpuid_max(base, nullptr) < leaf) return false;
  __cpuid_count(leaf, subleaf, regs[0], regs[1], regs[2], regs[3]);
#endif
  return true;
#else
  (void)leaf;
  (void)regs;
  (void)subleaf;
  return false;
#endif
}

// CPUID of `leaf` without checking it against the CPU's highest basic or extended leaf:
// for the hypervisor leaves (0x40000000...), which exist when CPUID 1 says a hypervisor is
// present although they lie above the basic range. False on non-x86 builds.
inline bool cpuid_unchecked(unsigned leaf, unsigned regs[4]) {
#if defined(SHMBENCH_ARCH_X86)
#if defined(_MSC_VER)
  int out[4];
  __cpuid(out, static_cast<int>(leaf));
  for (int i = 0; i < 4; ++i) regs[i] = static_cast<unsigned>(out[i]);
#else
  __cpuid(leaf, regs[0], regs[1], regs[2], regs[3]);
#endif
  return true;
#else
  (void)leaf;
  (void)regs;
  return false;
#endif
}

// True where the CPU has AVX2 and the OS saves the YMM registers on a context switch
// (CPUID says what the CPU can do, XGETBV what the OS enabled).
inline bool cpu_has_avx2() {
#if defined(SHMBENCH_ARCH_X86)
  unsigned basic[4], extended[4];
  if (!cpuid(1, basic) || !cpuid(7, extended)) return false;
  const bool osxsave = (basic[2] >> 27) & 1u, avx = (basic[2] >> 28) & 1u, avx2 = (extended[1] >> 5) & 1u;
  if (!osxsave || !avx || !avx2) return false;
#if defined(_MSC_VER)
  const unsigned long long xcr0 = _xgetbv(0);
#else
  unsigned lo = 0, hi = 0;
  asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  const unsigned long long xcr0 = (static_cast<unsigned long long>(hi) << 32) | lo;
#endif
  return (xcr0 & 0x6) == 0x6;  // XMM and YMM state
#else
  return false;
#endif
}

}  // namespace shmbench
