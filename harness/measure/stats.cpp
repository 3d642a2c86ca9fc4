#include "measure/stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace shmbench {

double percentile(const std::vector<double>& sorted, double q) {
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

double median_of(std::vector<double> values) {
  if (values.empty()) return 0;
  const std::size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle), values.end());
  const double upper = values[middle];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle));
  return (lower + upper) / 2;
}

bool carries_percentile(std::size_t count, double q) {
  // count * (1 - q) >= 1, with a little slack for 1 - 0.9 not being exact in binary.
  return static_cast<double>(count) * (1.0 - q) >= 1.0 - 1e-9;
}

Summary summarize(std::vector<double> values) {
  Summary s;
  s.count = values.size();
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  s.min = values.front();
  s.max = values.back();
  s.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(s.count);
  if (s.count > 1) {
    double squares = 0;
    for (double v : values) squares += (v - s.mean) * (v - s.mean);
    s.stddev = std::sqrt(squares / static_cast<double>(s.count - 1));
  }
  s.cv = s.mean != 0 ? s.stddev / s.mean : 0;
  s.median = percentile(values, 0.50);
  if (carries_percentile(s.count, 0.90)) s.p90 = percentile(values, 0.90);
  if (carries_percentile(s.count, 0.99)) s.p99 = percentile(values, 0.99);

  std::vector<double> deviations;
  deviations.reserve(values.size());
  for (double v : values) deviations.push_back(std::fabs(v - s.median));
  std::sort(deviations.begin(), deviations.end());
  s.mad = percentile(deviations, 0.50);
  if (s.mad > 0)
    for (double deviation : deviations)
      if (0.6745 * deviation / s.mad > kOutlierZ) ++s.outliers;
  return s;
}

}  // namespace shmbench
