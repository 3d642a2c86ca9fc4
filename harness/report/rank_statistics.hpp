// Rank statistics for comparing two samples of repetitions without assuming a
// distribution: the two-sided Mann-Whitney U test and the Hodges-Lehmann shift estimate
// with its distribution-free confidence interval. Benchmark times are skewed and carry
// outliers, so a t-test's normality assumption does not hold; ranks do not care.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace shmbench {

// Exact distributions are used only when no value is tied and both samples are at most
// this large: ties break the permutation distribution the exact test relies on, and above
// 50 values per side the normal approximation is as good as exact for p-values that
// matter (and the exact table would cost ~n^4 / 4 steps).
inline constexpr std::size_t kExactRankMaxSize = 50;

enum class RankMethod {
  exact,       // the permutation distribution of U, by dynamic programming
  asymptotic,  // the normal approximation with tie and continuity correction
};
const char* to_string(RankMethod method);

// exact when no value of x and y together is tied and both sizes ≤ kExactRankMaxSize.
RankMethod rank_method(const std::vector<double>& x, const std::vector<double>& y);

struct UTest {
  double u = 0;        // U of x: pairs with x_i > y_j, ties counting one half (scipy's U1)
  double p_value = 1;  // two-sided
  RankMethod method = RankMethod::exact;
};

// The two-sided Mann-Whitney U test of x against y, as
// scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method=...) with the method of
// rank_method(x, y): exact, 2 · P(U ≥ max(U1, U2)); asymptotic, with the tie-corrected
// variance and a continuity correction of 0.5. p is 1 when either sample is empty or
// every value is the same.
UTest mann_whitney_u(const std::vector<double>& x, const std::vector<double>& y);

// The smallest two-sided p-value the exact test can give for sizes m and n: every x above
// every y, 2 / C(m + n, m). With 3 against 3 it is 0.1, so no difference is significant
// at 0.05 however large.
double smallest_exact_p(std::size_t m, std::size_t n);

struct ShiftEstimate {
  double estimate = 0;           // the median of all pairwise differences y_j - x_i
  std::optional<double> lower;   // the confidence interval; unset when the samples are too
  std::optional<double> upper;   // small for the confidence asked (the interval is unbounded)
  double coverage = 0;           // the interval's coverage: exact where the method is
  RankMethod method = RankMethod::exact;
};

// The Hodges-Lehmann estimate of the shift of y relative to x and its distribution-free
// confidence interval [d_(k), d_(mn+1-k)] from the sorted pairwise differences d (1-based),
// where k is the largest count with P(U ≤ k - 1) ≤ (1 - confidence) / 2 under the exact
// U distribution (method exact: coverage 1 - 2 P(U ≤ k - 1) ≥ confidence), or
// k = floor(mn/2 + 1/2 - z · sd(U)) with the tie-corrected sd (method asymptotic: coverage
// is the confidence asked). This is the interval of the shifts the U test at level
// 1 - confidence does not reject. Both samples must be non-empty.
ShiftEstimate hodges_lehmann(const std::vector<double>& x, const std::vector<double>& y, double confidence);

// The same on logarithms, returned exponentiated: the ratio y / x with a multiplicative
// confidence interval. Since log is monotonic, the rank test and its interval are the same
// whether the values are times or rates, and a ratio reads the same at every scale. Every
// value must be positive.
ShiftEstimate hodges_lehmann_ratio(const std::vector<double>& x, const std::vector<double>& y, double confidence);

// Paired samples, x_i and y_i measured together (the same round of an interleaved run):
// the median of the ratios y_i / x_i, with the sign test's distribution-free confidence
// interval [r_(k), r_(n+1-k)] of the sorted ratios, k the largest count with
// P(B ≤ k - 1) ≤ (1 - confidence) / 2 for B ~ Binomial(n, 1/2) (coverage
// 1 - 2 P(B ≤ k - 1) ≥ confidence; unbounded below 6 pairs at 95 %). Pairing cancels
// what both members of a pair share, such as the machine's drift between rounds. The
// samples must have the same, non-zero size and positive values.
ShiftEstimate paired_ratio(const std::vector<double>& x, const std::vector<double>& y, double confidence);

// The Wilcoxon signed-rank test of paired differences against 0, two-sided, as
// scipy.stats.wilcoxon(d, zero_method='wilcox', correction=False, method=...): zeros are
// dropped; exact (the distribution of W+ by dynamic programming) when no |d| is tied and
// at most kExactRankMaxSize remain, else the normal approximation with the tie-corrected
// variance and a continuity correction of 0.5. The statistic in `u` is W+, the rank sum
// of the positive differences. p is 1 when nothing is left.
UTest wilcoxon_signed_rank(const std::vector<double>& differences);

// The standard normal upper tail P(Z > z), and its inverse for p in (0, 1).
double normal_sf(double z);
double normal_isf(double p);

}  // namespace shmbench
