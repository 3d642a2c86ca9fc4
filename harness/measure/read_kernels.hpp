// The loops that read a whole buffer: the verified read every `read` figure times, and
// the unverified read it is shown against (and the fill that writes the pattern). Both come in the same instruction set, picked
// once per process from what the CPU offers, so their ratio is the cost of verifying and
// nothing else.
//
// pattern.hpp is the interface the rest of shmbench uses; this header is for pattern.cpp
// and the tests that check every kernel, not only the one this CPU picks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace shmbench {

// Word i of the pattern for `seed` is seed + i * kPatternStep: different in every word,
// so misplaced or stale data is caught, and cheap to generate by carrying the expected
// word and adding the step (a multiply per word would make the multiply the bottleneck:
// 64-bit multiplies have no AVX2 form).
inline constexpr std::uint64_t kPatternStep = 0x9E3779B97F4A7C15ull;

// Verification runs in blocks; a block with a difference is rescanned byte by byte.
inline constexpr std::size_t kVerifyBlockWords = 512;  // 4 KiB

// A tight loop's speed depends on where it sits in the code: the same object code ran
// 5-10 % slower in shmbench than in shmbench-micro while it started 32 bytes off a
// 64-byte boundary in one of them. Aligning the kernels puts their loops at the same
// alignment in every program. MSVC has no attribute or option that aligns one function
// beyond its default of 16 bytes, so an MSVC build leaves the loops where the linker put
// them; every report records the offset it got (read_kernel_offset in pattern.hpp), and
// the harness/micro cross-check (scripts/crosscheck.py) shows both programs' offsets
// beside any gap in their read figures.
#if defined(__GNUC__)
#define SHMBENCH_HOT_LOOP_ALIGN __attribute__((aligned(64)))
#else
#define SHMBENCH_HOT_LOOP_ALIGN
#endif

struct ReadKernel {
  const char* name;  // "avx2" or "portable", recorded in reports
  // The first word index >= `from` (a multiple of kVerifyBlockWords) of a block of
  // `data`'s `words` words that differs from the pattern for `seed`; `words` if none.
  std::size_t (*first_bad_block)(const std::byte* data, std::size_t words, std::uint64_t seed, std::size_t from);
  // Reads every word of `words` words and folds them into one, so no read is dropped.
  std::uint64_t (*fold)(const std::byte* data, std::size_t words);
  // Writes the pattern for `seed` into `words` words. The writer of a transfer stream
  // fills every message: one word per store, the compiler's loop for x86-64's base
  // instruction set, filled 1 MiB at 14 GB/s where a warm memcpy ran at 47 GB/s, and a
  // stream could not go faster than its writer.
  void (*fill)(std::byte* data, std::size_t words, std::uint64_t seed);
};

// The kernel this process uses: the fastest the CPU and the OS support.
const ReadKernel& read_kernel();
// Every kernel this CPU can run, the portable one first (for tests).
std::vector<const ReadKernel*> runnable_read_kernels();

// Defined in read_kernels_portable.cpp and read_kernels_avx2.cpp.
extern const ReadKernel kPortableReadKernel;
#if defined(__x86_64__) || defined(_M_X64)
extern const ReadKernel kAvx2ReadKernel;
#endif

}  // namespace shmbench
