#include "report/compare.hpp"

#include <algorithm>
#include <cstdio>

#include "common/bad_input.hpp"
#include "common/text.hpp"
#include "measure/stats.hpp"

namespace shmbench {

namespace {
// A warning names this many benchmarks and counts the rest.
constexpr std::size_t kNamesPerWarning = 3;

const char* const kMetricNames[] = {"time", "bytes_per_second", "items_per_second", "rtt_p50_ns"};

bool all_positive(const std::vector<double>& values) {
  return std::all_of(values.begin(), values.end(), [](double v) { return v > 0; });
}

bool carries(const ReportRow& row, Metric metric) {
  return !row.ns.empty() && samples_of(row, metric).size() == row.ns.size();
}

// The metric a row is compared in, or nullopt with the reason in `why`.
std::optional<Metric> metric_for(const ReportRow& baseline, const ReportRow& contender, MetricChoice choice,
                                 std::string& why) {
  const auto both = [&](Metric metric) { return carries(baseline, metric) && carries(contender, metric); };
  switch (choice) {
    case MetricChoice::automatic: return automatic_metric({&baseline, &contender});
    case MetricChoice::time: return Metric::time;
    case MetricChoice::bytes_per_second:
    case MetricChoice::items_per_second:
    case MetricChoice::rtt_p50_ns: {
      const Metric metric = choice == MetricChoice::bytes_per_second   ? Metric::bytes_per_second
                            : choice == MetricChoice::items_per_second ? Metric::items_per_second
                                                                       : Metric::rtt_p50_ns;
      if (both(metric)) return metric;
      why = std::string("no ") + to_string(metric) + " in " +
            (carries(baseline, metric) ? "the contender" : carries(contender, metric) ? "the baseline" : "either report");
      return std::nullopt;
    }
  }
  return Metric::time;
}

std::string repetitions_text(std::size_t baseline, std::size_t contender) {
  return std::to_string(baseline) + " vs " + std::to_string(contender) + " repetitions";
}

// The row before the correction: its status is no_change for every row that has a
// p-value, and settled for the others.
RowComparison compare_row(const std::string& name, const ReportRow* baseline, const ReportRow* contender,
                          const CompareOptions& options) {
  RowComparison row;
  row.name = name;
  if (!contender || !baseline) {
    row.status = contender ? RowStatus::only_in_contender : RowStatus::only_in_baseline;
    row.note = (contender ? contender : baseline)->error;
    return row;
  }
  if (!baseline->error.empty() || !contender->error.empty()) {
    row.status = RowStatus::error;
    if (!baseline->error.empty()) row.note = "baseline: " + baseline->error;
    if (!contender->error.empty()) row.note += (row.note.empty() ? "" : "; ") + std::string("contender: ") + contender->error;
    return row;
  }
  // A skipped row (the system refused the backend) has nothing to compare and is no error.
  if (!baseline->skipped.empty() || !contender->skipped.empty()) {
    row.status = RowStatus::not_compared;
    row.note = "skipped in the " + std::string(baseline->skipped.empty() ? "contender: " + contender->skipped
                                                                        : "baseline: " + baseline->skipped);
    return row;
  }
  row.status = RowStatus::not_compared;
  const std::optional<Metric> metric = metric_for(*baseline, *contender, options.metric, row.note);
  if (!metric) return row;
  row.metric = *metric;
  const std::vector<double>& before = samples_of(*baseline, row.metric);
  const std::vector<double>& after = samples_of(*contender, row.metric);
  if (before.size() < kMinimumRepetitions || after.size() < kMinimumRepetitions) {
    row.note = repetitions_text(before.size(), after.size()) + ": at least " + std::to_string(kMinimumRepetitions) +
               " per side are needed";
    return row;
  }
  if (!all_positive(before) || !all_positive(after)) {
    row.note = std::string("a ") + to_string(row.metric) + " of 0: no ratio to estimate";
    return row;
  }
  row.samples = compare_samples(before, after, options.confidence);
  row.few_repetitions = before.size() < kRecommendedRepetitions || after.size() < kRecommendedRepetitions;
  row.status = RowStatus::no_change;
  return row;
}

// Significant (adjusted p below alpha) and beyond the threshold in one direction.
RowStatus verdict(const RowComparison& row, const CompareOptions& options) {
  const std::optional<double> change = change_of(row);
  if (!change || !row.adjusted_p || !(*row.adjusted_p < options.alpha)) return RowStatus::no_change;
  const double worse = higher_is_better(row.metric) ? -*change : *change;
  if (worse > options.threshold) return RowStatus::regression;
  if (worse < -options.threshold) return RowStatus::improvement;
  return RowStatus::no_change;
}

std::string benchmarks(std::size_t count) { return std::to_string(count) + (count == 1 ? " benchmark" : " benchmarks"); }

void warn_if_different(std::vector<CompareWarning>& warnings, CompareWarningKind kind, const char* what,
                       const std::string& baseline, const std::string& contender, const Comparison& comparison) {
  if (baseline.empty() || contender.empty() || baseline == contender) return;
  warnings.push_back({kind, std::string("different ") + what + ": " + baseline + " (" + comparison.baseline.label +
                                ") vs " + contender + " (" + comparison.contender.label + ")"});
}

void add_row_warnings(Comparison& comparison) {
  std::vector<std::string> baseline_only, contender_only, errors, not_compared, few;
  double least_reachable = 0;  // the largest "smallest possible p" among the rows with few repetitions
  std::string least_reachable_sizes;
  for (const auto& row : comparison.rows) {
    switch (row.status) {
      case RowStatus::only_in_baseline: baseline_only.push_back(row.name); break;
      case RowStatus::only_in_contender: contender_only.push_back(row.name); break;
      case RowStatus::error: errors.push_back(row.name + " (" + row.note + ")"); break;
      case RowStatus::not_compared: not_compared.push_back(row.name + " (" + row.note + ")"); break;
      default: break;
    }
    if (!row.few_repetitions || !row.samples) continue;
    const SampleComparison& s = *row.samples;
    few.push_back(row.name + ": " + std::to_string(s.baseline_count) + " vs " + std::to_string(s.contender_count));
    const double reachable = smallest_exact_p(s.baseline_count, s.contender_count);
    if (reachable > least_reachable) {
      least_reachable = reachable;
      least_reachable_sizes = std::to_string(s.baseline_count) + " vs " + std::to_string(s.contender_count);
    }
  }
  auto& warnings = comparison.warnings;
  if (!baseline_only.empty())
    warnings.push_back({CompareWarningKind::one_sided_rows,
                        benchmarks(baseline_only.size()) + " only in the baseline: " + warning_name_list(baseline_only)});
  if (!contender_only.empty())
    warnings.push_back({CompareWarningKind::one_sided_rows,
                        benchmarks(contender_only.size()) + " only in the contender: " + warning_name_list(contender_only)});
  if (!errors.empty())
    warnings.push_back({CompareWarningKind::error_rows, benchmarks(errors.size()) + " with error rows: " + warning_name_list(errors)});
  if (!not_compared.empty())
    warnings.push_back({CompareWarningKind::not_compared,
                        benchmarks(not_compared.size()) + " not compared: " + warning_name_list(not_compared)});
  if (!few.empty()) {
    std::string text = benchmarks(few.size()) + " judged on fewer than " + std::to_string(kRecommendedRepetitions) +
                       " repetitions per side (" + warning_name_list(few) + ")";
    if (least_reachable >= comparison.options.alpha) {
      char p[32];
      std::snprintf(p, sizeof p, "%.3g", least_reachable);
      text += "; with " + least_reachable_sizes + " the smallest possible p is " + p +
              ", so such a row cannot be significant";
    }
    warnings.push_back({CompareWarningKind::few_repetitions, text});
  }
}

std::string schema_text(const ReportFacts& facts) {
  return facts.schema_version ? "a shmbench report of schema_version " + std::to_string(*facts.schema_version)
                              : "a " + facts.tool + " report without a schema_version";
}
}  // namespace

Metric automatic_metric(const std::vector<const ReportRow*>& rows) {
  const auto all = [&](Metric metric) {
    return std::all_of(rows.begin(), rows.end(), [&](const ReportRow* row) { return carries(*row, metric); });
  };
  if (all(Metric::bytes_per_second)) return Metric::bytes_per_second;
  if (all(Metric::items_per_second)) return Metric::items_per_second;
  // A ping-pong row: its median round trip, not the batch mean in real_time (one slow
  // wake-up moves a mean, not a median).
  if (all(Metric::rtt_p50_ns)) return Metric::rtt_p50_ns;
  return Metric::time;
}

std::string warning_name_list(const std::vector<std::string>& names) {
  const auto shown = static_cast<std::ptrdiff_t>(std::min(names.size(), kNamesPerWarning));
  std::string text = join(std::vector<std::string>(names.begin(), names.begin() + shown));
  if (names.size() > kNamesPerWarning) text += " and " + std::to_string(names.size() - kNamesPerWarning) + " more";
  return text;
}

const char* to_string(Metric metric) { return kMetricNames[static_cast<int>(metric)]; }

bool higher_is_better(Metric metric) { return metric == Metric::bytes_per_second || metric == Metric::items_per_second; }

const std::vector<double>& samples_of(const ReportRow& row, Metric metric) {
  switch (metric) {
    case Metric::time: return row.ns;
    case Metric::bytes_per_second: return row.bytes_per_second;
    case Metric::items_per_second: return row.items_per_second;
    case Metric::rtt_p50_ns: return row.rtt_p50_ns;
  }
  return row.ns;
}

const char* to_string(MetricChoice choice) {
  // MetricChoice is automatic followed by the metrics in Metric's order.
  return choice == MetricChoice::automatic ? "auto" : kMetricNames[static_cast<int>(choice) - 1];
}

std::optional<MetricChoice> metric_choice_from_string(const std::string& name) {
  for (MetricChoice choice : {MetricChoice::automatic, MetricChoice::time, MetricChoice::bytes_per_second,
                              MetricChoice::items_per_second, MetricChoice::rtt_p50_ns})
    if (name == to_string(choice)) return choice;
  return std::nullopt;
}

SampleComparison compare_samples(const std::vector<double>& baseline, const std::vector<double>& contender,
                                 double confidence) {
  SampleComparison result;
  result.baseline_count = baseline.size();
  result.contender_count = contender.size();
  result.baseline_median = summarize(baseline).median;
  result.contender_median = summarize(contender).median;
  if (result.baseline_median > 0) result.median_ratio = result.contender_median / result.baseline_median;
  result.test = mann_whitney_u(baseline, contender);
  if (all_positive(baseline) && all_positive(contender)) result.ratio = hodges_lehmann_ratio(baseline, contender, confidence);
  return result;
}

const char* to_string(RowStatus status) {
  switch (status) {
    case RowStatus::regression: return "regression";
    case RowStatus::improvement: return "improvement";
    case RowStatus::no_change: return "no_significant_change";
    case RowStatus::only_in_baseline: return "only_in_baseline";
    case RowStatus::only_in_contender: return "only_in_contender";
    case RowStatus::error: return "error";
    case RowStatus::not_compared: return "not_compared";
  }
  return "not_compared";
}

std::optional<double> change_of(const RowComparison& row) {
  if (!row.samples || !row.samples->ratio) return std::nullopt;
  return row.samples->ratio->estimate - 1;
}

const char* to_string(CompareWarningKind kind) {
  switch (kind) {
    case CompareWarningKind::different_platform: return "different_platform";
    case CompareWarningKind::different_host: return "different_host";
    case CompareWarningKind::different_cpu: return "different_cpu";
    case CompareWarningKind::one_sided_rows: return "one_sided_rows";
    case CompareWarningKind::error_rows: return "error_rows";
    case CompareWarningKind::few_repetitions: return "few_repetitions";
    case CompareWarningKind::not_compared: return "not_compared";
  }
  return "not_compared";
}

CompareCounts Comparison::counts() const {
  CompareCounts counts;
  for (const auto& row : rows) {
    switch (row.status) {
      case RowStatus::regression: ++counts.regressions; break;
      case RowStatus::improvement: ++counts.improvements; break;
      case RowStatus::no_change: ++counts.unchanged; break;
      case RowStatus::only_in_baseline: ++counts.only_in_baseline; break;
      case RowStatus::only_in_contender: ++counts.only_in_contender; break;
      case RowStatus::error: ++counts.errors; break;
      case RowStatus::not_compared: ++counts.not_compared; break;
    }
  }
  return counts;
}

bool Comparison::regressed() const { return counts().regressions > 0; }

Comparison compare(const LoadedReport& baseline, const LoadedReport& contender, const CompareOptions& options) {
  // 4 only added fields to 3 (the transfer scenario): their rows compare alike.
  const auto format_of = [](const std::optional<int>& v) { return v && *v == 4 ? std::optional<int>(3) : v; };
  if (format_of(baseline.facts.schema_version) != format_of(contender.facts.schema_version))
    throw BadInput{"cannot compare " + baseline.facts.label + " (" + schema_text(baseline.facts) + ") with " +
                   contender.facts.label + " (" + schema_text(contender.facts) + ")"};
  Comparison comparison;
  comparison.baseline = baseline.facts;
  comparison.contender = contender.facts;
  comparison.options = options;

  for (const auto& row : baseline.rows)
    comparison.rows.push_back(compare_row(row.name, &row, contender.find(row.name), options));
  for (const auto& row : contender.rows)
    if (!baseline.find(row.name)) comparison.rows.push_back(compare_row(row.name, nullptr, &row, options));

  // One family for the correction: every row that has a p-value.
  std::vector<std::size_t> tested;
  std::vector<double> p;
  for (std::size_t i = 0; i < comparison.rows.size(); ++i)
    if (comparison.rows[i].samples) {
      tested.push_back(i);
      p.push_back(comparison.rows[i].samples->test.p_value);
    }
  const std::vector<double> adjusted = adjust_p_values(p, options.correction);
  for (std::size_t k = 0; k < tested.size(); ++k) {
    RowComparison& row = comparison.rows[tested[k]];
    row.adjusted_p = adjusted[k];
    row.status = verdict(row, options);
  }
  comparison.tested = tested.size();

  warn_if_different(comparison.warnings, CompareWarningKind::different_platform, "platforms", baseline.facts.platform,
                    contender.facts.platform, comparison);
  warn_if_different(comparison.warnings, CompareWarningKind::different_host, "hosts", baseline.facts.host,
                    contender.facts.host, comparison);
  warn_if_different(comparison.warnings, CompareWarningKind::different_cpu, "CPU models", baseline.facts.cpu_model,
                    contender.facts.cpu_model, comparison);
  add_row_warnings(comparison);
  return comparison;
}

}  // namespace shmbench
