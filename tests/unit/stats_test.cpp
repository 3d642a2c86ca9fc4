// summarize / percentile / carries_percentile (harness/measure/stats.hpp).
#include "measure/stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace shmbench {
namespace {

constexpr double kTolerance = 1e-9;

TEST(Percentile, InterpolatesLinearlyBetweenOrderStatistics) {
  const std::vector<double> sorted = {10, 20, 30, 40};
  EXPECT_DOUBLE_EQ(percentile(sorted, 0.0), 10);
  EXPECT_DOUBLE_EQ(percentile(sorted, 1.0), 40);
  // Position q * (n - 1): 0.5 * 3 = 1.5, halfway between 20 and 30.
  EXPECT_NEAR(percentile(sorted, 0.5), 25, kTolerance);
  // 0.9 * 3 = 2.7: 30 + 0.7 * 10.
  EXPECT_NEAR(percentile(sorted, 0.9), 37, kTolerance);
  // Exactly on an order statistic: 1/3 * 3 = 1.
  EXPECT_NEAR(percentile(sorted, 1.0 / 3.0), 20, kTolerance);
}

TEST(Percentile, SingleValueIsEveryPercentile) {
  const std::vector<double> one = {7.5};
  EXPECT_DOUBLE_EQ(percentile(one, 0.0), 7.5);
  EXPECT_DOUBLE_EQ(percentile(one, 0.5), 7.5);
  EXPECT_DOUBLE_EQ(percentile(one, 0.99), 7.5);
  EXPECT_DOUBLE_EQ(percentile(one, 1.0), 7.5);
}

TEST(Summarize, OneToNine) {
  const Summary s = summarize({1, 2, 3, 4, 5, 6, 7, 8, 9});
  EXPECT_EQ(s.count, 9u);
  EXPECT_DOUBLE_EQ(s.mean, 5);
  EXPECT_DOUBLE_EQ(s.median, 5);
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.max, 9);
  // Nine values cannot carry a p90 (it would be the maximum, interpolated) nor a p99.
  EXPECT_FALSE(s.p90.has_value());
  EXPECT_FALSE(s.p99.has_value());
  // |x - 5| = 4,3,2,1,0,1,2,3,4: MAD 2; the modified z of 9 is 0.6745 * 4 / 2 = 1.35, no outlier.
  EXPECT_DOUBLE_EQ(s.mad, 2);
  EXPECT_EQ(s.outliers, 0u);
  // Sample standard deviation (n - 1): squares sum to 60, 60 / 8 = 7.5.
  EXPECT_NEAR(s.stddev, std::sqrt(7.5), kTolerance);
  EXPECT_NEAR(s.cv, std::sqrt(7.5) / 5, kTolerance);
}

TEST(Summarize, OrderOfInputDoesNotMatter) {
  const Summary sorted = summarize({1, 2, 3, 4, 5, 6, 7, 8, 9});
  const Summary shuffled = summarize({9, 3, 7, 1, 5, 8, 2, 6, 4});
  EXPECT_DOUBLE_EQ(shuffled.median, sorted.median);
  EXPECT_DOUBLE_EQ(shuffled.min, sorted.min);
  EXPECT_DOUBLE_EQ(shuffled.max, sorted.max);
  EXPECT_NEAR(shuffled.mad, sorted.mad, kTolerance);
  EXPECT_NEAR(shuffled.stddev, sorted.stddev, kTolerance);
}

TEST(Summarize, EvenCountMedianIsMeanOfMiddlePair) {
  const Summary s = summarize({4, 1, 3, 2});
  EXPECT_NEAR(s.median, 2.5, kTolerance);
  EXPECT_NEAR(s.mean, 2.5, kTolerance);
  // Squares: 2.25 + 0.25 + 0.25 + 2.25 = 5, 5 / 3.
  EXPECT_NEAR(s.stddev, std::sqrt(5.0 / 3.0), kTolerance);
}

TEST(Summarize, SingleValue) {
  const Summary s = summarize({42});
  EXPECT_EQ(s.count, 1u);
  EXPECT_DOUBLE_EQ(s.mean, 42);
  EXPECT_DOUBLE_EQ(s.median, 42);
  EXPECT_DOUBLE_EQ(s.min, 42);
  EXPECT_DOUBLE_EQ(s.max, 42);
  EXPECT_FALSE(s.p90.has_value());
  EXPECT_EQ(s.outliers, 0u);
  // No spread can be estimated from one value: 0, never NaN.
  EXPECT_EQ(s.stddev, 0);
  EXPECT_EQ(s.cv, 0);
}

TEST(Summarize, ConstantSampleHasNoSpread) {
  const Summary s = summarize({3, 3, 3, 3, 3});
  EXPECT_DOUBLE_EQ(s.mean, 3);
  EXPECT_DOUBLE_EQ(s.stddev, 0);
  EXPECT_DOUBLE_EQ(s.cv, 0);
  EXPECT_DOUBLE_EQ(s.mad, 0);
  EXPECT_EQ(s.outliers, 0u);
}

