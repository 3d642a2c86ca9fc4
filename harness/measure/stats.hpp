// Summary statistics of a sample of repetitions, computed once (report/analysis.hpp
// turns them into rows).
#pragma once

#include <cstddef>
#include <optional>
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
};

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
