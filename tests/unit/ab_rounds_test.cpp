#include "cli/ab_rounds.hpp"

#include <gtest/gtest.h>

namespace shmbench {
namespace {

// Holm over twice the rows: one cell of the heap (7 rows) asks for p < 0.05 / 14.
TEST(AbRounds, TheSmallestFlaggedPFollowsTheCorrection) {
  CompareOptions holm;
  EXPECT_DOUBLE_EQ(smallest_p_flagged(7, holm), 0.05 / 14);
  EXPECT_DOUBLE_EQ(smallest_p_flagged(0, holm), 0.05 / 2) << "at least one row";
  CompareOptions bh;
  bh.correction = Correction::bh;
  EXPECT_DOUBLE_EQ(smallest_p_flagged(145, bh), 0.05);
}

// The paired test's smallest p is 2/2^n: 7 rows (p < 0.0036 asked) need 10 rounds
// (0.0020), 87 rows (p < 0.00029) need 13 (0.00024).
TEST(AbRounds, ADuetNeedsTheRoundsItsPairedTestCanFlagWith) {
  CompareOptions holm;
  EXPECT_EQ(paired_rounds_needed(7, holm), 10);
  EXPECT_EQ(paired_rounds_needed(87, holm), 13);
}

// One run of m beyond every run of the other build leaves the exact U-test p at 0.0104
// (m = 8), 0.0015 (10), 0.00020 (12), 0.000025 (14): what hid CI's planted slowdown at
// 8 rounds over 7 rows, absorbed at 10. The quick suite's 87 rows need the automatic
// minimum of 12, the default suite's 145 need 14.
TEST(AbRounds, InterleavedRoundsAbsorbOneRunOutOfPlace) {
  CompareOptions holm;
  EXPECT_EQ(interleaved_rounds_absorbing_one_run(7, holm), 10);
  EXPECT_EQ(interleaved_rounds_absorbing_one_run(87, holm), 12);
  EXPECT_EQ(interleaved_rounds_absorbing_one_run(145, holm), 14);
  CompareOptions none;
  none.correction = Correction::none;
  EXPECT_EQ(interleaved_rounds_absorbing_one_run(145, none), 8) << "p 0.010 with 8 rounds, 0.065 with 6";
}

}  // namespace
}  // namespace shmbench
