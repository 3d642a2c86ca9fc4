// The body of every loop that waits for another thread or process by polling memory.
// On x86 it is the pause instruction: it tells the core this is a spin-wait, which saves
// power, gives the sibling hyper-thread the core, and avoids the pipeline flush (a
// memory-order violation) when the awaited line finally changes. _mm_pause is the one
// spelling GCC, Clang and MSVC all accept.
#pragma once

#include "common/platform.hpp"

#if defined(SHMBENCH_ARCH_X86)
#include <immintrin.h>
#endif

namespace shmbench {

inline void cpu_relax() {
#if defined(SHMBENCH_ARCH_X86)
  _mm_pause();
#endif
}

}  // namespace shmbench
