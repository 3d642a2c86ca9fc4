#include "measure/pattern.hpp"

#include <cstring>

namespace shmbench {

namespace {
// Word i holds seed + i * golden: cheap enough that verification runs near memory
// speed, and different in every word so misplaced or stale data is caught.
constexpr std::uint64_t kStep = 0x9E3779B97F4A7C15ull;

inline std::uint64_t word_at(std::uint64_t seed, std::size_t index) { return seed + index * kStep; }
}  // namespace

// The verify loop is the read benchmark, and a tight loop's speed depends on where it
// sits in the code: the same object code ran 5-10 % slower in shmbench than in
// shmbench-micro while it started 32 bytes off a 64-byte boundary in one of them.
// Aligning the functions puts their loops at the same alignment in every program.
#if defined(__GNUC__)
#define SHMBENCH_HOT_LOOP_ALIGN __attribute__((aligned(64)))
#else
#define SHMBENCH_HOT_LOOP_ALIGN
#endif

SHMBENCH_HOT_LOOP_ALIGN void fill_pattern(std::byte* data, std::size_t size, std::uint64_t seed) {
  const std::size_t words = size / 8;
  for (std::size_t i = 0; i < words; ++i) {
    const std::uint64_t w = word_at(seed, i);
    std::memcpy(data + i * 8, &w, 8);
  }
  const std::uint64_t tail = word_at(seed, words);
  std::memcpy(data + words * 8, &tail, size % 8);
}

SHMBENCH_HOT_LOOP_ALIGN std::size_t find_pattern_mismatch(const std::byte* data, std::size_t size, std::uint64_t seed) {
  const std::size_t words = size / 8;
  // Blocks keep the fast path branch-free; the slow scan runs only on a bad block.
  constexpr std::size_t kBlock = 512;
  for (std::size_t start = 0; start < words; start += kBlock) {
    const std::size_t end = start + kBlock < words ? start + kBlock : words;
    std::uint64_t diff = 0;
    for (std::size_t i = start; i < end; ++i) {
      std::uint64_t w;
      std::memcpy(&w, data + i * 8, 8);
      diff |= w ^ word_at(seed, i);
    }
    if (diff != 0) {
      for (std::size_t i = start * 8; i < end * 8; ++i) {
        const std::uint64_t w = word_at(seed, i / 8);
        if (static_cast<unsigned char>(data[i]) != static_cast<unsigned char>(w >> (8 * (i % 8))))
          return i;
      }
    }
  }
  const std::uint64_t tail = word_at(seed, words);
  for (std::size_t i = words * 8; i < size; ++i)
    if (static_cast<unsigned char>(data[i]) != static_cast<unsigned char>(tail >> (8 * (i % 8))))
      return i;
  return size;
}

}  // namespace shmbench
