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

std::optional<std::pair<double, double>> median_interval(const std::vector<double>& sorted, double confidence) {
  const std::size_t n = sorted.size();
  if (n == 0) return std::nullopt;
  // P(B ≤ j) for B ~ Binomial(n, 1/2), accumulated term by term in logarithms (n choose j
  // overflows a double from n ≈ 1030).
  const double tail = (1 - confidence) / 2;
  const double log_half_n = static_cast<double>(n) * std::log(0.5);
  double cumulative = 0;
  std::size_t k = 0;  // the largest k with P(B ≤ k - 1) ≤ tail
  for (std::size_t j = 0; j < n; ++j) {
    const double log_term = std::lgamma(static_cast<double>(n) + 1) - std::lgamma(static_cast<double>(j) + 1) -
                            std::lgamma(static_cast<double>(n - j) + 1) + log_half_n;
    cumulative += std::exp(log_term);
    if (cumulative > tail) break;
    k = j + 1;
  }
  if (k == 0 || k > n + 1 - k) return std::nullopt;
  return std::make_pair(sorted[k - 1], sorted[n - k]);
}

namespace {
double mad_of(const std::vector<double>& sorted, std::size_t begin, std::size_t end) {
  std::vector<double> part(sorted.begin() + static_cast<std::ptrdiff_t>(begin), sorted.begin() + static_cast<std::ptrdiff_t>(end));
  const double centre = percentile(part, 0.50);
  for (double& v : part) v = std::fabs(v - centre);
  std::sort(part.begin(), part.end());
  return percentile(part, 0.50);
}
}  // namespace

std::optional<Summary::Groups> two_groups(const std::vector<double>& sorted) {
  const std::size_t n = sorted.size();
  if (n < 9) return std::nullopt;
  const std::size_t smallest = std::max<std::size_t>(3, (n + 4) / 5);
  const double median = percentile(sorted, 0.50);
  std::optional<Summary::Groups> found;
  double widest = 0;
  for (std::size_t lower = smallest; lower + smallest <= n; ++lower) {
    const double gap = sorted[lower] - sorted[lower - 1];
    if (gap <= widest) continue;
    const double spread = std::max(mad_of(sorted, 0, lower), mad_of(sorted, lower, n));
    if (gap > kGroupGapMads * spread && gap > kGroupGapFraction * median) {
      widest = gap;
      std::vector<double> low(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(lower));
      std::vector<double> high(sorted.begin() + static_cast<std::ptrdiff_t>(lower), sorted.end());
      found = Summary::Groups{lower, n - lower, percentile(low, 0.50), percentile(high, 0.50)};
    }
  }
  return found;
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
  if (const auto interval = median_interval(values, kMedianIntervalConfidence)) {
    s.median_lower = interval->first;
    s.median_upper = interval->second;
  }
  s.groups = two_groups(values);

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
