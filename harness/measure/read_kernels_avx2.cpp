// The read kernels with AVX2, 32 bytes per instruction, for x86-64 CPUs that have it
// (read_kernels.cpp checks at run time). With the base SSE2 instruction set a verified
// read runs out of vector ALU slots first: per 16 bytes it loads, XORs with the expected
// words, ORs into an accumulator and advances the expected words, and it reached about
// 0.8x of an unverified read of the same buffer. At 32 bytes per instruction both loops
// wait on the memory they read, which is what a `read` figure should measure.
//
// Both loops keep four independent accumulators so no instruction waits on the one
// before it, and the functions carry their own target attribute: the rest of the
// program stays buildable for any x86-64.
#include "measure/read_kernels.hpp"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#include <cstring>

#if defined(__GNUC__)
#define SHMBENCH_TARGET_AVX2 __attribute__((target("avx2")))
#else
#define SHMBENCH_TARGET_AVX2  // MSVC compiles AVX2 intrinsics anywhere
#endif

namespace shmbench {

namespace {
constexpr std::size_t kWordsPerStep = 16;  // four 32-byte vectors

SHMBENCH_TARGET_AVX2 inline __m256i load(const std::byte* data, std::size_t word) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + word * 8));
}

SHMBENCH_TARGET_AVX2 inline __m256i expected_words(std::uint64_t seed, std::size_t first_word) {
  const std::uint64_t w = seed + first_word * kPatternStep;
  return _mm256_set_epi64x(static_cast<long long>(w + 3 * kPatternStep), static_cast<long long>(w + 2 * kPatternStep),
                           static_cast<long long>(w + kPatternStep), static_cast<long long>(w));
}

SHMBENCH_HOT_LOOP_ALIGN SHMBENCH_TARGET_AVX2 std::size_t avx2_first_bad_block(const std::byte* data, std::size_t words, std::uint64_t seed,
                                                      std::size_t from) {
  const __m256i step = _mm256_set1_epi64x(static_cast<long long>(kWordsPerStep * kPatternStep));
  for (std::size_t start = from; start < words; start += kVerifyBlockWords) {
    const std::size_t end = start + kVerifyBlockWords < words ? start + kVerifyBlockWords : words;
    __m256i e0 = expected_words(seed, start), e1 = expected_words(seed, start + 4);
    __m256i e2 = expected_words(seed, start + 8), e3 = expected_words(seed, start + 12);
    __m256i d0 = _mm256_setzero_si256(), d1 = d0, d2 = d0, d3 = d0;
    std::size_t i = start;
    for (; i + kWordsPerStep <= end; i += kWordsPerStep) {
      d0 = _mm256_or_si256(d0, _mm256_xor_si256(load(data, i), e0));
      d1 = _mm256_or_si256(d1, _mm256_xor_si256(load(data, i + 4), e1));
      d2 = _mm256_or_si256(d2, _mm256_xor_si256(load(data, i + 8), e2));
      d3 = _mm256_or_si256(d3, _mm256_xor_si256(load(data, i + 12), e3));
      e0 = _mm256_add_epi64(e0, step);
      e1 = _mm256_add_epi64(e1, step);
      e2 = _mm256_add_epi64(e2, step);
      e3 = _mm256_add_epi64(e3, step);
    }
    const __m256i diff = _mm256_or_si256(_mm256_or_si256(d0, d1), _mm256_or_si256(d2, d3));
    std::uint64_t tail_diff = 0;
    for (std::uint64_t expected = seed + i * kPatternStep; i < end; ++i, expected += kPatternStep) {
      std::uint64_t w;
      std::memcpy(&w, data + i * 8, 8);
      tail_diff |= w ^ expected;
    }
    if (!_mm256_testz_si256(diff, diff) || tail_diff != 0) return start;
  }
  return words;
}

SHMBENCH_HOT_LOOP_ALIGN SHMBENCH_TARGET_AVX2 std::uint64_t avx2_fold(const std::byte* data, std::size_t words) {
  __m256i f0 = _mm256_setzero_si256(), f1 = f0, f2 = f0, f3 = f0;
  std::size_t i = 0;
  for (; i + kWordsPerStep <= words; i += kWordsPerStep) {
    f0 = _mm256_or_si256(f0, load(data, i));
    f1 = _mm256_or_si256(f1, load(data, i + 4));
    f2 = _mm256_or_si256(f2, load(data, i + 8));
    f3 = _mm256_or_si256(f3, load(data, i + 12));
  }
  const __m256i f = _mm256_or_si256(_mm256_or_si256(f0, f1), _mm256_or_si256(f2, f3));
  std::uint64_t folded = static_cast<std::uint64_t>(_mm256_extract_epi64(f, 0) | _mm256_extract_epi64(f, 1) |
                                                    _mm256_extract_epi64(f, 2) | _mm256_extract_epi64(f, 3));
  for (; i < words; ++i) {
    std::uint64_t w;
    std::memcpy(&w, data + i * 8, 8);
    folded |= w;
  }
  return folded;
}

SHMBENCH_HOT_LOOP_ALIGN SHMBENCH_TARGET_AVX2 void avx2_fill(std::byte* data, std::size_t words, std::uint64_t seed) {
  const __m256i step = _mm256_set1_epi64x(static_cast<long long>(kWordsPerStep * kPatternStep));
  __m256i e0 = expected_words(seed, 0), e1 = expected_words(seed, 4);
  __m256i e2 = expected_words(seed, 8), e3 = expected_words(seed, 12);
  std::size_t i = 0;
  for (; i + kWordsPerStep <= words; i += kWordsPerStep) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(data + i * 8), e0);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(data + (i + 4) * 8), e1);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(data + (i + 8) * 8), e2);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(data + (i + 12) * 8), e3);
    e0 = _mm256_add_epi64(e0, step);
    e1 = _mm256_add_epi64(e1, step);
    e2 = _mm256_add_epi64(e2, step);
    e3 = _mm256_add_epi64(e3, step);
  }
  for (std::uint64_t w = seed + i * kPatternStep; i < words; ++i, w += kPatternStep) std::memcpy(data + i * 8, &w, 8);
}
}  // namespace

const ReadKernel kAvx2ReadKernel = {"avx2", avx2_first_bad_block, avx2_fold, avx2_fill};

}  // namespace shmbench
#endif
