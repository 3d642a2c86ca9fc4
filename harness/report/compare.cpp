#include "report/compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "common/bad_input.hpp"
#include "common/dates.hpp"
#include "common/text.hpp"
#include "measure/stats.hpp"
#include "report/environment_report.hpp"
#include "report/machine_drift.hpp"

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
  row.samples = options.paired && before.size() == after.size() ? compare_paired(before, after, options.confidence)
                                                                 : compare_samples(before, after, options.confidence);
  row.few_repetitions = before.size() < kRecommendedRepetitions || after.size() < kRecommendedRepetitions;
  row.status = RowStatus::no_change;
  return row;
}

// Significant (adjusted p below alpha) and beyond the threshold in one direction.
RowStatus verdict(const std::optional<double>& change, const std::optional<double>& adjusted_p, Metric metric,
                  const CompareOptions& options) {
  if (!change || !adjusted_p || !(*adjusted_p < options.alpha)) return RowStatus::no_change;
  const double worse = higher_is_better(metric) ? -*change : *change;
  if (worse > options.threshold) return RowStatus::regression;
  if (worse < -options.threshold) return RowStatus::improvement;
  return RowStatus::no_change;
}

// One run's median of a benchmark's metric; nullopt where the run lacks the row, has an
// error there, or lacks the metric on a repetition.
std::optional<double> run_median(const LoadedReport& run, const std::string& name, Metric metric) {
  const ReportRow* row = run.find(name);
  if (!row || !row->error.empty()) return std::nullopt;
  const std::vector<double>& values = samples_of(*row, metric);
  if (values.empty() || values.size() != row->ns.size()) return std::nullopt;
  return median_of(values);
}

// The medians of one benchmark's metric, one per run that has it (run_median).
std::vector<double> run_medians(const std::vector<LoadedReport>& runs, const std::string& name, Metric metric) {
  std::vector<double> medians;
  for (const auto& run : runs)
    if (const auto median = run_median(run, name, metric)) medians.push_back(*median);
  return medians;
}

// "create/posix" of "create/posix/4096" (and of "create/posix/4096/..."); "" for a name
// of fewer than three parts, which has no sizes to pool over.
std::string pool_key(const std::string& name) {
  const auto first = name.find('/');
  if (first == std::string::npos) return "";
  const auto second = name.find('/', first + 1);
  if (second == std::string::npos) return "";
  return name.substr(0, second);
}

// The geometric mean over `rows` of one position (a repetition or a run) each.
double geometric_mean(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += std::log(v);
  return std::exp(sum / static_cast<double>(values.size()));
}

// Scores per position: position k's score is the geometric mean over the rows of their
// k-th value; only positions every row has.
std::vector<double> scores(const std::vector<const std::vector<double>*>& per_row) {
  std::size_t count = per_row.front()->size();
  for (const auto* values : per_row) count = std::min(count, values->size());
  std::vector<double> out;
  for (std::size_t k = 0; k < count; ++k) {
    std::vector<double> at_k;
    for (const auto* values : per_row) at_k.push_back((*values)[k]);
    out.push_back(geometric_mean(at_k));
  }
  return out;
}

