#include "measure/pattern.hpp"

#include <cstring>

#include "measure/read_kernels.hpp"

namespace shmbench {

void fill_pattern(std::byte* data, std::size_t size, std::uint64_t seed) {
  const std::size_t words = size / 8;
  read_kernel().fill(data, words, seed);
  const std::uint64_t w = seed + words * kPatternStep;
  std::memcpy(data + words * 8, &w, size % 8);  // the tail: the low bytes of the next word
}

std::size_t find_pattern_mismatch(const std::byte* data, std::size_t size, std::uint64_t seed) {
  const ReadKernel& kernel = read_kernel();
  const std::size_t words = size / 8;
  const auto byte_differs = [&](std::size_t offset) {
    const std::uint64_t w = seed + (offset / 8) * kPatternStep;
    return static_cast<unsigned char>(data[offset]) != static_cast<unsigned char>(w >> (8 * (offset % 8)));
  };
  // The kernel finds a block that differs; the byte scan, slow but run only on a bad
  // block, says where.
  for (std::size_t from = 0; from < words;) {
    const std::size_t bad = kernel.first_bad_block(data, words, seed, from);
    if (bad >= words) break;
    const std::size_t end = bad + kVerifyBlockWords < words ? bad + kVerifyBlockWords : words;
    for (std::size_t offset = bad * 8; offset < end * 8; ++offset)
      if (byte_differs(offset)) return offset;
    from = end;  // unreachable unless the kernel is wrong; keep scanning rather than loop
  }
  for (std::size_t offset = words * 8; offset < size; ++offset)
    if (byte_differs(offset)) return offset;
  return size;
}

std::uint64_t read_unverified(const std::byte* data, std::size_t size) {
  const std::size_t words = size / 8;
  std::uint64_t folded = read_kernel().fold(data, words);
  for (std::size_t offset = words * 8; offset < size; ++offset) folded ^= static_cast<unsigned char>(data[offset]);
  return folded;
}

const char* read_kernel_name() { return read_kernel().name; }

unsigned read_kernel_offset() {
  return static_cast<unsigned>(reinterpret_cast<std::uintptr_t>(read_kernel().first_bad_block) % 64);
}

}  // namespace shmbench
