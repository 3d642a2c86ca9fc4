// Student's t distribution, for comparisons whose unit is the run (report/run_level.hpp):
// a handful of run medians per side, whose spread is estimated from the runs themselves.
#pragma once

namespace shmbench {

// P(T > t) for T with `df` degrees of freedom (df > 0, not necessarily whole: Welch's
// approximation gives fractions).
double student_t_sf(double t, double df);

// The t with P(T > t) = p, for p in (0, 1).
double student_t_isf(double p, double df);

// The regularized incomplete beta function I_x(a, b) for a, b > 0 and x in [0, 1].
double regularized_incomplete_beta(double x, double a, double b);

}  // namespace shmbench
