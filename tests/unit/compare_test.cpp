// Comparing two reports (harness/report/compare.hpp): pairing by name, verdicts and their
// direction (time lower is better, throughput higher), the threshold and the correction,
// one-sided and error rows, too few repetitions, warnings, merged runs.
#include "report/compare.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "common/bad_input.hpp"
#include "support/report_samples.hpp"

namespace shmbench {
namespace {

using test::error_row;
using test::items_row;
using test::low_noise;
using test::report_of;
using test::throughput_row;
using test::time_row;

const RowComparison& row_named(const Comparison& comparison, const std::string& name) {
  const auto it = std::find_if(comparison.rows.begin(), comparison.rows.end(),
                               [&](const RowComparison& row) { return row.name == name; });
  if (it == comparison.rows.end()) throw std::runtime_error("no row " + name);
  return *it;
}

bool has_warning(const Comparison& comparison, CompareWarningKind kind, const std::string& text = "") {
  return std::any_of(comparison.warnings.begin(), comparison.warnings.end(), [&](const CompareWarning& w) {
    return w.kind == kind && w.text.find(text) != std::string::npos;
  });
}

// Three latency rows; the contender's create takes `create_factor` times as long.
Comparison compare_create(double create_factor, const CompareOptions& options = {}) {
  const auto rows = [](double factor) {
    return std::vector<ReportRow>{time_row("create/posix/4096", low_noise(20000 * factor)),
                                  time_row("open/posix/4096", low_noise(5000)),
                                  time_row("close/posix/4096", low_noise(8000))};
  };
  return compare(report_of("base.json", rows(1)), report_of("new.json", rows(create_factor)), options);
}

// One throughput row; the contender's copy takes `time_factor` times as long.
Comparison compare_copy(double time_factor, const CompareOptions& options = {}) {
  return compare(report_of("base.json", {throughput_row("copy/posix/1048576", low_noise(25000), 1048576)}),
                 report_of("new.json", {throughput_row("copy/posix/1048576", low_noise(25000 * time_factor), 1048576)}),
                 options);
}

TEST(Compare, PlantedTenPercentSlowdownIsARegression) {
  const Comparison comparison = compare_create(1.10);
  const RowComparison& create = row_named(comparison, "create/posix/4096");
  EXPECT_EQ(create.status, RowStatus::regression);
  EXPECT_EQ(create.metric, Metric::time);
  ASSERT_TRUE(create.samples && create.adjusted_p);
  EXPECT_NEAR(*change_of(create), 0.10, 0.005);
  EXPECT_NEAR(*create.samples->median_ratio, 1.10, 1e-9);
  // 9 against 9, completely separated: p = 2 / 48620, Holm over the 3 rows tested.
  EXPECT_NEAR(create.samples->test.p_value, 2.0 / 48620, 1e-12);
  EXPECT_NEAR(*create.adjusted_p, 3 * 2.0 / 48620, 1e-12);
  ASSERT_TRUE(create.samples->ratio->lower && create.samples->ratio->upper);
  EXPECT_LT(*create.samples->ratio->lower, 1.10);
  EXPECT_GT(*create.samples->ratio->upper, 1.10);
  EXPECT_EQ(row_named(comparison, "open/posix/4096").status, RowStatus::no_change);
  EXPECT_EQ(row_named(comparison, "close/posix/4096").status, RowStatus::no_change);
  EXPECT_TRUE(comparison.regressed());
  EXPECT_EQ(comparison.counts().regressions, 1u);
  EXPECT_EQ(comparison.counts().unchanged, 2u);
  EXPECT_EQ(comparison.tested, 3u);
  EXPECT_TRUE(comparison.warnings.empty());
}

TEST(Compare, TenPercentLessTimeIsAnImprovement) {
  const Comparison comparison = compare_create(0.90);
  EXPECT_EQ(row_named(comparison, "create/posix/4096").status, RowStatus::improvement);
  EXPECT_FALSE(comparison.regressed());
}

TEST(Compare, IdenticalReportsHaveNoChange) {
  const Comparison comparison = compare_create(1.0);
  for (const auto& row : comparison.rows) {
    EXPECT_EQ(row.status, RowStatus::no_change) << row.name;
    EXPECT_EQ(*row.adjusted_p, 1) << row.name;
    EXPECT_NEAR(*change_of(row), 0, 1e-12) << row.name;
  }
  EXPECT_FALSE(comparison.regressed());
}

TEST(Compare, TenPercentLessThroughputIsARegression) {
  // 1 / 0.9 the time: bytes/s drop by 10 %.
  const RowComparison& copy = compare_copy(1 / 0.9).rows.at(0);
  EXPECT_EQ(copy.metric, Metric::bytes_per_second);
  EXPECT_EQ(copy.status, RowStatus::regression);
  EXPECT_NEAR(*change_of(copy), -0.10, 0.005);
}

TEST(Compare, TenPercentMoreThroughputIsAnImprovement) {
  const RowComparison& copy = compare_copy(1 / 1.1).rows.at(0);
  EXPECT_EQ(copy.metric, Metric::bytes_per_second);
  EXPECT_EQ(copy.status, RowStatus::improvement);
  EXPECT_NEAR(*change_of(copy), 0.10, 0.005);
}

TEST(Compare, MetricTimeComparesTimeWhereThroughputExists) {
  CompareOptions options;
  options.metric = MetricChoice::time;
  const RowComparison& copy = compare_copy(1 / 0.9, options).rows.at(0);
  EXPECT_EQ(copy.metric, Metric::time);
  EXPECT_EQ(copy.status, RowStatus::regression);
  EXPECT_NEAR(*change_of(copy), 1 / 0.9 - 1, 0.005);  // the same slowdown, seen as time
}

TEST(Compare, AMetricARowLacksIsNotCompared) {
  CompareOptions options;
  options.metric = MetricChoice::bytes_per_second;
  const Comparison comparison = compare_create(1.10, options);
  const RowComparison& create = row_named(comparison, "create/posix/4096");
  EXPECT_EQ(create.status, RowStatus::not_compared);
  EXPECT_EQ(create.note, "no bytes_per_second in either report");
  EXPECT_FALSE(comparison.regressed());
  EXPECT_TRUE(has_warning(comparison, CompareWarningKind::not_compared, "3 benchmarks not compared"));
}

TEST(Compare, ItemsPerSecondWhereThereAreNoBytes) {
  const auto report = [](double factor) {
    return report_of("r", {items_row("open_close/posix/4096/real_time", low_noise(2500 * factor))});
  };
  const RowComparison& open = compare(report(1), report(1.2), {}).rows.at(0);
  EXPECT_EQ(open.metric, Metric::items_per_second);
  EXPECT_EQ(open.status, RowStatus::regression);  // 20 % more time: 1/1.2 the calls per second
  EXPECT_NEAR(*change_of(open), 1 / 1.2 - 1, 0.005);
}

TEST(Compare, SignificantButWithinTheThresholdIsNoChange) {
  const RowComparison& create = row_named(compare_create(1.03), "create/posix/4096");
  EXPECT_LT(*create.adjusted_p, 0.05);
  EXPECT_EQ(create.status, RowStatus::no_change);
}

TEST(Compare, ThresholdAndAlphaAreTheCallers) {
  CompareOptions wide;
  wide.threshold = 0.15;
  EXPECT_EQ(row_named(compare_create(1.10, wide), "create/posix/4096").status, RowStatus::no_change);
  CompareOptions strict;
  strict.alpha = 1e-4;  // Holm-adjusted p is 3 · 2 / 48620 = 1.2e-4
  EXPECT_EQ(row_named(compare_create(1.10, strict), "create/posix/4096").status, RowStatus::no_change);
  strict.correction = Correction::none;  // 4.1e-5 on its own
  EXPECT_EQ(row_named(compare_create(1.10, strict), "create/posix/4096").status, RowStatus::regression);
}

TEST(Compare, BenjaminiHochbergAdjustsLessThanHolm) {
  CompareOptions bh;
  bh.correction = Correction::bh;
  const RowComparison& create = row_named(compare_create(1.10, bh), "create/posix/4096");
  // The smallest of 3: 3/1 · p under both; the others (p = 1) stay at 1.
  EXPECT_NEAR(*create.adjusted_p, 3 * 2.0 / 48620, 1e-12);
  EXPECT_EQ(create.status, RowStatus::regression);
}

TEST(Compare, RowsPairByNameNotByPosition) {
  const LoadedReport baseline =
      report_of("a", {time_row("x/posix/1", low_noise(100)), time_row("y/posix/1", low_noise(200))});
  const LoadedReport contender =
      report_of("b", {time_row("y/posix/1", low_noise(200)), time_row("x/posix/1", low_noise(100))});
  const Comparison comparison = compare(baseline, contender, {});
  ASSERT_EQ(comparison.rows.size(), 2u);
  EXPECT_EQ(comparison.rows[0].name, "x/posix/1");  // the baseline's order
  for (const auto& row : comparison.rows) EXPECT_EQ(row.status, RowStatus::no_change);
}

TEST(Compare, RowsOnOneSideAreReportedNotJudged) {
  const LoadedReport baseline =
      report_of("a", {time_row("kept/posix/1", low_noise(100)), time_row("gone/posix/1", low_noise(100))});
  const LoadedReport contender =
      report_of("b", {time_row("kept/posix/1", low_noise(100)), time_row("new/posix/1", low_noise(100))});
  const Comparison comparison = compare(baseline, contender, {});
  ASSERT_EQ(comparison.rows.size(), 3u);
  EXPECT_EQ(comparison.rows[2].name, "new/posix/1");  // contender-only rows come last
  EXPECT_EQ(row_named(comparison, "gone/posix/1").status, RowStatus::only_in_baseline);
  EXPECT_EQ(row_named(comparison, "new/posix/1").status, RowStatus::only_in_contender);
  EXPECT_FALSE(row_named(comparison, "gone/posix/1").samples);
  EXPECT_EQ(comparison.tested, 1u);
  EXPECT_FALSE(comparison.regressed());
  EXPECT_TRUE(has_warning(comparison, CompareWarningKind::one_sided_rows, "1 benchmark only in the baseline: gone"));
  EXPECT_TRUE(has_warning(comparison, CompareWarningKind::one_sided_rows, "1 benchmark only in the contender: new"));
}

TEST(Compare, ErrorRowsOnEitherSide) {
  const LoadedReport baseline = report_of("a", {error_row("open/posix/4096", "reader crashed"),
                                                time_row("copy/posix/4096", low_noise(100)),
                                                time_row("map/posix/4096", low_noise(100))});
  const LoadedReport contender = report_of("b", {time_row("open/posix/4096", low_noise(100)),
                                                 error_row("copy/posix/4096", "writer timed out"),
                                                 time_row("map/posix/4096", low_noise(100))});
  const Comparison comparison = compare(baseline, contender, {});
  EXPECT_EQ(row_named(comparison, "open/posix/4096").status, RowStatus::error);
  EXPECT_EQ(row_named(comparison, "open/posix/4096").note, "baseline: reader crashed");
  EXPECT_EQ(row_named(comparison, "copy/posix/4096").note, "contender: writer timed out");
  EXPECT_EQ(row_named(comparison, "map/posix/4096").status, RowStatus::no_change);
  EXPECT_EQ(comparison.counts().errors, 2u);
  EXPECT_FALSE(comparison.regressed());
  EXPECT_TRUE(has_warning(comparison, CompareWarningKind::error_rows, "2 benchmarks with error rows"));
}

TEST(Compare, FewerThanTwoRepetitionsAreNotCompared) {
  const Comparison comparison = compare(report_of("a", {time_row("x/posix/1", {100})}),
                                        report_of("b", {time_row("x/posix/1", low_noise(200))}), {});
  EXPECT_EQ(comparison.rows[0].status, RowStatus::not_compared);
  EXPECT_EQ(comparison.rows[0].note, "1 vs 9 repetitions: at least 2 per side are needed");
}

TEST(Compare, FewRepetitionsAreJudgedWithAWarning) {
  // 3 against 3 can never reach p < 0.1: a 50 % slowdown is still "no change".
  const Comparison comparison = compare(report_of("a", {time_row("x/posix/1", low_noise(100, 3))}),
                                        report_of("b", {time_row("x/posix/1", low_noise(150, 3))}), {});
  const RowComparison& row = comparison.rows[0];
  EXPECT_TRUE(row.few_repetitions);
  EXPECT_EQ(row.status, RowStatus::no_change);
  EXPECT_NEAR(row.samples->test.p_value, 0.1, 1e-12);
  EXPECT_TRUE(has_warning(comparison, CompareWarningKind::few_repetitions,
                          "with 3 vs 3 the smallest possible p is 0.1, so such a row cannot be significant"));
  // 4 against 4 can (2/70 < 0.05): flagged, and judged.
  const Comparison four = compare(report_of("a", {time_row("x/posix/1", low_noise(100, 4))}),
                                  report_of("b", {time_row("x/posix/1", low_noise(150, 4))}), {});
  EXPECT_TRUE(four.rows[0].few_repetitions);
  EXPECT_EQ(four.rows[0].status, RowStatus::regression);
}

TEST(Compare, DifferentMachinesWarn) {
  LoadedReport baseline = report_of("a.json", {time_row("x/posix/1", low_noise(100))}, "vm");
  LoadedReport contender = report_of("b.json", {time_row("x/posix/1", low_noise(100))}, "ci-7");
  contender.facts.platform = "windows";
  contender.facts.cpu_model = "Intel Xeon";
  const Comparison comparison = compare(baseline, contender, {});
  EXPECT_TRUE(has_warning(comparison, CompareWarningKind::different_host, "different hosts: vm (a.json) vs ci-7 (b.json)"));
  EXPECT_TRUE(has_warning(comparison, CompareWarningKind::different_platform, "linux (a.json) vs windows (b.json)"));
  EXPECT_TRUE(has_warning(comparison, CompareWarningKind::different_cpu, "AMD EPYC (a.json) vs Intel Xeon (b.json)"));
  // An unknown fact (empty) is no reason to warn.
  contender.facts.host.clear();
  EXPECT_FALSE(has_warning(compare(baseline, contender, {}), CompareWarningKind::different_host));
}

TEST(Compare, DifferentSchemaVersionsAreBadInput) {
  LoadedReport micro = report_of("micro.json", {time_row("x/posix/1", low_noise(100))});
  micro.facts.schema_version.reset();
  micro.facts.tool = "shmbench-micro";
  try {
    compare(report_of("harness.json", {}), micro, {});
    FAIL() << "no BadInput";
  } catch (const BadInput& e) {
    EXPECT_EQ(e.message,
              "cannot compare harness.json (a shmbench report of schema_version 2) with micro.json (a shmbench-micro "
              "report without a schema_version)");
  }
}

TEST(Compare, MergedRunsCompareAsOne) {
  // Three runs of three repetitions each side, as `shmbench ab` will merge them.
  std::vector<LoadedReport> before, after;
  for (int run = 0; run < 3; ++run) {
    before.push_back(report_of("a" + std::to_string(run), {time_row("x/posix/1", low_noise(1000 + run, 3))}));
    after.push_back(report_of("b" + std::to_string(run), {time_row("x/posix/1", low_noise(1100 + run, 3))}));
  }
  const Comparison comparison = compare(merge_reports(before, "A"), merge_reports(after, "B"), {});
  const RowComparison& row = comparison.rows.at(0);
  EXPECT_EQ(row.samples->baseline_count, 9u);
  EXPECT_FALSE(row.few_repetitions);
  EXPECT_EQ(row.status, RowStatus::regression);
  EXPECT_EQ(comparison.baseline.label, "A");
}

// --- several runs per side, runs taken apart, per-operation pooling -----------------

// A report of one run whose row x/posix/1 has 9 repetitions around `centre`.
LoadedReport run_around(const std::string& label, double centre) {
  return report_of(label, {time_row("x/posix/1", low_noise(centre))});
}

std::vector<LoadedReport> runs_around(const std::vector<double>& centres) {
  std::vector<LoadedReport> runs;
  for (double centre : centres) runs.push_back(run_around("run" + std::to_string(runs.size()), centre));
  return runs;
}

TEST(CompareRuns, SeveralRunsPerSideAreJudgedOnTheirMedians) {
  // Run medians 100, 103, 98 against 106, 104, 109: a 5.8 % shift beyond the runs' spread.
  const Comparison comparison = compare_runs(runs_around({100, 103, 98}), runs_around({106, 104, 109}), {});
  const RowComparison& row = row_named(comparison, "x/posix/1");
  ASSERT_TRUE(row.runs.has_value());
  EXPECT_EQ(row.runs->baseline_runs, 3u);
  EXPECT_NEAR(*change_of(row), std::cbrt(106.0 * 104 * 109) / std::cbrt(100.0 * 103 * 98) - 1, 1e-9);
  EXPECT_EQ(row.status, RowStatus::regression);
  EXPECT_EQ(comparison.baseline_runs, 3u);
}

// A run that shared the CPUs with other processes (its environment's other_load_fraction
// above 5 %) is named; an unknown share (-1: older reports, Wine) and a quiet one are not.
TEST(Compare, RunsBesideOtherProcessesWarn) {
  LoadedReport baseline = report_of("a.json", {time_row("x/posix/1", low_noise(100))});
  LoadedReport contender = report_of("b.json", {time_row("x/posix/1", low_noise(100))});
  contender.facts.other_load = 0.23;
  EXPECT_TRUE(has_warning(compare(baseline, contender, {}), CompareWarningKind::other_load,
                          "other processes kept the CPUs 23.0 % busy during the contender's run (b.json)"));
  contender.facts.other_load = 0.04;
  EXPECT_FALSE(has_warning(compare(baseline, contender, {}), CompareWarningKind::other_load));

  std::vector<LoadedReport> runs = runs_around({100, 103, 98});
  runs[0].facts.other_load = 0.12;
  runs[2].facts.other_load = 0.31;
  EXPECT_TRUE(has_warning(compare_runs(runs, runs_around({100, 101, 99}), {}), CompareWarningKind::other_load,
                          "31.0 % busy during 2 of the baseline's 3 runs"));
}

TEST(Compare, RunsWhoseMachineMovedWarn) {
  LoadedReport baseline = report_of("a.json", {time_row("x/posix/1", low_noise(100))});
  LoadedReport contender = report_of("b.json", {time_row("x/posix/1", low_noise(100))});
  baseline.facts.machine_drift = 0.145;
  EXPECT_TRUE(has_warning(compare(baseline, contender, {}), CompareWarningKind::machine_drift,
                          "the machine ran 14.5 % slower at the end than at the start of the baseline's run (a.json)"));
  baseline.facts.machine_drift = 0.02;
  EXPECT_FALSE(has_warning(compare(baseline, contender, {}), CompareWarningKind::machine_drift));

  std::vector<LoadedReport> runs = runs_around({100, 103, 98});
  runs[1].facts.machine_drift = -0.048;
  runs[2].facts.machine_drift = 0.01;
  EXPECT_TRUE(has_warning(compare_runs(runs_around({100, 101, 99}), runs, {}), CompareWarningKind::machine_drift,
                          "the machine ran 4.8 % faster at the end than at the start of 1 of the contender's 3 runs"));
}

TEST(CompareRuns, DriftBetweenRunsIsNotARegression) {
  // The same build drifting by up to 10 % from run to run: each run alone is tight (±0.2 %),
  // so two single runs from it look like a sure change; their runs together do not.
  const std::vector<double> baseline = {100, 110, 95}, contender = {108, 97, 105};
  CompareOptions options;
  options.gate_apart = true;
  EXPECT_EQ(compare(run_around("a", 95), run_around("b", 108), options).rows[0].status, RowStatus::regression);
  const Comparison runs = compare_runs(runs_around(baseline), runs_around(contender), {});
  EXPECT_EQ(row_named(runs, "x/posix/1").status, RowStatus::no_change);
  EXPECT_GT(*row_named(runs, "x/posix/1").adjusted_p, 0.05);
}

TEST(CompareRuns, SingleRunsTakenApartAreShownButNotGated) {
  LoadedReport before = run_around("monday.json", 100), after = run_around("tuesday.json", 120);
  before.facts.date = "2026-12-04T10:00:00+00:00";
  after.facts.date = "2026-12-04T12:00:00+00:00";
  Comparison comparison = compare(before, after, {});
  EXPECT_EQ(comparison.apart, "taken 2.0 hours apart");
  EXPECT_EQ(comparison.rows[0].status, RowStatus::not_gated);
  EXPECT_FALSE(comparison.regressed());
  EXPECT_TRUE(has_warning(comparison, CompareWarningKind::taken_apart, "1 benchmark moved beyond the threshold (x/posix/1)"));
  // Minutes apart, the same boot: one session, gated.
  after.facts.date = "2026-12-04T10:04:00+00:00";
  before.facts.boot_id = after.facts.boot_id = "b1";
  EXPECT_EQ(compare(before, after, {}).rows[0].status, RowStatus::regression);
  // Another boot is apart whatever the dates.
  after.facts.boot_id = "b2";
  EXPECT_EQ(compare(before, after, {}).apart, "other boots of the machine");
  // --gate-apart judges anyway.
  CompareOptions gate;
  gate.gate_apart = true;
  EXPECT_EQ(compare(before, after, gate).rows[0].status, RowStatus::regression);
}

// Three sizes whose 27 repetitions scatter by ±6 % each, in an order of their own per size,
// and a contender 3 % slower at every size.
Comparison pooled_comparison(double factor, double threshold) {
  const auto rows = [](double f) {
    std::vector<ReportRow> out;
    for (int size = 0; size < 3; ++size) {
      std::vector<double> values = low_noise(1000 * f, 27, 0.06);
      std::rotate(values.begin(), values.begin() + 9 * size, values.end());
      out.push_back(time_row("map/posix/" + std::to_string(4096 << (4 * size)), values));
    }
    return out;
  };
  CompareOptions options;
  options.threshold = threshold;
  return compare(report_of("a", rows(1.0)), report_of("b", rows(factor)), options);
}

TEST(ComparePooled, ASmallShiftAtEverySizeIsOneFinding) {
  const Comparison comparison = pooled_comparison(1.03, 0.02);
  ASSERT_EQ(comparison.pooled.size(), 1u);
  const PooledComparison& map = comparison.pooled.front();
  EXPECT_EQ(map.name, "map/posix");
  EXPECT_EQ(map.rows.size(), 3u);
  EXPECT_NEAR(*change_of(map), 0.03, 0.01);
  // Averaging over the sizes cancels part of each size's scatter: the pooled test is surer
  // than any one row.
  for (const auto& row : comparison.rows) EXPECT_LT(*p_value_of(map), *p_value_of(row)) << row.name;
  EXPECT_EQ(map.status, RowStatus::regression);
  EXPECT_TRUE(comparison.regressed());
  EXPECT_EQ(comparison.tested, 4u);  // three rows and one operation in the correction
}

TEST(ComparePooled, NoShiftNoFinding) {
  const Comparison comparison = pooled_comparison(1.0, 0.02);
  ASSERT_EQ(comparison.pooled.size(), 1u);
  EXPECT_EQ(comparison.pooled.front().status, RowStatus::no_change);
  EXPECT_FALSE(comparison.regressed());
}

// Two backends of three sizes each, every one 3 % slower: with --pool-backends the
// operation over all six rows is one more test, surer than either backend's.
TEST(ComparePooled, PoolBackendsAddsOneTestPerOperationOverEveryBackend) {
  const auto rows = [](double f) {
    std::vector<ReportRow> out;
    int k = 0;
    for (const char* backend : {"posix", "boost-portable"})
      for (int size = 0; size < 3; ++size, ++k) {
        std::vector<double> values = low_noise(1000 * f, 27, 0.06);
        std::rotate(values.begin(), values.begin() + 4 * k, values.end());
        out.push_back(time_row(std::string("map/") + backend + "/" + std::to_string(4096 << (4 * size)), values));
      }
    return out;
  };
  CompareOptions options;
  options.threshold = 0.02;
  options.pool_backends = true;
  const Comparison comparison = compare(report_of("a", rows(1.0)), report_of("b", rows(1.03)), options);
  ASSERT_EQ(comparison.pooled.size(), 3u);
  const PooledComparison& every = comparison.pooled.back();
  EXPECT_EQ(every.name, "map (every backend)");
  EXPECT_EQ(every.rows.size(), 6u);
  EXPECT_NEAR(*change_of(every), 0.03, 0.01);
  for (std::size_t g = 0; g < 2; ++g) EXPECT_LE(*p_value_of(every), *p_value_of(comparison.pooled[g]));
  EXPECT_EQ(every.status, RowStatus::regression);
  EXPECT_EQ(comparison.tested, 9u);  // six rows, two backends' operations, one over both
  options.pool_backends = false;
  EXPECT_EQ(compare(report_of("a", rows(1.0)), report_of("b", rows(1.03)), options).pooled.size(), 2u);
  // An operation of one backend only gets no every-backend group repeating its own.
  options.pool_backends = true;
  std::vector<ReportRow> one = rows(1.0);
  one.resize(3);
  EXPECT_EQ(compare(report_of("a", one), report_of("b", one), options).pooled.size(), 1u);
}

TEST(ComparePooled, ARowWithoutSizesIsNotPooled) {
  EXPECT_TRUE(compare(run_around("a", 100), run_around("b", 100), {}).pooled.empty());
}

TEST(Compare, NamesRoundTrip) {
  for (MetricChoice choice : {MetricChoice::automatic, MetricChoice::time, MetricChoice::bytes_per_second,
                              MetricChoice::items_per_second})
    EXPECT_EQ(metric_choice_from_string(to_string(choice)), choice);
  EXPECT_FALSE(metric_choice_from_string("latency"));
  EXPECT_STREQ(to_string(RowStatus::no_change), "no_significant_change");
  EXPECT_TRUE(higher_is_better(Metric::bytes_per_second));
  EXPECT_FALSE(higher_is_better(Metric::time));
}

}  // namespace
}  // namespace shmbench
