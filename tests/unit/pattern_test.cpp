// fill_pattern / find_pattern_mismatch / read_unverified (harness/measure/pattern.hpp)
// and every read kernel this CPU can run (harness/measure/read_kernels.hpp).
#include "measure/pattern.hpp"

#include "measure/read_kernels.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <cstdint>
#include <vector>

namespace shmbench {
namespace {

// find_pattern_mismatch checks 512 words (4096 bytes) per block.
constexpr std::size_t kBlockBytes = kVerifyBlockWords * 8;
static_assert(kBlockBytes == 4096, "the sizes below are chosen around 4 KiB blocks");

// Sizes at the edges: sub-word tails, whole words, and around one and two blocks.
const std::size_t kSizes[] = {1,
                              7,
                              8,
                              9,
                              15,
                              63,
                              64,
                              1000,
                              kBlockBytes - 1,
                              kBlockBytes,
                              kBlockBytes + 1,
                              kBlockBytes + 8,
                              kBlockBytes + 13,
                              2 * kBlockBytes,
                              3 * kBlockBytes + 5,
                              1 << 20};

TEST(Pattern, RoundTrip) {
  for (std::size_t size : kSizes) {
    std::vector<std::byte> buffer(size);
    fill_pattern(buffer.data(), size, 0x1234);
    EXPECT_EQ(find_pattern_mismatch(buffer.data(), size, 0x1234), size) << "size " << size;
  }
}

TEST(Pattern, RoundTripWithExtremeSeeds) {
  for (std::uint64_t seed : {std::uint64_t{0}, std::uint64_t{1}, UINT64_MAX}) {
    std::vector<std::byte> buffer(kBlockBytes + 13);
    fill_pattern(buffer.data(), buffer.size(), seed);
    EXPECT_EQ(find_pattern_mismatch(buffer.data(), buffer.size(), seed), buffer.size()) << "seed " << seed;
  }
}

TEST(Pattern, FillWritesOnlyTheGivenSize) {
  for (std::size_t size : {std::size_t{5}, std::size_t{8}, kBlockBytes + 3}) {
    std::vector<std::byte> buffer(size + 16, std::byte{0xAB});
    fill_pattern(buffer.data(), size, 99);
    for (std::size_t i = size; i < buffer.size(); ++i)
      ASSERT_EQ(buffer[i], std::byte{0xAB}) << "size " << size << " wrote byte " << i;
  }
}

TEST(Pattern, ZeroFilledBufferIsRejected) {
  std::vector<std::byte> buffer(kBlockBytes * 2);
  // The pattern is not all zero bytes, so a fresh (zeroed) mapping fails verification.
  EXPECT_LT(find_pattern_mismatch(buffer.data(), buffer.size(), 0x5eed), buffer.size());
}

TEST(Pattern, FlippedByteIsFoundAtItsOffset) {
  for (std::size_t size : kSizes) {
    std::vector<std::size_t> offsets = {0, size / 2, size - 1};
    if (size > 8) offsets.push_back(7);
    if (size > kBlockBytes) {
      // The last byte of the first block and the first byte of the second.
      offsets.push_back(kBlockBytes - 1);
      offsets.push_back(kBlockBytes);
    }
    for (std::size_t offset : offsets) {
      std::vector<std::byte> buffer(size);
      fill_pattern(buffer.data(), size, 77);
      buffer[offset] ^= std::byte{0x01};
      EXPECT_EQ(find_pattern_mismatch(buffer.data(), size, 77), offset) << "size " << size << " offset " << offset;
    }
  }
}

TEST(Pattern, FirstOfSeveralMismatchesIsReported) {
  std::vector<std::byte> buffer(3 * kBlockBytes + 5);
  fill_pattern(buffer.data(), buffer.size(), 5);
  buffer[3 * kBlockBytes + 2] ^= std::byte{0xFF};  // in the tail
  buffer[2 * kBlockBytes + 100] ^= std::byte{0x80};
  buffer[kBlockBytes + 17] ^= std::byte{0x10};
  EXPECT_EQ(find_pattern_mismatch(buffer.data(), buffer.size(), 5), kBlockBytes + 17);
}

TEST(Pattern, DifferentSeedMismatchesAtOffsetZero) {
  for (std::size_t size : kSizes) {
    std::vector<std::byte> buffer(size);
    fill_pattern(buffer.data(), size, 1);
    EXPECT_EQ(find_pattern_mismatch(buffer.data(), size, 2), 0u) << "size " << size;
  }
}

TEST(Pattern, DifferentSeedsGiveDifferentData) {
  std::vector<std::byte> first(4096), second(4096);
  fill_pattern(first.data(), first.size(), 10);
  fill_pattern(second.data(), second.size(), 11);
  EXPECT_NE(first, second);
}

TEST(Pattern, EveryWordDiffers) {
  // Misplaced data (a word copied to the wrong place) must not verify.
  std::vector<std::byte> buffer(2 * kBlockBytes);
  fill_pattern(buffer.data(), buffer.size(), 3);
  for (std::size_t i = 0; i + 8 < 64; i += 8)
    EXPECT_FALSE(std::equal(buffer.begin() + static_cast<std::ptrdiff_t>(i),
                            buffer.begin() + static_cast<std::ptrdiff_t>(i + 8),
                            buffer.begin() + static_cast<std::ptrdiff_t>(i + 8)))
        << "words at " << i << " and " << i + 8;
}

TEST(Pattern, ShiftedDataIsRejected) {
  std::vector<std::byte> good(kBlockBytes + 64);
  fill_pattern(good.data(), good.size(), 9);
  std::vector<std::byte> shifted(good.size());
  std::copy(good.begin() + 8, good.end(), shifted.begin());
  EXPECT_EQ(find_pattern_mismatch(shifted.data(), shifted.size(), 9), 0u);
}

TEST(Pattern, EmptyBufferHasNoMismatch) {
  std::byte dummy{};
  fill_pattern(&dummy, 0, 1);
  EXPECT_EQ(dummy, std::byte{});
  EXPECT_EQ(find_pattern_mismatch(&dummy, 0, 1), 0u);
}

// Each kernel on its own, not only the one this CPU picks: a difference in any word of
// a block, at a block's edges and in the words after the last full vector step, is
// found in that block and no earlier one.
TEST(ReadKernels, EveryKernelFindsTheBlockOfAnyDifferentWord) {
  for (const ReadKernel* kernel : runnable_read_kernels()) {
    for (std::size_t words : {std::size_t{1}, std::size_t{15}, std::size_t{17}, kVerifyBlockWords - 1,
                              kVerifyBlockWords, 2 * kVerifyBlockWords + 7}) {
      std::vector<std::byte> buffer(words * 8);
      fill_pattern(buffer.data(), buffer.size(), 41);
      ASSERT_EQ(kernel->first_bad_block(buffer.data(), words, 41, 0), words) << kernel->name << " words " << words;
      for (std::size_t word = 0; word < words; ++word) {
        buffer[word * 8 + word % 8] ^= std::byte{0x40};
        const std::size_t block = word / kVerifyBlockWords * kVerifyBlockWords;
        EXPECT_EQ(kernel->first_bad_block(buffer.data(), words, 41, 0), block)
            << kernel->name << " words " << words << " word " << word;
        // Scanning from the block after it finds nothing.
        EXPECT_EQ(kernel->first_bad_block(buffer.data(), words, 41, block + kVerifyBlockWords), words)
            << kernel->name << " words " << words << " word " << word;
        buffer[word * 8 + word % 8] ^= std::byte{0x40};
      }
    }
  }
}

TEST(ReadKernels, EveryKernelFoldsEveryWord) {
  for (const ReadKernel* kernel : runnable_read_kernels()) {
    for (std::size_t words : {std::size_t{0}, std::size_t{3}, std::size_t{16}, std::size_t{37}}) {
      std::vector<std::byte> buffer(words * 8 + 8);
      for (std::size_t word = 0; word < words; ++word) {
        // One distinct bit per word: the fold holds it only if that word was read.
        std::fill(buffer.begin(), buffer.end(), std::byte{0});
        buffer[word * 8 + word % 8] = std::byte{static_cast<unsigned char>(1u << (word % 8))};
        EXPECT_EQ(kernel->fold(buffer.data(), words), std::uint64_t{1} << (word % 8 * 8 + word % 8))
            << kernel->name << " words " << words << " word " << word;
      }
      std::fill(buffer.begin(), buffer.end(), std::byte{0xFF});
      EXPECT_EQ(kernel->fold(buffer.data(), words), words == 0 ? 0 : UINT64_MAX) << kernel->name;
    }
  }
}

// Every kernel's fill writes word i as seed + i * kPatternStep, and nothing past the words
// it was given.
TEST(ReadKernels, EveryKernelFillsThePattern) {
  for (const ReadKernel* kernel : runnable_read_kernels()) {
    for (std::size_t words : {std::size_t{0}, std::size_t{3}, std::size_t{16}, std::size_t{37}, std::size_t{1000}}) {
      std::vector<std::byte> buffer(words * 8 + 8, std::byte{0xAB});
      kernel->fill(buffer.data(), words, 77);
      for (std::size_t word = 0; word < words; ++word) {
        std::uint64_t w;
        std::memcpy(&w, buffer.data() + word * 8, 8);
        ASSERT_EQ(w, 77 + word * kPatternStep) << kernel->name << " words " << words << " word " << word;
      }
      for (std::size_t byte = words * 8; byte < buffer.size(); ++byte)
        ASSERT_EQ(buffer[byte], std::byte{0xAB}) << kernel->name << " wrote past word " << words;
    }
  }
}

TEST(ReadKernels, ThisCpuUsesTheLastRunnableKernel) {
  EXPECT_STREQ(read_kernel_name(), runnable_read_kernels().back()->name);
  EXPECT_STREQ(read_kernel().name, read_kernel_name());
}

TEST(Pattern, UnverifiedReadReadsTheTailBytes) {
  std::vector<std::byte> buffer(19, std::byte{0});
  EXPECT_EQ(read_unverified(buffer.data(), buffer.size()), 0u);
  buffer[18] = std::byte{0x5A};
  EXPECT_NE(read_unverified(buffer.data(), buffer.size()), 0u);
}

}  // namespace
}  // namespace shmbench
