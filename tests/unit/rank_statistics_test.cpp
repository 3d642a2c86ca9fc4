// The Mann-Whitney U test and the Hodges-Lehmann shift (harness/report/rank_statistics.hpp)
// against values computed with scipy 1.10 (Debian's /usr/bin/python3) and by hand. The
// scipy call behind each expected value stands beside it.
#include "report/rank_statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace shmbench {
namespace {

// Relative agreement with scipy: both sum the same distribution in doubles.
void expect_close(double actual, double expected) { EXPECT_NEAR(actual, expected, std::fabs(expected) * 1e-9); }

std::vector<double> range(double first, int count) {
  std::vector<double> values;
  for (int i = 0; i < count; ++i) values.push_back(first + i);
  return values;
}

TEST(MannWhitneyU, CompleteSeparationNineAgainstNine) {
  const UTest test = mann_whitney_u(range(1, 9), range(11, 9));
  EXPECT_EQ(test.method, RankMethod::exact);
  EXPECT_EQ(test.u, 0);
  // mannwhitneyu(range(1,10), range(11,20), alternative='two-sided', method='exact')
  //   → 4.113533525298231e-05, i.e. 2 / C(18, 9) = 2 / 48620
  expect_close(test.p_value, 4.113533525298231e-05);
  expect_close(test.p_value, 2.0 / 48620);
}

TEST(MannWhitneyU, InterleavedFiveAgainstFive) {
  const UTest test = mann_whitney_u({1, 3, 5, 7, 9}, {2, 4, 6, 8, 10});
  EXPECT_EQ(test.method, RankMethod::exact);
  EXPECT_EQ(test.u, 10);
  // mannwhitneyu([1,3,5,7,9], [2,4,6,8,10], alternative='two-sided', method='exact')
  //   → U 10.0, p 0.6904761904761905
  expect_close(test.p_value, 0.6904761904761905);
}

TEST(MannWhitneyU, UnequalSizesExact) {
  const std::vector<double> x = {1.1, 2.3, 3.7, 4.2, 5.9, 6.4, 7.8};
  const std::vector<double> y = {3.9, 5.1, 6.8, 8.3, 9.7, 10.2, 11.5, 12.1, 13.6, 14.4};
  const UTest test = mann_whitney_u(x, y);
  EXPECT_EQ(test.method, RankMethod::exact);
  EXPECT_EQ(test.u, 8);
  // mannwhitneyu(x, y, alternative='two-sided', method='exact') → U 8.0, p 0.006787330316742082
  expect_close(test.p_value, 0.006787330316742082);
}

TEST(MannWhitneyU, LargestExactSizes) {
  const UTest test = mann_whitney_u(range(0, 50), range(20.5, 50));
  EXPECT_EQ(test.method, RankMethod::exact);
  EXPECT_EQ(test.u, 435);
  // mannwhitneyu([float(i) for i in range(50)], [i+20.5 for i in range(50)],
  //              alternative='two-sided', method='exact') → U 435.0, p 3.355337501288909e-09
  // (method='asymptotic' would give 1.9654372965895742e-08)
  EXPECT_NEAR(test.p_value, 3.355337501288909e-09, 3.355337501288909e-09 * 1e-6);
}

TEST(MannWhitneyU, TiesUseTheNormalApproximation) {
  const std::vector<double> x = {1, 2, 2, 3, 3, 3, 4, 5, 6};
  const std::vector<double> y = {3, 4, 4, 5, 5, 6, 7, 8, 9};
  const UTest test = mann_whitney_u(x, y);
  EXPECT_EQ(test.method, RankMethod::asymptotic);
  EXPECT_EQ(test.u, 13);
  // mannwhitneyu(x, y, alternative='two-sided', method='asymptotic') → U 13.0, p 0.015989720155652393
  expect_close(test.p_value, 0.015989720155652393);
}

TEST(MannWhitneyU, LargeSamplesUseTheNormalApproximation) {
  const UTest test = mann_whitney_u(range(0, 60), range(10.5, 55));
  EXPECT_EQ(test.method, RankMethod::asymptotic);
  EXPECT_EQ(test.u, 1225);
  // mannwhitneyu([float(i) for i in range(60)], [i+10.5 for i in range(55)],
  //              alternative='two-sided', method='asymptotic') → U 1225.0, p 0.017466219103968242
  expect_close(test.p_value, 0.017466219103968242);
}

TEST(MannWhitneyU, ThreeAgainstThreeCannotReachFivePercent) {
  // mannwhitneyu([1,2,3], [4,5,6], alternative='two-sided', method='exact') → p 0.1
  expect_close(mann_whitney_u({1, 2, 3}, {4, 5, 6}).p_value, 0.1);
  expect_close(smallest_exact_p(3, 3), 0.1);
  expect_close(smallest_exact_p(4, 4), 2.0 / 70);
  expect_close(smallest_exact_p(9, 9), 2.0 / 48620);
  EXPECT_EQ(smallest_exact_p(0, 9), 1);
}

TEST(MannWhitneyU, SymmetricInItsSamples) {
  const std::vector<double> x = {1.1, 2.3, 3.7, 4.2, 5.9, 6.4, 7.8};
  const std::vector<double> y = {3.9, 5.1, 6.8, 8.3, 9.7, 10.2, 11.5, 12.1, 13.6, 14.4};
  const UTest forward = mann_whitney_u(x, y), backward = mann_whitney_u(y, x);
  expect_close(forward.p_value, backward.p_value);
  EXPECT_EQ(forward.u + backward.u, 70);  // U1 + U2 = mn
}

TEST(MannWhitneyU, NothingToTellApartGivesPOne) {
  EXPECT_EQ(mann_whitney_u({5, 5, 5, 5}, {5, 5, 5}).p_value, 1);
  EXPECT_EQ(mann_whitney_u({}, {1, 2, 3}).p_value, 1);
}

TEST(RankMethod, ExactOnlyWithoutTiesAndUpToFiftyPerSide) {
  EXPECT_EQ(rank_method(range(0, 50), range(0.5, 50)), RankMethod::exact);
  EXPECT_EQ(rank_method(range(0, 51), range(0.5, 50)), RankMethod::asymptotic);
  EXPECT_EQ(rank_method({1, 2, 3}, {3, 4, 5}), RankMethod::asymptotic);  // a tie across the samples
  EXPECT_EQ(rank_method({1, 1, 3}, {4, 5, 6}), RankMethod::asymptotic);  // a tie within one
}

TEST(HodgesLehmann, HandCheckedShiftAndInterval) {
  // Differences 10 + (j - i), i, j = 1..5: 6 (once), 7 (twice), 8 (three times), ... 14 (once).
  // Their median, the 13th of 25, is 10. For 5 against 5, P(U ≤ 2) = 4/252 ≤ 0.025 < P(U ≤ 3)
  // = 7/252, so k = 3 and the interval is [d_(3), d_(23)] = [7, 13], covering 1 - 8/252.
  const ShiftEstimate shift = hodges_lehmann(range(1, 5), range(11, 5), 0.95);
  EXPECT_EQ(shift.method, RankMethod::exact);
  EXPECT_DOUBLE_EQ(shift.estimate, 10);
  ASSERT_TRUE(shift.lower && shift.upper);
  EXPECT_DOUBLE_EQ(*shift.lower, 7);
  EXPECT_DOUBLE_EQ(*shift.upper, 13);
  expect_close(shift.coverage, 244.0 / 252);
}

TEST(HodgesLehmann, EvenCountAveragesTheMiddleTwo) {
  // Differences 10, 12, 9, 11: the middle two of 9, 10, 11, 12 are 10 and 11.
  EXPECT_DOUBLE_EQ(hodges_lehmann({0, 1}, {10, 12}, 0.95).estimate, 10.5);
}

TEST(HodgesLehmann, TooFewValuesLeaveTheIntervalUnbounded) {
  // 3 against 3: P(U = 0) = 1/20 > 0.025, so no order statistic bounds a 95 % interval.
  const ShiftEstimate shift = hodges_lehmann({1, 2, 3}, {4, 5, 6}, 0.95);
  EXPECT_FALSE(shift.lower);
  EXPECT_FALSE(shift.upper);
  EXPECT_EQ(shift.coverage, 1);
  EXPECT_DOUBLE_EQ(shift.estimate, 3);
}

TEST(HodgesLehmann, TailExactlyAtHalfAlphaCounts) {
  // 1 against 39: P(U = 0) = 1/40 = 0.025 exactly, so k = 1: [min, max] of the differences.
  const ShiftEstimate shift = hodges_lehmann({0}, range(1, 39), 0.95);
  ASSERT_TRUE(shift.lower && shift.upper);
  EXPECT_DOUBLE_EQ(*shift.lower, 1);
  EXPECT_DOUBLE_EQ(*shift.upper, 39);
  expect_close(shift.coverage, 0.95);
}

TEST(HodgesLehmann, AsymptoticIntervalFromTheNormalCriticalValue) {
  // 60 against 60 (above the exact limit): sd(U) = sqrt(3600 · 121 / 12) = 190.5256,
  // k = floor(1800 + 0.5 - 1.959964 · 190.5256) = 1427; the differences 100.5 + (j - i)
  // sorted give d_(1427) = 93.5 and d_(2174) = 107.5 (numpy: np.sort(...)[1426], [2173]).
  const ShiftEstimate shift = hodges_lehmann(range(0, 60), range(100.5, 60), 0.95);
  EXPECT_EQ(shift.method, RankMethod::asymptotic);
  EXPECT_DOUBLE_EQ(shift.estimate, 100.5);
  ASSERT_TRUE(shift.lower && shift.upper);
  EXPECT_DOUBLE_EQ(*shift.lower, 93.5);
  EXPECT_DOUBLE_EQ(*shift.upper, 107.5);
}

TEST(HodgesLehmann, TiesUseTheTieCorrectedInterval) {
  // Tie term 120 (tied groups of 2, 4, 3, 3 and 2 values: 6 + 60 + 24 + 24 + 6), sd(U) = 11.2073,
  // k = floor(40.5 + 0.5 - 1.959964 · 11.2073) = 19: d_(19) = 1, d_(63) = 4, median 2.
  const ShiftEstimate shift =
      hodges_lehmann({1, 2, 2, 3, 3, 3, 4, 5, 6}, {3, 4, 4, 5, 5, 6, 7, 8, 9}, 0.95);
  EXPECT_EQ(shift.method, RankMethod::asymptotic);
  EXPECT_DOUBLE_EQ(shift.estimate, 2);
  ASSERT_TRUE(shift.lower && shift.upper);
  EXPECT_DOUBLE_EQ(*shift.lower, 1);
  EXPECT_DOUBLE_EQ(*shift.upper, 4);
}

TEST(HodgesLehmannRatio, PowersOfTwo) {
  // log2 of the samples are 0..4 and 1..5: differences 1 + (j - i), the hand-checked case
  // above shifted by -9, so the shift is 1 within [d_(3), d_(23)] = [-2, 4]: the ratio is 2
  // within [2^-2, 2^4].
  const ShiftEstimate ratio = hodges_lehmann_ratio({1, 2, 4, 8, 16}, {2, 4, 8, 16, 32}, 0.95);
  EXPECT_NEAR(ratio.estimate, 2, 1e-12);
  ASSERT_TRUE(ratio.lower && ratio.upper);
  EXPECT_NEAR(*ratio.lower, 0.25, 1e-12);
  EXPECT_NEAR(*ratio.upper, 16, 1e-12);
}

TEST(HodgesLehmannRatio, TimesAndRatesGiveReciprocalRatios) {
  const std::vector<double> before = {100, 102, 98, 101, 99, 103, 97};
  const std::vector<double> after = {110, 112, 108, 111, 109, 113, 107, 115};
  const auto rates = [](const std::vector<double>& ns) {
    std::vector<double> r;
    for (double t : ns) r.push_back(4096 * 1e9 / t);
    return r;
  };
  const ShiftEstimate time = hodges_lehmann_ratio(before, after, 0.95);
  const ShiftEstimate rate = hodges_lehmann_ratio(rates(before), rates(after), 0.95);
  EXPECT_NEAR(rate.estimate, 1 / time.estimate, 1e-12);
  ASSERT_TRUE(time.lower && time.upper && rate.lower && rate.upper);
  EXPECT_NEAR(*rate.lower, 1 / *time.upper, 1e-12);
  EXPECT_NEAR(*rate.upper, 1 / *time.lower, 1e-12);
}

// Paired ratios: ratio i is y_i / x_i; the sign-test interval is [r_(k), r_(n+1-k)] of the
// sorted ratios with k and its coverage from Binomial(n, 1/2). Expected k and coverage from
// scipy 1.10: max k with 2 * binom.cdf(k - 1, n, 0.5) <= 0.05, coverage
// 1 - 2 * binom.cdf(k - 1, n, 0.5): n = 9 -> k = 2, 0.9609375; n = 6 -> k = 1, 0.96875;
// n = 5 -> no k (unbounded).
TEST(PairedRatio, NineRoundsGiveTheSecondAndEighthRatio) {
  const std::vector<double> x = {10, 10, 10, 10, 10, 10, 10, 10, 10};
  // Ratios 1.1, 0.9, 1.3, 1.0, 1.2, 0.8, 1.4, 1.05, 1.15: sorted 0.8 0.9 1.0 1.05 1.1 1.15 1.2 1.3 1.4.
  const std::vector<double> y = {11, 9, 13, 10, 12, 8, 14, 10.5, 11.5};
  const ShiftEstimate r = paired_ratio(x, y, 0.95);
  EXPECT_DOUBLE_EQ(r.estimate, 1.1);
  ASSERT_TRUE(r.lower && r.upper);
  EXPECT_DOUBLE_EQ(*r.lower, 0.9);
  EXPECT_DOUBLE_EQ(*r.upper, 1.3);
  EXPECT_NEAR(r.coverage, 0.9609375, 1e-12);
}

TEST(PairedRatio, SixRoundsGiveTheExtremes) {
  const ShiftEstimate r = paired_ratio({1, 2, 4, 1, 1, 1}, {2, 2, 2, 1.5, 3, 1}, 0.95);
  // Ratios 2, 1, 0.5, 1.5, 3, 1: sorted 0.5 1 1 1.5 2 3; an even count: the geometric
  // mean of the middle two, sqrt(1 * 1.5).
  EXPECT_DOUBLE_EQ(r.estimate, std::sqrt(1.5));
  ASSERT_TRUE(r.lower && r.upper);
  EXPECT_DOUBLE_EQ(*r.lower, 0.5);
  EXPECT_DOUBLE_EQ(*r.upper, 3);
  EXPECT_NEAR(r.coverage, 0.96875, 1e-12);
}

TEST(PairedRatio, FiveRoundsCannotBound95Percent) {
  const ShiftEstimate r = paired_ratio({1, 1, 1, 1, 1}, {1, 2, 3, 4, 5}, 0.95);
  EXPECT_DOUBLE_EQ(r.estimate, 3);
  EXPECT_FALSE(r.lower.has_value());
  EXPECT_FALSE(r.upper.has_value());
}

// What pairing is for: a drift that both members of a round share cancels.
TEST(PairedRatio, DriftSharedByARoundCancels) {
  std::vector<double> x, y;
  for (int round = 0; round < 9; ++round) {
    const double drift = 1 + 0.1 * (round % 3);  // the machine's mood: 1.0, 1.1, 1.2
    x.push_back(100 * drift);
    y.push_back(125 * drift);
  }
  const ShiftEstimate r = paired_ratio(x, y, 0.95);
  EXPECT_DOUBLE_EQ(r.estimate, 1.25);
  EXPECT_DOUBLE_EQ(*r.lower, 1.25);
  EXPECT_DOUBLE_EQ(*r.upper, 1.25);
}

TEST(PairedRatio, RefusesUnpairedOrNonPositiveSamples) {
  EXPECT_THROW(paired_ratio({1, 2}, {1}, 0.95), std::invalid_argument);
  EXPECT_THROW(paired_ratio({}, {}, 0.95), std::invalid_argument);
  EXPECT_THROW(paired_ratio({1, 0}, {1, 1}, 0.95), std::invalid_argument);
}

TEST(HodgesLehmannRatio, RefusesValuesWithoutALogarithm) {
  EXPECT_THROW(hodges_lehmann_ratio({1, 0, 2}, {1, 2, 3}, 0.95), std::invalid_argument);
  EXPECT_THROW(hodges_lehmann_ratio({1, 2, 3}, {1, -2, 3}, 0.95), std::invalid_argument);
}

TEST(NormalDistribution, TailAndItsInverse) {
  // scipy.stats.norm.isf(0.025) → 1.959963984540054; norm.sf(1.0) → 0.15865525393145707
  EXPECT_NEAR(normal_isf(0.025), 1.959963984540054, 1e-12);
  expect_close(normal_sf(1.0), 0.15865525393145707);
  EXPECT_THROW(normal_isf(0), std::invalid_argument);
}

TEST(WilcoxonSignedRank, ExactAndAsymptoticMatchScipy) {
  // scipy.stats.wilcoxon(d, zero_method='wilcox', correction=False, method='exact'): p 0.0390625
  const UTest exact = wilcoxon_signed_rank({0.3, -0.1, 0.5, 0.7, 0.2, -0.4, 0.9, 1.1, 0.6});
  EXPECT_EQ(exact.method, RankMethod::exact);
  EXPECT_DOUBLE_EQ(exact.u, 40);  // W+; scipy reports min(W+, W-) = 5
  EXPECT_NEAR(exact.p_value, 0.0390625, 1e-12);
  // With a tie: correction=True, method='approx': p 0.03641414726674857
  const UTest tied = wilcoxon_signed_rank({0.3, -0.3, 0.5, 0.7, 0.2, -0.4, 0.9, 1.1, 0.6, 0.5});
  EXPECT_EQ(tied.method, RankMethod::asymptotic);
  EXPECT_NEAR(tied.p_value, 0.03641414726674857, 1e-12);
  // Zeros are dropped; nothing left gives p = 1.
  EXPECT_EQ(wilcoxon_signed_rank({0, 0, 0}).p_value, 1);
}

}  // namespace
}  // namespace shmbench
