// The lifecycle workers' batch arithmetic (scenarios/lifecycle/timed.hpp): how many passes
// a warm copy or read runs, how they are chunked, and the median chunk per pass.
#include "scenarios/lifecycle/timed.hpp"

#include <gtest/gtest.h>

namespace shmbench::lifecycle {
namespace {

constexpr std::uint64_t KiB = 1024, MiB = 1024 * KiB;

TEST(PassesFor, FillsTheBatchButNeverFewerThanTheMinimum) {
  EXPECT_EQ(passes_for(4 * KiB, kCopyBatchBytes), kCopyBatchBytes / (4 * KiB));
  EXPECT_EQ(passes_for(16 * MiB, kReadBatchBytes), 16u);
  EXPECT_EQ(passes_for(256 * MiB, kCopyBatchBytes), kMinPasses);
  EXPECT_EQ(passes_for(256 * MiB, kReadBatchBytes), kMinPasses);
}

TEST(ChunkPassesFor, AboutOneMebibyteOfWholePassesAtLeastOne) {
  EXPECT_EQ(chunk_passes_for(4 * KiB), 256u);
  EXPECT_EQ(chunk_passes_for(64 * KiB), 16u);
  EXPECT_EQ(chunk_passes_for(MiB), 1u);
  EXPECT_EQ(chunk_passes_for(256 * MiB), 1u);
  EXPECT_EQ(chunk_passes_for(3 * KiB), MiB / (3 * KiB));  // rounds down to whole passes
}

TEST(MedianPerPass, IsTheMedianChunkDividedByItsPasses) {
  EXPECT_DOUBLE_EQ(median_per_pass({300, 100, 200}, 10), 20);
  EXPECT_DOUBLE_EQ(median_per_pass({40, 10, 30, 20}, 1), 25);  // mean of the middle two
  EXPECT_DOUBLE_EQ(median_per_pass({7}, 7), 1);
}

TEST(MedianPerPass, ABurstShorterThanHalfTheBatchDoesNotMoveIt) {
  // Two chunks of nine slowed tenfold: the batch mean would be 30, 3x the typical chunk.
  EXPECT_DOUBLE_EQ(median_per_pass({10, 10, 100, 10, 10, 100, 10, 10, 10}, 1), 10);
}

}  // namespace
}  // namespace shmbench::lifecycle
