#include "report/run_level.hpp"

#include <algorithm>
#include <cmath>

#include "report/student_t.hpp"

namespace shmbench {

namespace {
struct LogSample {
  double mean = 0, variance = 0;  // of the logarithms; variance with n - 1
  std::size_t n = 0;
};

LogSample log_sample(const std::vector<double>& values) {
  LogSample s;
  s.n = values.size();
  for (double v : values) s.mean += std::log(v);
  s.mean /= static_cast<double>(s.n);
  for (double v : values) s.variance += (std::log(v) - s.mean) * (std::log(v) - s.mean);
  s.variance /= static_cast<double>(s.n - 1);
  return s;
}
}  // namespace

std::optional<RunLevelTest> compare_run_medians(const std::vector<double>& baseline, const std::vector<double>& contender,
                                                double confidence) {
  const auto positive = [](const std::vector<double>& v) {
    return std::all_of(v.begin(), v.end(), [](double x) { return x > 0 && std::isfinite(x); });
  };
  if (baseline.size() < kMinimumRuns || contender.size() < kMinimumRuns || !positive(baseline) || !positive(contender))
    return std::nullopt;
  const LogSample b = log_sample(baseline), c = log_sample(contender);
  RunLevelTest test;
  test.baseline_runs = b.n;
  test.contender_runs = c.n;
  test.log_difference = c.mean - b.mean;
  test.ratio = std::exp(test.log_difference);
  const double vb = b.variance / static_cast<double>(b.n), vc = c.variance / static_cast<double>(c.n);
  test.standard_error = std::sqrt(vb + vc);
  if (test.standard_error == 0) {
    // Every run of both sides gave the same median as the others of its side: nothing
    // varies, so a difference is certain and no difference is none.
    test.degrees_of_freedom = static_cast<double>(b.n + c.n - 2);
    test.p_value = test.log_difference == 0 ? 1 : 0;
    test.lower = test.upper = test.ratio;
    return test;
  }
  // Welch-Satterthwaite; a side without spread contributes no uncertainty of its own.
  const double denominator = (vb > 0 ? vb * vb / static_cast<double>(b.n - 1) : 0) +
                             (vc > 0 ? vc * vc / static_cast<double>(c.n - 1) : 0);
  test.degrees_of_freedom = (vb + vc) * (vb + vc) / denominator;
  const double t = test.log_difference / test.standard_error;
  test.p_value = std::min(1.0, 2 * student_t_sf(std::fabs(t), test.degrees_of_freedom));
  const double half_width = student_t_isf((1 - confidence) / 2, test.degrees_of_freedom) * test.standard_error;
  test.lower = std::exp(test.log_difference - half_width);
  test.upper = std::exp(test.log_difference + half_width);
  return test;
}

}  // namespace shmbench