// Each operation of a backend over its sizes: the rows with samples (judged so far as
// no_change) grouped by pool_key, two or more of one metric.
std::vector<PooledComparison> pool_rows(const std::vector<RowComparison>& rows, const LoadedReport& baseline,
                                        const LoadedReport& contender, const std::vector<LoadedReport>& baseline_runs,
                                        const std::vector<LoadedReport>& contender_runs, bool run_level,
                                        const CompareOptions& options) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const RowComparison*>> groups;
  const auto add = [&](const std::string& key, const RowComparison& row) {
    if (!groups.count(key)) order.push_back(key);
    groups[key].push_back(&row);
  };
  for (const auto& row : rows) {
    if (!row.samples) continue;
    const std::string key = pool_key(row.name);
    if (key.empty()) continue;
    add(key, row);
  }
  // --pool-backends: one more group per operation, over its every backend and size. A
  // planted change of a call that every backend makes is then one test on all of them.
  if (options.pool_backends)
    for (const auto& row : rows)
      if (row.samples && !pool_key(row.name).empty())
        add(row.name.substr(0, row.name.find('/')) + kEveryBackend, row);
  std::vector<PooledComparison> pooled;
  for (const auto& key : order) {
    const auto& members = groups[key];
    if (members.size() < 2) continue;
    // An operation only one backend has: its every-backend group would repeat that
    // backend's group, one more test of the same rows in the correction.
    const bool one_backend = std::all_of(members.begin(), members.end(), [&](const RowComparison* r) {
      return pool_key(r->name) == pool_key(members.front()->name);
    });
    if (key != pool_key(members.front()->name) && one_backend) continue;
    const Metric metric = members.front()->metric;
    if (std::any_of(members.begin(), members.end(), [&](const RowComparison* r) { return r->metric != metric; }))
      continue;
    PooledComparison group;
    group.name = key;
    group.metric = metric;
    for (const auto* member : members) group.rows.push_back(member->name);
    if (run_level) {
      // Per run: the geometric mean of its medians over the sizes; a run that lacks a size
      // is left out.
      const auto run_scores = [&](const std::vector<LoadedReport>& runs) {
        std::vector<double> out;
        for (const auto& run : runs) {
          std::vector<double> medians;
          for (const auto* member : members) {
            const auto median = run_median(run, member->name, metric);
            if (!median) break;
            medians.push_back(*median);
          }
          if (medians.size() == members.size()) out.push_back(geometric_mean(medians));
        }
        return out;
      };
      group.runs = compare_run_medians(run_scores(baseline_runs), run_scores(contender_runs), options.confidence);
      if (!group.runs) continue;
    } else {
      std::vector<const std::vector<double>*> before, after;
      for (const auto* member : members) {
        before.push_back(&samples_of(*baseline.find(member->name), metric));
        after.push_back(&samples_of(*contender.find(member->name), metric));
      }
      const std::vector<double> b = scores(before), c = scores(after);
      if (b.size() < kMinimumRepetitions || c.size() < kMinimumRepetitions) continue;
      group.samples = options.paired && b.size() == c.size() ? compare_paired(b, c, options.confidence)
                                                             : compare_samples(b, c, options.confidence);
    }
    pooled.push_back(std::move(group));
  }
  return pooled;
}

std::string minutes_text(double minutes) {
  char text[64];
  std::snprintf(text, sizeof text, minutes < 120 ? "%.0f minutes" : "%.1f hours", minutes < 120 ? minutes : minutes / 60);
  return text;
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

SampleComparison compare_paired(const std::vector<double>& baseline, const std::vector<double>& contender,
                                double confidence) {
  SampleComparison result;
  result.paired = true;
  result.baseline_count = baseline.size();
  result.contender_count = contender.size();
  result.baseline_median = summarize(baseline).median;
  result.contender_median = summarize(contender).median;
  if (result.baseline_median > 0) result.median_ratio = result.contender_median / result.baseline_median;
  std::vector<double> log_ratios;
  for (std::size_t i = 0; i < baseline.size(); ++i) log_ratios.push_back(std::log(contender[i] / baseline[i]));
  result.test = wilcoxon_signed_rank(log_ratios);
  result.ratio = paired_ratio(baseline, contender, confidence);
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
    case RowStatus::not_gated: return "not_gated";
  }
  return "not_compared";
}

std::optional<double> change_of(const RowComparison& row) {
  if (row.runs) return row.runs->ratio - 1;
  if (!row.samples || !row.samples->ratio) return std::nullopt;
  return row.samples->ratio->estimate - 1;
}

std::optional<double> p_value_of(const RowComparison& row) {
  if (row.runs) return row.runs->p_value;
  if (row.samples) return row.samples->test.p_value;
  return std::nullopt;
}

std::optional<double> change_of(const PooledComparison& pooled) {
  if (pooled.runs) return pooled.runs->ratio - 1;
  if (!pooled.samples || !pooled.samples->ratio) return std::nullopt;
  return pooled.samples->ratio->estimate - 1;
}

std::optional<double> p_value_of(const PooledComparison& pooled) {
  if (pooled.runs) return pooled.runs->p_value;
  if (pooled.samples) return pooled.samples->test.p_value;
  return std::nullopt;
}

const char* to_string(CompareWarningKind kind) {
  switch (kind) {
    case CompareWarningKind::taken_apart: return "taken_apart";
    case CompareWarningKind::different_platform: return "different_platform";
    case CompareWarningKind::different_host: return "different_host";
    case CompareWarningKind::different_cpu: return "different_cpu";
    case CompareWarningKind::one_sided_rows: return "one_sided_rows";
    case CompareWarningKind::error_rows: return "error_rows";
    case CompareWarningKind::few_repetitions: return "few_repetitions";
    case CompareWarningKind::not_compared: return "not_compared";
    case CompareWarningKind::other_load: return "other_load";
    case CompareWarningKind::machine_drift: return "machine_drift";
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
      case RowStatus::not_gated: ++counts.not_gated; break;
    }
  }
  return counts;
}

bool Comparison::regressed() const {
  return counts().regressions > 0 ||
         std::any_of(pooled.begin(), pooled.end(), [](const PooledComparison& p) { return p.status == RowStatus::regression; });
}

