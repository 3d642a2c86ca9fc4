#include "report/rank_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace shmbench {

namespace {
// A tail within this share of alpha / 2 counts as equal to it: the exact distribution is
// summed in doubles, and a tail that is exactly alpha / 2 (1 against 39 values:
// P(U = 0) = 1/40 = 0.025) must not be lost to rounding.
constexpr double kLevelTolerance = 1e-9;

// The distribution of U (pairs x_i > y_j) for sizes m and n when every arrangement of the
// pooled sample is equally likely, as probabilities of u = 0 … mn. The largest of the
// m + n values is an x with probability m / (m + n), and then beats all n y's:
//   P_{m,n}(u) = m/(m+n) · P_{m-1,n}(u - n) + n/(m+n) · P_{m,n-1}(u).
// Probabilities rather than counts, so that C(100, 50) ≈ 1e29 arrangements never
// overflow, and every step adds non-negative terms, so nothing cancels.
std::vector<double> exact_u_distribution(std::size_t m, std::size_t n) {
  std::vector<std::vector<double>> previous(n + 1, std::vector<double>{1.0});  // m = 0: U is 0
  for (std::size_t i = 1; i <= m; ++i) {
    std::vector<std::vector<double>> current(n + 1);
    current[0] = {1.0};
    for (std::size_t j = 1; j <= n; ++j) {
      std::vector<double> p(i * j + 1, 0.0);
      const double x_largest = static_cast<double>(i) / static_cast<double>(i + j);
      const std::vector<double>& without_x = previous[j];
      for (std::size_t u = 0; u < without_x.size(); ++u) p[u + j] += x_largest * without_x[u];
      const std::vector<double>& without_y = current[j - 1];
      for (std::size_t u = 0; u < without_y.size(); ++u) p[u] += (1 - x_largest) * without_y[u];
      current[j] = std::move(p);
    }
    previous = std::move(current);
  }
  return previous[n];
}

// What both the test and the interval need from the pooled sample.
struct Ranked {
  double u1 = 0;        // U of x, from the rank sum
  double tie_term = 0;  // sum over groups of tied values of t^3 - t
};

Ranked rank(const std::vector<double>& x, const std::vector<double>& y) {
  struct Value {
    double value;
    bool from_x;
  };
  std::vector<Value> pooled;
  pooled.reserve(x.size() + y.size());
  for (double v : x) pooled.push_back({v, true});
  for (double v : y) pooled.push_back({v, false});
  std::sort(pooled.begin(), pooled.end(), [](const Value& a, const Value& b) { return a.value < b.value; });

  Ranked ranked;
  double rank_sum_x = 0;
  for (std::size_t first = 0; first < pooled.size();) {
    std::size_t last = first;
    while (last + 1 < pooled.size() && pooled[last + 1].value == pooled[first].value) ++last;
    const double tied = static_cast<double>(last - first + 1);
    const double mid_rank = (static_cast<double>(first + last) + 2) / 2;  // 1-based ranks, averaged
    for (std::size_t k = first; k <= last; ++k)
      if (pooled[k].from_x) rank_sum_x += mid_rank;
    ranked.tie_term += tied * tied * tied - tied;
    first = last + 1;
  }
  const double m = static_cast<double>(x.size());
  ranked.u1 = rank_sum_x - m * (m + 1) / 2;
  return ranked;
}

// The standard deviation of U under the null hypothesis, corrected for ties.
double u_sd(std::size_t m, std::size_t n, double tie_term) {
  const double mn = static_cast<double>(m) * static_cast<double>(n);
  const double total = static_cast<double>(m + n);
  return std::sqrt(mn / 12 * ((total + 1) - tie_term / (total * (total - 1))));
}

std::vector<double> pairwise_differences(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<double> d;
  d.reserve(x.size() * y.size());
  for (double xi : x)
    for (double yj : y) d.push_back(yj - xi);
  std::sort(d.begin(), d.end());
  return d;
}

std::vector<double> logarithms(const std::vector<double>& values) {
  std::vector<double> logs;
  logs.reserve(values.size());
  for (double v : values) {
    if (!(v > 0) || !std::isfinite(v)) throw std::invalid_argument("hodges_lehmann_ratio: a value is not positive");
    logs.push_back(std::log(v));
  }
  return logs;
}
}  // namespace

