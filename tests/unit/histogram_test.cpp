// The latency histogram against exact percentiles of the raw samples it was fed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "measure/histogram.hpp"

namespace shmbench {
namespace {

// The nearest-rank percentile of sorted raw samples: what Histogram::percentile estimates.
double exact_percentile(const std::vector<double>& sorted, double q) {
  const auto rank = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size()))));
  return sorted[rank - 1];
}

const double kQuantiles[] = {0.0, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999, 0.9999, 1.0};

void expect_within_error(std::vector<double> samples, const Histogram& h) {
  std::sort(samples.begin(), samples.end());
  ASSERT_EQ(h.count(), samples.size());
  for (double q : kQuantiles) {
    const double exact = exact_percentile(samples, q);
    const double estimate = h.percentile(q);
    EXPECT_LE(std::abs(estimate - exact), exact * Histogram::kRelativeError * 1.0001)
        << "q=" << q << " exact=" << exact << " histogram=" << estimate;
    EXPECT_LE(std::abs(estimate - exact), exact * 0.01) << "q=" << q;  // the bound
  }
  EXPECT_DOUBLE_EQ(h.min(), samples.front());
  EXPECT_DOUBLE_EQ(h.max(), samples.back());
}

TEST(Histogram, PercentilesMatchExactOnesOfLogNormalLatencies) {
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> latency(std::log(150.0), 0.6);  // ~150 ns, long tail
  std::vector<double> samples;
  Histogram h;
  for (int i = 0; i < 200000; ++i) {
    const double ns = latency(rng);
    samples.push_back(ns);
    h.record(ns);
  }
  expect_within_error(samples, h);
}

TEST(Histogram, PercentilesMatchExactOnesOverManyDecades) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> exponent(-1.0, 9.0);  // 0.1 ns to 1 s
  std::vector<double> samples;
  Histogram h;
  for (int i = 0; i < 50000; ++i) {
    const double ns = std::pow(10.0, exponent(rng));
    samples.push_back(ns);
    h.record(ns);
  }
  expect_within_error(samples, h);
}

TEST(Histogram, MergedHalvesEqualTheWhole) {
  std::mt19937_64 rng(3);
  std::exponential_distribution<double> latency(1.0 / 5000);
  Histogram whole, a, b;
  std::vector<double> samples;
  for (int i = 0; i < 20000; ++i) {
    const double ns = 60 + latency(rng);
    samples.push_back(ns);
    whole.record(ns);
    (i % 3 == 0 ? a : b).record(ns);
  }
  Histogram merged;
  merged.merge(a);
  merged.merge(b);
  EXPECT_EQ(merged.count(), whole.count());
  EXPECT_DOUBLE_EQ(merged.min(), whole.min());
  EXPECT_DOUBLE_EQ(merged.max(), whole.max());
  EXPECT_NEAR(merged.sum(), whole.sum(), whole.sum() * 1e-12);
  for (double q : kQuantiles) EXPECT_DOUBLE_EQ(merged.percentile(q), whole.percentile(q));
  expect_within_error(samples, merged);
}

TEST(Histogram, BucketsAreContiguousAndNarrow) {
  for (int i = 1; i + 1 < Histogram::kBucketCount; ++i) {
    EXPECT_DOUBLE_EQ(Histogram::upper_bound(i - 1), Histogram::lower_bound(i));
    EXPECT_LE((Histogram::upper_bound(i) - Histogram::lower_bound(i)) / Histogram::lower_bound(i),
              1.0 / Histogram::kSubBuckets * 1.0000001);
  }
  for (double ns : {0.07, 1.0, 1.5, 63.9, 64.0, 150.3, 1e6, 3.3e9}) {
    const int b = Histogram::bucket_of(ns);
    EXPECT_LE(Histogram::lower_bound(b), ns);
    EXPECT_LT(ns, Histogram::upper_bound(b));
  }
}

TEST(Histogram, RebuildsFromItsParts) {
  Histogram h;
  for (double ns : {80.0, 81.0, 95.0, 12000.0}) h.record(ns);
  auto copy = Histogram::from_parts(h.buckets(), h.sum(), h.min(), h.max());
  ASSERT_TRUE(copy.has_value());
  EXPECT_EQ(copy->count(), 4u);
  EXPECT_DOUBLE_EQ(copy->percentile(0.5), h.percentile(0.5));
  EXPECT_FALSE(Histogram::from_parts({{Histogram::kBucketCount, 1}}, 1, 1, 1).has_value());
}

TEST(Histogram, EmptyIsZero) {
  Histogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.percentile(0.5), 0);
  EXPECT_EQ(h.mean(), 0);
  EXPECT_TRUE(h.buckets().empty());
}

}  // namespace
}  // namespace shmbench