std::string taken_apart(const ReportFacts& baseline, const ReportFacts& contender, double apart_minutes) {
  if (!baseline.host.empty() && !contender.host.empty() && baseline.host != contender.host)
    return "other hosts (" + baseline.host + ", " + contender.host + ")";
  if (!baseline.boot_id.empty() && !contender.boot_id.empty() && baseline.boot_id != contender.boot_id)
    return "other boots of the machine";
  const auto before = epoch_seconds(baseline.date), after = epoch_seconds(contender.date);
  if (before && after) {
    const double minutes = std::fabs(static_cast<double>(*after - *before)) / 60;
    if (minutes > apart_minutes) return "taken " + minutes_text(minutes) + " apart";
  }
  return "";
}

namespace {
// Which of a side's runs a warning is about: "the baseline's run (a.json)" for a side of
// one run, else "2 of the baseline's 3 runs (the busiest shown)", `shown` naming the run
// whose figure the warning gives.
std::string runs_of_side(const std::string& side, const std::string& label, std::size_t flagged, std::size_t runs,
                         const std::string& shown) {
  if (runs == 1) return "the " + side + "'s run (" + label + ")";
  return std::to_string(flagged) + " of the " + side + "'s " + std::to_string(runs) + " runs (" + shown + ")";
}

// A side's runs that shared the CPUs with other processes beyond the line (the reports'
// environment.other_load_fraction): their figures are not the build's alone.
void warn_other_load(std::vector<CompareWarning>& warnings, const std::string& side, const std::string& label,
                     const std::vector<LoadedReport>& runs) {
  std::size_t busy = 0;
  double most = 0;
  for (const auto& run : runs) {
    if (!(run.facts.other_load > kOtherLoadWarningFraction)) continue;
    ++busy;
    most = std::max(most, run.facts.other_load);
  }
  if (busy == 0) return;
  warnings.push_back({CompareWarningKind::other_load,
                      other_load_warning(most, runs_of_side(side, label, busy, runs.size(), "the busiest shown"))});
}

// A side's runs during which the whole machine changed speed (the reports'
// run.machine_drift_fraction beyond kMachineDriftFraction): each mixes a faster and a
// slower machine, and a comparison across time inherits that.
void warn_machine_drift(std::vector<CompareWarning>& warnings, const std::string& side, const std::string& label,
                        const std::vector<LoadedReport>& runs) {
  std::size_t moved = 0;
  double most = 0;
  for (const auto& run : runs) {
    if (!run.facts.machine_drift || !(std::fabs(*run.facts.machine_drift) > kMachineDriftFraction)) continue;
    ++moved;
    if (std::fabs(*run.facts.machine_drift) > std::fabs(most)) most = *run.facts.machine_drift;
  }
  if (moved == 0) return;
  char text[96];
  std::snprintf(text, sizeof text, "%.1f %% %s", std::fabs(most) * 100, most > 0 ? "slower" : "faster");
  warnings.push_back({CompareWarningKind::machine_drift,
                      "the machine ran " + std::string(text) + " at the end than at the start of " +
                          runs_of_side(side, label, moved, runs.size(), "the largest move shown") +
                          ": its figures mix a faster and a slower machine"});
}
}  // namespace

Comparison compare(const LoadedReport& baseline, const LoadedReport& contender, const CompareOptions& options) {
  return compare_runs({baseline}, {contender}, options, baseline.facts.label, contender.facts.label);
}

