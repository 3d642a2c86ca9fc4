// Step detection against a run history: is this run's median a step away from where the
// last runs of the same machine sat? Computed here once; history_format.hpp prints it.
//
// Each earlier run contributes one number, the median of its repetitions, so a run of 27
// repetitions and one of 9 weigh the same and one slow repetition moves nothing. Their
// median is the history's centre and their median absolute deviation (MAD) its spread:
// both ignore a run or two that went astray, which a mean and a standard deviation over
// ten runs would not.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "measure/stats.hpp"  // median_of

namespace shmbench {

struct StepOptions {
  std::size_t last = 10;        // earlier runs to judge against (--last)
  double threshold = 0.05;      // a step must exceed this fraction of the centre (--threshold)
  double mad_k = 3;             // and this many MADs (--mad-k)
  std::size_t minimum_runs = 3; // fewer earlier runs: not enough history to judge
};

enum class StepVerdict {
  regression,          // worse than the centre by more than the threshold and k MADs
  improvement,         // the same, better
  no_change,           // within either bound
  not_enough_history,  // fewer than minimum_runs earlier runs
};
// "regression", "improvement", "no_change", "not_enough_history".
const char* to_string(StepVerdict verdict);

struct StepJudgement {
  StepVerdict verdict = StepVerdict::not_enough_history;
  std::size_t runs = 0;           // earlier runs judged against
  double history_median = 0;      // median of their medians (0 without history)
  double mad = 0;                 // median absolute deviation of their medians, unscaled
  double current = 0;             // this run's median
  std::optional<double> change;   // current / history_median - 1; unset for a centre of 0
};

// The unscaled median absolute deviation from `centre`; 0 when empty.
double median_absolute_deviation(const std::vector<double>& values, double centre);

// Judges `current` (this run's median) against `history_medians` (one per earlier run).
// `higher_is_better` is the metric's direction (report/compare.hpp): a throughput that
// drops is worse, a time that rises is. The step must pass both bounds: the threshold
// alone would flag a row whose history wanders by 10 % run to run, and k MADs alone
// would flag a 0.1 % step of a row that never moves (a MAD of 0).
StepJudgement judge_step(const std::vector<double>& history_medians, double current, bool higher_is_better,
                         const StepOptions& options);

}  // namespace shmbench
