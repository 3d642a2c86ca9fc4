// Summary statistics of a sample of repetitions.
#pragma once

#include <vector>

namespace shmbench {

struct Summary {
  std::size_t count = 0;
  double mean = 0, median = 0, stddev = 0, cv = 0, min = 0, max = 0;
  double p50 = 0, p90 = 0, p99 = 0;
};

// Percentile `q` in [0, 1] by linear interpolation between order statistics (the
// "type 7" rule numpy and R use by default). `sorted` must be sorted and non-empty.
double percentile(const std::vector<double>& sorted, double q);

// stddev is the sample standard deviation (n - 1), as Google Benchmark reports it;
// cv = stddev / mean (0 when the mean is 0). An empty sample gives all zeros.
Summary summarize(std::vector<double> values);

}  // namespace shmbench
