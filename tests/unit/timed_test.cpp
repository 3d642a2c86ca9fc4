// The lifecycle workers' batch arithmetic (scenarios/lifecycle/timed.hpp): how many passes
// a warm copy or read runs, how they are chunked, and the median chunk per pass.
#include "scenarios/lifecycle/timed.hpp"

#include <gtest/gtest.h>

namespace shmbench::lifecycle {
namespace {

constexpr std::uint64_t KiB = 1024, MiB = 1024 * KiB;

TEST(PassesFor, TakesThePassesWithinTheFloorAndTheCapButNeverFewerThanTheMinimum) {
  // Small buffers: the floor in bytes (128 MiB of copies, 32 MiB of reads).
  EXPECT_EQ(passes_for(4 * KiB, kCopyBatch), 128 * MiB / (4 * KiB));
  EXPECT_EQ(passes_for(MiB, kCopyBatch), 128u);
  EXPECT_EQ(passes_for(MiB, kReadBatch), 32u);
  // Where the cache fills: the passes (64 copies, 16 reads of 16 MiB), as before the floor.
  EXPECT_EQ(passes_for(16 * MiB, kCopyBatch), 64u);
  EXPECT_EQ(passes_for(16 * MiB, kReadBatch), 16u);
  // Large buffers: the cap would leave fewer than the minimum.
  EXPECT_EQ(passes_for(256 * MiB, kCopyBatch), kMinPasses);
  EXPECT_EQ(passes_for(256 * MiB, kReadBatch), kMinPasses);
  // In between, the cap in bytes: 1 GiB of 32 MiB copies.
  EXPECT_EQ(passes_for(32 * MiB, kCopyBatch), 32u);
  // A size whose 64 passes would not fit in 64 bits still gets the minimum.
  EXPECT_EQ(passes_for(std::uint64_t{1} << 60, kCopyBatch), kMinPasses);
}

TEST(ChunkedBatch, WholeChunksThatCoverThePasses) {
  const ChunkedBatch batch = chunked_batch(4 * KiB, kCopyBatch);
  EXPECT_EQ(batch.passes_per_chunk, 256u);
  EXPECT_EQ(batch.chunks, 128u);
  EXPECT_GE(chunked_batch(3 * KiB, kReadBatch).passes(), passes_for(3 * KiB, kReadBatch));  // the last chunk rounds up
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
