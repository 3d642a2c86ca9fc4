// The read kernels in plain C++, for any CPU: the compiler vectorises both loops with the
// base instruction set (SSE2 on x86-64).
#include <cstring>

#include "measure/read_kernels.hpp"

namespace shmbench {

namespace {
inline std::uint64_t load_word(const std::byte* data, std::size_t index) {
  std::uint64_t w;
  std::memcpy(&w, data + index * 8, 8);
  return w;
}

SHMBENCH_HOT_LOOP_ALIGN std::size_t portable_first_bad_block(const std::byte* data, std::size_t words, std::uint64_t seed,
                                     std::size_t from) {
  for (std::size_t start = from; start < words; start += kVerifyBlockWords) {
    const std::size_t end = start + kVerifyBlockWords < words ? start + kVerifyBlockWords : words;
    std::uint64_t expected = seed + start * kPatternStep;
    std::uint64_t diff = 0;
    for (std::size_t i = start; i < end; ++i) {
      diff |= load_word(data, i) ^ expected;
      expected += kPatternStep;
    }
    if (diff != 0) return start;
  }
  return words;
}

SHMBENCH_HOT_LOOP_ALIGN std::uint64_t portable_fold(const std::byte* data, std::size_t words) {
  std::uint64_t folded = 0;
  for (std::size_t i = 0; i < words; ++i) folded |= load_word(data, i);
  return folded;
}

SHMBENCH_HOT_LOOP_ALIGN void portable_fill(std::byte* data, std::size_t words, std::uint64_t seed) {
  std::uint64_t w = seed;
  for (std::size_t i = 0; i < words; ++i, w += kPatternStep) std::memcpy(data + i * 8, &w, 8);
}
}  // namespace

const ReadKernel kPortableReadKernel = {"portable", portable_first_bad_block, portable_fold, portable_fill};

}  // namespace shmbench
