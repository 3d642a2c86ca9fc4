// Summary statistics of a sample of repetitions, computed once (report/analysis.hpp
// turns them into rows).
#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace shmbench {

struct Summary {
  std::size_t count = 0;
  double mean = 0, median = 0, stddev = 0, cv = 0, min = 0, max = 0;
  // Median absolute deviation from the median (unscaled), and how many values lie more
  // than kOutlierZ robust standard deviations (1.4826 · MAD) from the median.
  double mad = 0;
  std::size_t outliers = 0;
  // Only where the sample can carry them (see carries_percentile): p90 from 10 values,
  // p99 from 100. Nine repetitions have no p90: it would be the maximum, interpolated.
  std::optional<double> p90, p99;
  // The median's distribution-free 95 % interval (median_interval); unset below 6 values,
  // where no pair of order statistics covers 95 %.
  std::optional<double> median_lower, median_upper;
  // Two groups (modes): set when the sorted values split into two groups of at least a
  // fifth each with a gap between them that dwarfs the spread within each (two_groups).
  struct Groups {
    std::size_t lower_count = 0, upper_count = 0;
    double lower_median = 0, upper_median = 0;
  };
  std::optional<Groups> groups;
};

// The confidence of every median interval a report gives (summarize), and that the
// summary table's note on few repetitions describes.
inline constexpr double kMedianIntervalConfidence = 0.95;

// The distribution-free confidence interval of the median of `sorted` (sorted, any
// distribution): [x_(k), x_(n+1-k)] (1-based) for the largest k with
// P(B ≤ k - 1) ≤ (1 - confidence) / 2, B ~ Binomial(n, 1/2); coverage ≥ confidence. 27
// values give [x_(8), x_(20)] (98 % coverage); 9 give [x_(2), x_(8)] (96 %). nullopt
// where no k ≥ 1 qualifies.
std::optional<std::pair<double, double>> median_interval(const std::vector<double>& sorted, double confidence);

// Whether `sorted` (n ≥ 9) falls into two groups: some split leaves at least
// max(3, n/5) values on each side, and the gap at it is wider than kGroupGapMads times the
// larger of the two groups' median absolute deviations and than kGroupGapFraction of the
// median. A machine that lands whole repetitions in one of two states (a page placement,
// a vCPU that was or was not descheduled) gives such samples; its median then says which
// state was more common, not what the operation costs.
inline constexpr double kGroupGapMads = 4;
inline constexpr double kGroupGapFraction = 0.02;
std::optional<Summary::Groups> two_groups(const std::vector<double>& sorted);

// The Iglewicz-Hoaglin cut-off for the modified z-score 0.6745 (x - median) / MAD, the
// rule hyperfine's outlier detection also builds on.
inline constexpr double kOutlierZ = 3.5;

// Percentile `q` in [0, 1] by linear interpolation between order statistics (the
// "type 7" rule numpy and R use by default). `sorted` must be sorted and non-empty.
double percentile(const std::vector<double>& sorted, double q);

// The median of `values` (the mean of the middle two for an even count); 0 when empty.
double median_of(std::vector<double> values);

// True when `count` values put at least one value above the q-th percentile, so that the
// percentile is not just the maximum interpolated: count ≥ 1 / (1 - q).
bool carries_percentile(std::size_t count, double q);

// stddev is the sample standard deviation (n - 1), as Google Benchmark reports it;
// cv = stddev / mean (0 when the mean is 0). An empty sample gives all zeros. With a MAD
// of 0 (half the values identical) no value is called an outlier.
Summary summarize(std::vector<double> values);

}  // namespace shmbench
