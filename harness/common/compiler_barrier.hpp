// Keeps the optimiser from dropping or merging repeated copies into the same memory.
#pragma once

#if defined(_MSC_VER) && !defined(__clang__)
#include <intrin.h>
#endif

namespace shmbench {

inline void clobber_memory() {
#if defined(_MSC_VER) && !defined(__clang__)
  _ReadWriteBarrier();
#else
  asm volatile("" : : : "memory");
#endif
}

}  // namespace shmbench