const char* to_string(RankMethod method) { return method == RankMethod::exact ? "exact" : "asymptotic"; }

RankMethod rank_method(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() > kExactRankMaxSize || y.size() > kExactRankMaxSize) return RankMethod::asymptotic;
  std::vector<double> pooled(x);
  pooled.insert(pooled.end(), y.begin(), y.end());
  std::sort(pooled.begin(), pooled.end());
  return std::adjacent_find(pooled.begin(), pooled.end()) == pooled.end() ? RankMethod::exact : RankMethod::asymptotic;
}

UTest mann_whitney_u(const std::vector<double>& x, const std::vector<double>& y) {
  UTest test;
  test.method = rank_method(x, y);
  if (x.empty() || y.empty()) return test;
  const Ranked ranked = rank(x, y);
  test.u = ranked.u1;
  const double mn = static_cast<double>(x.size()) * static_cast<double>(y.size());
  // Two-sided: the larger of U1 and U2 = mn - U1, its upper tail, doubled.
  const double u = std::max(ranked.u1, mn - ranked.u1);
  double tail = 0;
  if (test.method == RankMethod::exact) {
    const std::vector<double> p = exact_u_distribution(x.size(), y.size());
    // No ties, so U is a whole number.
    for (std::size_t k = static_cast<std::size_t>(std::llround(u)); k < p.size(); ++k) tail += p[k];
  } else {
    const double sd = u_sd(x.size(), y.size(), ranked.tie_term);
    if (!(sd > 0)) return test;  // every value the same: nothing to tell apart
    tail = normal_sf((u - mn / 2 - 0.5) / sd);
  }
  test.p_value = std::min(1.0, 2 * tail);
  return test;
}

double smallest_exact_p(std::size_t m, std::size_t n) {
  if (m == 0 || n == 0) return 1;
  // 2 / C(m + n, m), as a product so that large sizes underflow gently instead of overflowing.
  double p = 2;
  for (std::size_t k = 1; k <= m; ++k) p *= static_cast<double>(k) / static_cast<double>(n + k);
  return std::min(1.0, p);
}

ShiftEstimate hodges_lehmann(const std::vector<double>& x, const std::vector<double>& y, double confidence) {
  if (x.empty() || y.empty()) throw std::invalid_argument("hodges_lehmann: an empty sample");
  ShiftEstimate shift;
  shift.method = rank_method(x, y);
  const std::vector<double> d = pairwise_differences(x, y);
  const std::size_t total = d.size();
  shift.estimate = total % 2 == 1 ? d[total / 2] : (d[total / 2 - 1] + d[total / 2]) / 2;

  const double half_alpha = (1 - confidence) / 2;
  std::size_t k = 0;  // 1-based rank of the lower bound; 0: no bounded interval reaches the confidence
  if (shift.method == RankMethod::exact) {
    const std::vector<double> p = exact_u_distribution(x.size(), y.size());
    double below = 0;  // P(U ≤ k - 1)
    for (std::size_t u = 0; u < p.size() && below + p[u] <= half_alpha * (1 + kLevelTolerance); ++u) {
      below += p[u];
      k = u + 1;
    }
    shift.coverage = 1 - 2 * below;
  } else {
    const double sd = u_sd(x.size(), y.size(), rank(x, y).tie_term);
    const double position = std::floor(static_cast<double>(total) / 2 + 0.5 - normal_isf(half_alpha) * sd);
    k = position >= 1 ? static_cast<std::size_t>(position) : 0;
    shift.coverage = confidence;
  }
  if (k >= 1 && k <= total + 1 - k) {
    shift.lower = d[k - 1];
    shift.upper = d[total - k];
  } else {
    shift.coverage = 1;  // the whole line
  }
  return shift;
}

ShiftEstimate hodges_lehmann_ratio(const std::vector<double>& x, const std::vector<double>& y, double confidence) {
  ShiftEstimate shift = hodges_lehmann(logarithms(x), logarithms(y), confidence);
  shift.estimate = std::exp(shift.estimate);
  if (shift.lower) shift.lower = std::exp(*shift.lower);
  if (shift.upper) shift.upper = std::exp(*shift.upper);
  return shift;
}

