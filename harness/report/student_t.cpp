#include "report/student_t.hpp"

#include <cmath>
#include <stdexcept>

namespace shmbench {

namespace {
// The continued fraction of I_x(a, b) (the form that converges for x < (a + 1) / (a + b + 2)),
// evaluated with the modified Lentz method.
double beta_continued_fraction(double x, double a, double b) {
  constexpr double kTiny = 1e-300, kEpsilon = 1e-15;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double fraction = d;
  for (int m = 1; m <= 1000; ++m) {
    const double m2 = 2.0 * m;
    // The even step: m (b - m) x / ((a + 2m - 1)(a + 2m)).
    double numerator = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
    d = 1 + numerator * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + numerator / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    fraction *= d * c;
    // The odd step: -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
    numerator = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
    d = 1 + numerator * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + numerator / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double step = d * c;
    fraction *= step;
    if (std::fabs(step - 1) < kEpsilon) break;
  }
  return fraction;
}
}  // namespace

double regularized_incomplete_beta(double x, double a, double b) {
  if (!(a > 0 && b > 0) || !(x >= 0 && x <= 1)) throw std::invalid_argument("regularized_incomplete_beta: bad argument");
  if (x == 0 || x == 1) return x;
  const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(log_front);
  // The fraction converges fast on this side of the mean; on the other, use the symmetry
  // I_x(a, b) = 1 - I_{1-x}(b, a).
  if (x < (a + 1) / (a + b + 2)) return front * beta_continued_fraction(x, a, b) / a;
  return 1 - front * beta_continued_fraction(1 - x, b, a) / b;
}

double student_t_sf(double t, double df) {
  if (!(df > 0)) throw std::invalid_argument("student_t_sf: df must be positive");
  if (std::isinf(t)) return t > 0 ? 0 : 1;
  // P(|T| > |t|) = I_{df / (df + t²)}(df / 2, 1 / 2).
  const double both_tails = regularized_incomplete_beta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? both_tails / 2 : 1 - both_tails / 2;
}

double student_t_isf(double p, double df) {
  if (!(p > 0 && p < 1)) throw std::invalid_argument("student_t_isf: p must lie in (0, 1)");
  // Bisection on a bracket wide enough for 1 degree of freedom at p = 1e-12.
  double low = -1e7, high = 1e7;
  for (int step = 0; step < 200; ++step) {
    const double mid = (low + high) / 2;
    if (student_t_sf(mid, df) > p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

}  // namespace shmbench
