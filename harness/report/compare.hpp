// Compares two builds benchmark by benchmark, from one report or several runs per side.
// With one run per side, each row's repetitions are tested with the Mann-Whitney U test
// and the shift is estimated as a Hodges-Lehmann ratio with its confidence interval; with
// several runs per side, the unit is the run (run_level.hpp: Welch's t on the logarithms
// of the runs' medians), so the variance between runs is in the interval. A row regresses
// only when the change is both significant (p corrected over every test made) and larger
// than a threshold. Beside the rows, each operation of each backend is judged once over
// its sizes (pooled), so a call that got a few percent slower at every size is one clear
// finding. Two single runs taken apart in time (other dates, boots or hosts) are not
// gated: their repetitions do not show how far the machine drifts between runs. Computed
// once here; compare_format.hpp only formats it. `shmbench compare` and `shmbench ab`
// (whose interleaved rounds are its runs) share it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "report/p_value_adjustment.hpp"
#include "report/rank_statistics.hpp"
#include "report/report_reader.hpp"
#include "report/run_level.hpp"

namespace shmbench {

// Fewer repetitions than this on a side: the row is still judged but carries a warning
// (the U test has little power: 4 against 4 reaches p = 0.029 at best).
inline constexpr std::size_t kRecommendedRepetitions = 5;
// Fewer than this on a side: nothing to rank, the row is not compared.
inline constexpr std::size_t kMinimumRepetitions = 2;

// What a row's samples are: its time, or a throughput counter when the report has one.
enum class Metric { time, bytes_per_second, items_per_second, rtt_p50_ns };
const char* to_string(Metric metric);  // "time", "bytes_per_second", "items_per_second"
// Time is better lower, a throughput higher.
bool higher_is_better(Metric metric);
// The samples of `row` for `metric`: ns per repetition, or the counter per repetition
// (empty when the report does not carry it for every repetition).
const std::vector<double>& samples_of(const ReportRow& row, Metric metric);

// auto: per row, bytes_per_second where both sides have it, else items_per_second where
// both have it, else time.
enum class MetricChoice { automatic, time, bytes_per_second, items_per_second, rtt_p50_ns };

// What `auto` picks for samples of one benchmark that are to be judged together (two
// reports here; a run and its history in history/): bytes_per_second where every row
// carries it for every repetition, else items_per_second, else rtt_p50_ns (ping-pong
// rows), else time.
Metric automatic_metric(const std::vector<const ReportRow*>& rows);
const char* to_string(MetricChoice choice);  // "auto", or the metric's name
std::optional<MetricChoice> metric_choice_from_string(const std::string& name);

struct CompareOptions {
  MetricChoice metric = MetricChoice::automatic;
  Correction correction = Correction::holm;
  double alpha = 0.05;       // a row is significant when its adjusted p is below this
  double threshold = 0.05;   // and its change is beyond this fraction (0.05 = 5 %)
  double confidence = 0.95;  // of the ratio's interval
  bool pool = true;          // judge each operation of a backend over its sizes too
  bool pool_backends = false;  // and each operation over every backend and size (pool is needed)
  // Repetition i of the baseline and of the contender ran at the same time (ab --mode
  // duet): rows are judged on the pairs (compare_paired), not as two samples.
  bool paired = false;
  // Two single runs taken apart (dates more than apart_minutes apart, other boots or
  // hosts) are judged but not gated, unless gate_apart.
  bool gate_apart = false;
  double apart_minutes = 10;
};

// Two samples of one metric, compared: what a table row shows.
struct SampleComparison {
  bool paired = false;  // compare_paired: `test` is the signed-rank test, `ratio` the paired ratio
  std::size_t baseline_count = 0, contender_count = 0;
  double baseline_median = 0, contender_median = 0;
  std::optional<double> median_ratio;  // contender / baseline median; unset for a baseline median of 0
  UTest test;                          // of baseline (x) against contender (y)
  // Hodges-Lehmann contender / baseline with its interval; unset when a value is not
  // positive (a ratio needs logarithms).
  std::optional<ShiftEstimate> ratio;
};

// Both samples need at least kMinimumRepetitions values.
SampleComparison compare_samples(const std::vector<double>& baseline, const std::vector<double>& contender,
                                 double confidence);
// Pairs (baseline_i, contender_i) measured together: the Wilcoxon signed-rank test of the
// log ratios and the median ratio with the sign test's interval (paired_ratio). The
// samples must have the same size (kMinimumRepetitions or more) and positive values.
SampleComparison compare_paired(const std::vector<double>& baseline, const std::vector<double>& contender,
                                double confidence);

enum class RowStatus {
  regression,         // significant, and worse by more than the threshold
  improvement,        // significant, and better by more than the threshold
  no_change,          // neither (not significant, or within the threshold)
  only_in_baseline,   // the contender has no row of this name
  only_in_contender,  // the baseline has no row of this name
  error,              // an error row on either side
  not_compared,       // too few repetitions, the metric missing on a side, or a value ≤ 0
  not_gated,          // significant and beyond the threshold, but one run per side taken apart
};
// "regression", "improvement", "no_significant_change", "only_in_baseline",
// "only_in_contender", "error", "not_compared", "not_gated".
const char* to_string(RowStatus status);

struct RowComparison {
  std::string name;
  RowStatus status = RowStatus::not_compared;
  Metric metric = Metric::time;
  std::optional<SampleComparison> samples;  // set for regression, improvement, no_change, not_gated
  // With several runs on both sides: the run-level test, which then decides the row (its
  // p and change); `samples` still shows every repetition's medians.
  std::optional<RunLevelTest> runs;
  std::optional<double> adjusted_p;         // after the correction over every test made
  bool few_repetitions = false;             // judged on fewer than kRecommendedRepetitions on a side
  std::string note;                         // the error (which side), or why not compared
};

// The relative change of the row's metric, contender against baseline: from the
// run-level ratio where there is one, else the Hodges-Lehmann ratio. +0.10 is 10 % more
// time (or throughput). Unset without a ratio.
std::optional<double> change_of(const RowComparison& row);
// The row's p before the correction (run-level where there is one); unset without samples.
std::optional<double> p_value_of(const RowComparison& row);

// One operation of one backend over its sizes ("create/posix" over create/posix/4096,
// .../65536, ...): each repetition (with one run per side) or each run (with several)
// is scored by the geometric mean over the sizes of its values, and the scores are
// compared as a row's samples are. A round's sizes share what the round drew, so they are
// scored together rather than counted as independent tests; averaging over sizes cancels
// part of each size's noise, and a shift common to every size adds up.
// With --pool-backends, also one operation over every backend and size ("create (every
// backend)"), for a change in a call every backend makes.
inline constexpr const char* kEveryBackend = " (every backend)";

struct PooledComparison {
  std::string name;               // "create/posix", or "create (every backend)"
  std::vector<std::string> rows;  // the rows pooled, one per size (and backend)
  Metric metric = Metric::time;
  RowStatus status = RowStatus::no_change;  // regression, improvement, no_change or not_gated
  std::optional<SampleComparison> samples;  // of the scores, one per repetition (one run per side)
  std::optional<RunLevelTest> runs;         // of the scores, one per run (several runs per side)
  std::optional<double> adjusted_p;
};
std::optional<double> change_of(const PooledComparison& pooled);
std::optional<double> p_value_of(const PooledComparison& pooled);

// Why two single runs are taken apart: "dates 65 minutes apart", "other boots", "other
// hosts"; empty when they are not.
std::string taken_apart(const ReportFacts& baseline, const ReportFacts& contender, double apart_minutes);

enum class CompareWarningKind {
  taken_apart,      // one run per side, taken apart: judged, not gated
  different_platform,
  different_host,
  different_cpu,
  one_sided_rows,   // benchmarks only one report has
  error_rows,       // benchmarks with an error row on either side
  few_repetitions,  // benchmarks judged on fewer than kRecommendedRepetitions
  not_compared,     // benchmarks that could not be compared
  other_load,       // other processes kept the CPUs busy during a run (ab: during the A/B)
  machine_drift,    // the whole machine changed speed during a run (report/machine_drift.hpp)
};
const char* to_string(CompareWarningKind kind);

struct CompareWarning {
  CompareWarningKind kind;
  std::string text;  // one line, e.g. "different hosts: vm (a.json) vs ci-7 (b.json)"
};

// "a, b, c and 4 more": the first few names of a list, for a one-line warning.
std::string warning_name_list(const std::vector<std::string>& names);

struct CompareCounts {
  std::size_t regressions = 0, improvements = 0, unchanged = 0, only_in_baseline = 0, only_in_contender = 0,
              errors = 0, not_compared = 0, not_gated = 0;
};

struct Comparison {
  ReportFacts baseline, contender;  // with several runs, the merged runs' facts
  std::size_t baseline_runs = 1, contender_runs = 1;
  CompareOptions options;
  std::vector<RowComparison> rows;  // the baseline's order, then the rows only the contender has
  std::vector<PooledComparison> pooled;  // one per operation and backend with two or more sizes
  std::size_t tested = 0;           // rows and pooled tests with a p-value: the family the correction ran over
  std::string apart;                // why the two single runs are taken apart (taken_apart), or ""
  std::string design;               // how the runs were taken, when a caller knows (ab), or ""
  std::vector<CompareWarning> warnings;

  CompareCounts counts() const;     // of the rows
  bool regressed() const;  // any row or pooled test is a regression
};

// Throws BadInput when the reports cannot be compared at all: one is a shmbench report of
// one schema version and the other of another (or not a shmbench report).
Comparison compare(const LoadedReport& baseline, const LoadedReport& contender, const CompareOptions& options);

// Several runs per side (each a report of one run of one build): with at least
// kMinimumRuns on both sides, rows and pooled tests are judged on run medians; with one on
// a side, as compare() does on the merged runs. The runs of a side must share schema,
// tool and platform (BadInput otherwise). `label`s name the sides.
Comparison compare_runs(const std::vector<LoadedReport>& baseline_runs, const std::vector<LoadedReport>& contender_runs,
                        const CompareOptions& options, const std::string& baseline_label = "",
                        const std::string& contender_label = "");

}  // namespace shmbench
