#include "history/step.hpp"

#include <algorithm>
#include <cmath>

namespace shmbench {

const char* to_string(StepVerdict verdict) {
  switch (verdict) {
    case StepVerdict::regression: return "regression";
    case StepVerdict::improvement: return "improvement";
    case StepVerdict::no_change: return "no_change";
    case StepVerdict::not_enough_history: return "not_enough_history";
  }
  return "no_change";
}

double median_absolute_deviation(const std::vector<double>& values, double centre) {
  std::vector<double> deviations;
  deviations.reserve(values.size());
  for (double value : values) deviations.push_back(std::fabs(value - centre));
  return median_of(std::move(deviations));
}

StepJudgement judge_step(const std::vector<double>& history_medians, double current, bool higher_is_better,
                         const StepOptions& options) {
  StepJudgement judgement;
  judgement.current = current;
  judgement.runs = history_medians.size();
  if (history_medians.empty()) return judgement;
  judgement.history_median = median_of(history_medians);
  judgement.mad = median_absolute_deviation(history_medians, judgement.history_median);
  if (judgement.history_median != 0) judgement.change = current / judgement.history_median - 1;
  if (history_medians.size() < std::max<std::size_t>(options.minimum_runs, 1)) return judgement;

  judgement.verdict = StepVerdict::no_change;
  if (!judgement.change) return judgement;  // a centre of 0: no relative step to speak of
  const double worse = higher_is_better ? -*judgement.change : *judgement.change;
  const double step = std::fabs(current - judgement.history_median);
  // Strictly beyond both: a MAD of 0 makes any step past the threshold count.
  if (std::fabs(worse) > options.threshold && step > options.mad_k * judgement.mad)
    judgement.verdict = worse > 0 ? StepVerdict::regression : StepVerdict::improvement;
  return judgement;
}

}  // namespace shmbench