TEST(Summarize, ZeroMeanGivesZeroCv) {
  const Summary s = summarize({-1, 1});
  EXPECT_DOUBLE_EQ(s.mean, 0);
  EXPECT_NEAR(s.stddev, std::sqrt(2.0), kTolerance);
  EXPECT_EQ(s.cv, 0);
  EXPECT_FALSE(std::isnan(s.cv));
}

TEST(Summarize, EmptySampleGivesAllZeros) {
  const Summary s = summarize({});
  EXPECT_EQ(s.count, 0u);
  EXPECT_EQ(s.mean, 0);
  EXPECT_EQ(s.median, 0);
  EXPECT_EQ(s.stddev, 0);
  EXPECT_EQ(s.cv, 0);
  EXPECT_EQ(s.min, 0);
  EXPECT_EQ(s.max, 0);
  EXPECT_FALSE(s.p90.has_value());
  EXPECT_EQ(s.outliers, 0u);
}

TEST(CarriesPercentile, NeedsAValueBeyondThePercentile) {
  EXPECT_FALSE(carries_percentile(9, 0.90));
  EXPECT_TRUE(carries_percentile(10, 0.90));
  EXPECT_FALSE(carries_percentile(99, 0.99));
  EXPECT_TRUE(carries_percentile(100, 0.99));
  EXPECT_TRUE(carries_percentile(1, 0.0));
}

TEST(Summarize, TenValuesCarryP90) {
  const Summary s = summarize({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  ASSERT_TRUE(s.p90.has_value());
  // Type 7: position 0.9 * 9 = 8.1, between 9 and 10.
  EXPECT_NEAR(*s.p90, 9.1, kTolerance);
  EXPECT_FALSE(s.p99.has_value());
}

TEST(Summarize, HundredValuesCarryP99) {
  std::vector<double> values;
  for (int i = 1; i <= 100; ++i) values.push_back(i);
  const Summary s = summarize(values);
  ASSERT_TRUE(s.p99.has_value());
  EXPECT_NEAR(*s.p99, 99.01, kTolerance);
}

TEST(Summarize, CountsOutliersByMedianAbsoluteDeviation) {
  // Median 100, deviations 0,1,1,2,2,3,3 and 60: MAD 2; 160's modified z is
  // 0.6745 * 60 / 2 = 20.2 > 3.5, 103's is 1.0.
  const Summary s = summarize({100, 101, 99, 102, 98, 103, 97, 160});
  EXPECT_NEAR(s.median, 100.5, kTolerance);
  EXPECT_EQ(s.outliers, 1u);
  // Both tails count.
  EXPECT_EQ(summarize({100, 101, 99, 102, 98, 103, 97, 40, 160}).outliers, 2u);
}

}  // namespace
TEST(MedianInterval, OrderStatisticsOfTheBinomial) {
  std::vector<double> values;
  for (int i = 1; i <= 27; ++i) values.push_back(i);
  // 27 values: the 8th and 20th (scipy: binom.cdf(7, 27, .5) = 0.0096 <= 0.025 < cdf(8) = 0.0261),
  // coverage 1 - 2 * 0.0096 = 0.981.
  auto interval = median_interval(values, 0.95);
  ASSERT_TRUE(interval.has_value());
  EXPECT_EQ(interval->first, 8);
  EXPECT_EQ(interval->second, 20);
  values.resize(9);  // 9 values: the 2nd and 8th
  interval = median_interval(values, 0.95);
  ASSERT_TRUE(interval.has_value());
  EXPECT_EQ(interval->first, 2);
  EXPECT_EQ(interval->second, 8);
  values.resize(5);  // 5 values: none covers 95 % (2 / 32 > 0.05)
  EXPECT_FALSE(median_interval(values, 0.95).has_value());
  values.resize(6);
  EXPECT_TRUE(median_interval(values, 0.95).has_value());  // [x_(1), x_(6)]: 1 - 2/64 = 0.969
}

TEST(TwoGroups, AGapThatDwarfsTheSpreadWithinEach) {
  EXPECT_TRUE(two_groups({1000, 1001, 1002, 1003, 1004, 1500, 1501, 1502, 1503}).has_value());
  // One slow repetition is a tail, not a group (at least a fifth, and 3, on each side).
  EXPECT_FALSE(two_groups({1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 4000}).has_value());
  // Evenly spread values have no gap wider than their spread.
  std::vector<double> even;
  for (int i = 0; i < 27; ++i) even.push_back(1000 + 10 * i);
  EXPECT_FALSE(two_groups(even).has_value());
  // Too few values to say.
  EXPECT_FALSE(two_groups({1, 1, 1, 9, 9, 9}).has_value());
  // A gap under 2 % of the median is no second state, however tight the groups.
  EXPECT_FALSE(two_groups({1000, 1000, 1000, 1000, 1000, 1010, 1010, 1010, 1010}).has_value());
}

}  // namespace shmbench
