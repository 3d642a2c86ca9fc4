// Keeps the optimiser from dropping or merging repeated copies into the same memory
// (clobber_memory), or a computation whose result nothing else uses (keep_value).
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

template <typename T>
inline void keep_value(const T& value) {
#if defined(_MSC_VER) && !defined(__clang__)
  static volatile T sink;
  sink = value;
#else
  asm volatile("" : : "r,m"(value) : "memory");
#endif
}

}  // namespace shmbench