ShiftEstimate paired_ratio(const std::vector<double>& x, const std::vector<double>& y, double confidence) {
  if (x.size() != y.size() || x.empty()) throw std::invalid_argument("paired_ratio: the samples must pair up");
  std::vector<double> ratios;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!(x[i] > 0) || !(y[i] > 0) || !std::isfinite(x[i]) || !std::isfinite(y[i]))
      throw std::invalid_argument("paired_ratio: a value is not positive");
    ratios.push_back(y[i] / x[i]);
  }
  std::sort(ratios.begin(), ratios.end());
  const std::size_t n = ratios.size();
  ShiftEstimate shift;
  shift.method = RankMethod::exact;
  shift.estimate = n % 2 == 1 ? ratios[n / 2] : std::sqrt(ratios[n / 2 - 1] * ratios[n / 2]);
  // P(B <= j) for B ~ Binomial(n, 1/2), summed term by term (n is a repetition count).
  double term = std::pow(0.5, static_cast<double>(n)), below = 0;  // term: P(B = j)
  std::size_t k = 0;  // the interval is [r_(k), r_(n+1-k)], 1-based; 0: unbounded
  for (std::size_t j = 0; 2 * j + 1 < n; ++j) {
    below += term;  // P(B <= j)
    if (below > (1 - confidence) / 2) break;
    k = j + 1;
    shift.coverage = 1 - 2 * below;
    term = term * static_cast<double>(n - j) / static_cast<double>(j + 1);
  }
  if (k > 0) {
    shift.lower = ratios[k - 1];
    shift.upper = ratios[n - k];
  } else {
    shift.coverage = 1;
  }
  return shift;
}

UTest wilcoxon_signed_rank(const std::vector<double>& differences) {
  std::vector<double> d;
  for (double v : differences)
    if (v != 0) d.push_back(v);
  UTest test;
  const std::size_t n = d.size();
  if (n == 0) return test;
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return std::fabs(d[a]) < std::fabs(d[b]); });
  // Mid-ranks of |d|, the sum over the positive differences, and the tie term.
  double w_plus = 0, tie_term = 0;
  bool tied = false;
  for (std::size_t first = 0; first < n;) {
    std::size_t last = first;
    while (last + 1 < n && std::fabs(d[order[last + 1]]) == std::fabs(d[order[first]])) ++last;
    const double count = static_cast<double>(last - first + 1);
    const double mid_rank = (static_cast<double>(first + last) + 2) / 2;
    for (std::size_t k = first; k <= last; ++k)
      if (d[order[k]] > 0) w_plus += mid_rank;
    tie_term += count * count * count - count;
    tied = tied || last > first;
    first = last + 1;
  }
  test.u = w_plus;
  const double total = static_cast<double>(n) * static_cast<double>(n + 1) / 2;
  const double w = std::max(w_plus, total - w_plus);  // the larger tail, doubled
  test.method = (!tied && n <= kExactRankMaxSize) ? RankMethod::exact : RankMethod::asymptotic;
  double tail = 0;
  if (test.method == RankMethod::exact) {
    // Counts of sign assignments by W+: each rank k joins the positive set or not.
    std::vector<double> ways(static_cast<std::size_t>(total) + 1, 0);
    ways[0] = 1;
    for (std::size_t k = 1; k <= n; ++k)
      for (std::size_t s = ways.size() - 1; s >= k; --s) ways[s] += ways[s - k];
    const double all = std::ldexp(1.0, static_cast<int>(n));
    for (std::size_t s = static_cast<std::size_t>(std::llround(w)); s < ways.size(); ++s) tail += ways[s] / all;
  } else {
    const double nn = static_cast<double>(n);
    const double sd = std::sqrt(nn * (nn + 1) * (2 * nn + 1) / 24 - tie_term / 48);
    if (!(sd > 0)) return test;
    tail = normal_sf((w - total / 2 - 0.5) / sd);
  }
  test.p_value = std::min(1.0, 2 * tail);
  return test;
}

double normal_sf(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

double normal_isf(double p) {
  if (!(p > 0 && p < 1)) throw std::invalid_argument("normal_isf: p must lie in (0, 1)");
  // Bisection: normal_sf falls monotonically, and 200 halvings of [-40, 40] reach the
  // limit of a double; the few calls per comparison make speed irrelevant.
  double low = -40, high = 40;
  for (int step = 0; step < 200; ++step) {
    const double mid = (low + high) / 2;
    if (normal_sf(mid) > p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

}  // namespace shmbench