Comparison compare_runs(const std::vector<LoadedReport>& baseline_runs, const std::vector<LoadedReport>& contender_runs,
                        const CompareOptions& options, const std::string& baseline_label,
                        const std::string& contender_label) {
  if (baseline_runs.empty() || contender_runs.empty()) throw std::invalid_argument("compare_runs: a side has no run");
  const auto merged = [](const std::vector<LoadedReport>& runs, const std::string& label) {
    if (runs.size() == 1) {
      LoadedReport one = runs.front();
      if (!label.empty()) one.facts.label = label;
      return one;
    }
    return merge_reports(runs, label.empty() ? std::to_string(runs.size()) + " runs" : label);
  };
  // A run --duet figure was measured beside another backend on half the CPUs: beside a
  // run that had the machine to itself it would read as a change of the build.
  const bool duet = baseline_runs.front().facts.duet;
  const auto same_kind = [duet](const LoadedReport& run) { return run.facts.duet == duet; };
  if (!std::all_of(baseline_runs.begin(), baseline_runs.end(), same_kind) ||
      !std::all_of(contender_runs.begin(), contender_runs.end(), same_kind))
    throw BadInput{std::string("cannot compare a run --duet report with one that is not: ") + kDuetNotAbsolute};
  const LoadedReport baseline = merged(baseline_runs, baseline_label);
  const LoadedReport contender = merged(contender_runs, contender_label);
  // 4 only added fields to 3 (the transfer scenario): their rows compare alike.
  const auto format_of = [](const std::optional<int>& v) { return v && *v == 4 ? std::optional<int>(3) : v; };
  if (format_of(baseline.facts.schema_version) != format_of(contender.facts.schema_version))
    throw BadInput{"cannot compare " + baseline.facts.label + " (" + schema_text(baseline.facts) + ") with " +
                   contender.facts.label + " (" + schema_text(contender.facts) + ")"};
  Comparison comparison;
  comparison.baseline = baseline.facts;
  comparison.contender = contender.facts;
  comparison.baseline_runs = baseline_runs.size();
  comparison.contender_runs = contender_runs.size();
  comparison.options = options;

  for (const auto& row : baseline.rows)
    comparison.rows.push_back(compare_row(row.name, &row, contender.find(row.name), options));
  for (const auto& row : contender.rows)
    if (!baseline.find(row.name)) comparison.rows.push_back(compare_row(row.name, nullptr, &row, options));

  // Several runs on both sides: each row is judged on its runs' medians.
  const bool run_level = baseline_runs.size() >= kMinimumRuns && contender_runs.size() >= kMinimumRuns;
  if (run_level)
    for (auto& row : comparison.rows)
      if (row.samples)
        row.runs = compare_run_medians(run_medians(baseline_runs, row.name, row.metric),
                                       run_medians(contender_runs, row.name, row.metric), options.confidence);
  if (options.pool)
    comparison.pooled = pool_rows(comparison.rows, baseline, contender, baseline_runs, contender_runs, run_level, options);

  // One family for the correction: every row and every pooled test that has a p-value.
  std::vector<double> p;
  for (const auto& row : comparison.rows)
    if (const auto value = p_value_of(row)) p.push_back(*value);
  for (const auto& group : comparison.pooled)
    if (const auto value = p_value_of(group)) p.push_back(*value);
  const std::vector<double> adjusted = adjust_p_values(p, options.correction);
  std::size_t k = 0;
  for (auto& row : comparison.rows)
    if (p_value_of(row)) {
      row.adjusted_p = adjusted[k++];
      row.status = verdict(change_of(row), row.adjusted_p, row.metric, options);
    }
  for (auto& group : comparison.pooled)
    if (p_value_of(group)) {
      group.adjusted_p = adjusted[k++];
      group.status = verdict(change_of(group), group.adjusted_p, group.metric, options);
    }
  comparison.tested = p.size();

  // One run per side, taken apart: the repetitions of each run show how much that run
  // varied, not how far the machine moves between runs, so a change is reported, not gated.
  if (baseline_runs.size() == 1 && contender_runs.size() == 1) {
    comparison.apart = taken_apart(baseline.facts, contender.facts, options.apart_minutes);
    if (!comparison.apart.empty() && !options.gate_apart) {
      std::vector<std::string> moved;
      const auto not_gated = [&](RowStatus& status, const std::string& name) {
        if (status != RowStatus::regression && status != RowStatus::improvement) return;
        status = RowStatus::not_gated;
        moved.push_back(name);
      };
      for (auto& row : comparison.rows) not_gated(row.status, row.name);
      for (auto& group : comparison.pooled) not_gated(group.status, group.name + " (pooled)");
      comparison.warnings.push_back(
          {CompareWarningKind::taken_apart,
           "one run per side, " + comparison.apart + ": " +
               (moved.empty() ? std::string("nothing moved beyond the threshold, and nothing is gated")
                              : benchmarks(moved.size()) + " moved beyond the threshold (" + warning_name_list(moved) +
                                    ") but are not gated") +
               "; one run's repetitions do not show how far the machine drifts between runs: compare several runs "
               "per side, use shmbench ab, or shmbench history check (--gate-apart gates anyway)"});
    }
  }

  warn_if_different(comparison.warnings, CompareWarningKind::different_platform, "platforms", baseline.facts.platform,
                    contender.facts.platform, comparison);
  warn_if_different(comparison.warnings, CompareWarningKind::different_host, "hosts", baseline.facts.host,
                    contender.facts.host, comparison);
  warn_if_different(comparison.warnings, CompareWarningKind::different_cpu, "CPU models", baseline.facts.cpu_model,
                    contender.facts.cpu_model, comparison);
  warn_other_load(comparison.warnings, "baseline", baseline.facts.label, baseline_runs);
  warn_other_load(comparison.warnings, "contender", contender.facts.label, contender_runs);
  warn_machine_drift(comparison.warnings, "baseline", baseline.facts.label, baseline_runs);
  warn_machine_drift(comparison.warnings, "contender", contender.facts.label, contender_runs);
  add_row_warnings(comparison);
  return comparison;
}

}  // namespace shmbench
