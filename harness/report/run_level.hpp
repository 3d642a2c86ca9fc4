// Comparisons whose unit is the run. Repetitions of one run share what the run drew (its
// memory layout, the pages it got, the host's load in those minutes), so across time
// they are not independent samples of a build: on a shared VM the same build's runs an
// hour apart moved by more (read_cold/posix/4096 by -33 %) than any within-run interval
// allowed, and a repetition-level U test called that a regression. Here each run gives
// one number per benchmark, its median, and two builds are compared on those: the
// between-run variance is then in the interval by construction (Kalibera & Jones,
// "Rigorous benchmarking in reasonable time", ISMM 2013).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace shmbench {

// Welch's t test on the logarithms of the run medians: the ratio of geometric means,
// contender / baseline, with its interval. Logarithms make a ratio's interval symmetric
// and the test the same for a time or a rate.
struct RunLevelTest {
  std::size_t baseline_runs = 0, contender_runs = 0;
  double ratio = 1;             // exp(mean log contender - mean log baseline)
  double lower = 1, upper = 1;  // its confidence interval (exponentiated)
  double log_difference = 0;    // mean log contender - mean log baseline
  double standard_error = 0;    // of log_difference
  double degrees_of_freedom = 0;  // Welch-Satterthwaite
  double p_value = 1;           // two-sided
};

// At least kMinimumRuns per side and positive values; nullopt otherwise.
inline constexpr std::size_t kMinimumRuns = 2;
std::optional<RunLevelTest> compare_run_medians(const std::vector<double>& baseline, const std::vector<double>& contender,
                                                double confidence);

}  // namespace shmbench
