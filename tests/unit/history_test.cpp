// The run history's arithmetic (harness/history/): median and MAD of the earlier runs'
// medians, step detection in both directions with both bounds, the report check with its
// metric chosen as compare does, trend series, SHA-256 and date keys. No database here:
// tests/cli/history_test.py drives the SQLite file through the shmbench executable.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "common/bad_input.hpp"
#include "history/history.hpp"
#include "history/run_key.hpp"
#include "history/step.hpp"

namespace shmbench {
namespace {

TEST(HistoryStep, MedianAndMad) {
  EXPECT_DOUBLE_EQ(median_of({}), 0);
  EXPECT_DOUBLE_EQ(median_of({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(median_of({4, 1, 3, 2}), 2.5);
  // |x - 100|: 2, 1, 0, 1, 50 → median 1 (the wild run does not move it).
  EXPECT_DOUBLE_EQ(median_absolute_deviation({98, 101, 100, 99, 150}, 100), 1);
  EXPECT_DOUBLE_EQ(median_absolute_deviation({}, 5), 0);
}

TEST(HistoryStep, TimeThatRisesBeyondBothBoundsIsARegression) {
  const std::vector<double> history = {100, 101, 99, 100, 102, 98};  // centre 100, MAD 1
  const StepJudgement j = judge_step(history, 110, /*higher_is_better=*/false, StepOptions{});
  EXPECT_EQ(j.verdict, StepVerdict::regression);
  EXPECT_DOUBLE_EQ(j.history_median, 100);
  EXPECT_DOUBLE_EQ(j.mad, 1);
  EXPECT_NEAR(*j.change, 0.10, 1e-12);
  EXPECT_EQ(j.runs, 6u);
  EXPECT_EQ(judge_step(history, 90, false, StepOptions{}).verdict, StepVerdict::improvement);
}

TEST(HistoryStep, ThroughputThatDropsIsARegression) {
  const std::vector<double> history = {30e9, 30.3e9, 29.7e9, 30e9};
  EXPECT_EQ(judge_step(history, 27e9, /*higher_is_better=*/true, StepOptions{}).verdict, StepVerdict::regression);
  EXPECT_EQ(judge_step(history, 33e9, true, StepOptions{}).verdict, StepVerdict::improvement);
}

TEST(HistoryStep, WithinTheThresholdIsNoChangeEvenBeyondManyMads) {
  const std::vector<double> history = {100, 100.1, 99.9, 100};  // MAD 0.05
  EXPECT_EQ(judge_step(history, 104, false, StepOptions{}).verdict, StepVerdict::no_change);
  StepOptions strict;
  strict.threshold = 0.03;
  EXPECT_EQ(judge_step(history, 104, false, strict).verdict, StepVerdict::regression);
}

TEST(HistoryStep, WithinKMadsIsNoChangeEvenBeyondTheThreshold) {
  // A row whose history wanders by ±10 %: centre 100, MAD 10, so 3 MAD = 30.
  const std::vector<double> history = {90, 110, 100, 80, 120};
  EXPECT_EQ(judge_step(history, 125, false, StepOptions{}).verdict, StepVerdict::no_change);
  EXPECT_EQ(judge_step(history, 131, false, StepOptions{}).verdict, StepVerdict::regression);
  StepOptions loose;
  loose.mad_k = 4;
  EXPECT_EQ(judge_step(history, 131, false, loose).verdict, StepVerdict::no_change);
}

TEST(HistoryStep, AMadOfZeroLeavesTheThresholdToDecide) {
  const std::vector<double> history = {100, 100, 100};
  EXPECT_EQ(judge_step(history, 105.1, false, StepOptions{}).verdict, StepVerdict::regression);
  EXPECT_EQ(judge_step(history, 104.9, false, StepOptions{}).verdict, StepVerdict::no_change);
  EXPECT_EQ(judge_step(history, 100, false, StepOptions{}).verdict, StepVerdict::no_change);
}

TEST(HistoryStep, FewerThanThreeRunsAreNotEnoughHistory) {
  const StepJudgement j = judge_step({100, 100}, 200, false, StepOptions{});
  EXPECT_EQ(j.verdict, StepVerdict::not_enough_history);
  EXPECT_DOUBLE_EQ(j.history_median, 100);  // still shown
  EXPECT_EQ(judge_step({}, 200, false, StepOptions{}).verdict, StepVerdict::not_enough_history);
  StepOptions two;
  two.minimum_runs = 2;
  EXPECT_EQ(judge_step({100, 100}, 200, false, two).verdict, StepVerdict::regression);
}

TEST(HistoryStep, ACentreOfZeroHasNoRelativeStep) {
  const StepJudgement j = judge_step({0, 0, 0}, 5, false, StepOptions{});
  EXPECT_EQ(j.verdict, StepVerdict::no_change);
  EXPECT_FALSE(j.change.has_value());
}

ReportRow row(const std::string& name, std::vector<double> ns, std::vector<double> bytes = {}) {
  ReportRow r;
  r.name = name;
  r.ns = std::move(ns);
  r.bytes_per_second = std::move(bytes);
  return r;
}

StoredRow stored(const ReportRow& r, const std::string& date = "2026-01-01T00:00:00Z") {
  StoredRow s;
  s.row = r;
  s.date = date;
  s.git_revision = "abc";
  s.platform = "linux";
  return s;
}

TEST(HistoryCheckReport, JudgesEachRowInCompareMetricAndDirection) {
  LoadedReport report;
  report.facts.label = "new.json";
  // copy: 10 % less time per pass, so 11 % more bytes/s: an improvement in bytes/s.
  report.rows.push_back(row("copy/posix/1048576", {90, 90, 90}, {11.1e9, 11.1e9, 11.1e9}));
  // create: 10 % more time: a regression.
  report.rows.push_back(row("create/posix/1048576", {1100, 1100, 1100}));
  ReportRow failed = row("open/posix/1048576", {});
  failed.error = "reader: exited";
  report.rows.push_back(failed);
  report.rows.push_back(row("map/posix/1048576", {50}));  // never stored before

  const auto history = [](const std::string& name) {
    std::vector<StoredRow> runs;
    for (double f : {0.99, 1.0, 1.01}) {
      if (name == "copy/posix/1048576") runs.push_back(stored(row(name, {100 * f}, {10e9 / f})));
      if (name == "create/posix/1048576") runs.push_back(stored(row(name, {1000 * f, 1000 * f})));
    }
    return runs;
  };
  const HistoryCheck check = check_report(report, Machine{"linux", "vm", "cpu"}, 3, history, StepOptions{});
  ASSERT_EQ(check.rows.size(), 4u);
  EXPECT_EQ(check.rows[0].metric, Metric::bytes_per_second);
  EXPECT_EQ(check.rows[0].judgement.verdict, StepVerdict::improvement);
  EXPECT_EQ(check.rows[1].metric, Metric::time);
  EXPECT_EQ(check.rows[1].judgement.verdict, StepVerdict::regression);
  EXPECT_EQ(check.rows[2].error, "reader: exited");
  EXPECT_EQ(check.rows[3].judgement.verdict, StepVerdict::not_enough_history);
  const HistoryCheck::Counts n = check.counts();
  EXPECT_EQ(n.regressions, 1u);
  EXPECT_EQ(n.improvements, 1u);
  EXPECT_EQ(n.errors, 1u);
  EXPECT_EQ(n.not_enough_history, 1u);
  EXPECT_TRUE(check.regressed());
}

TEST(HistoryCheckReport, AnOlderRunWithoutTheCounterFallsBackToTime) {
  LoadedReport report;
  report.rows.push_back(row("copy/posix/4096", {110}, {37e9}));
  const auto history = [](const std::string& name) {
    return std::vector<StoredRow>{stored(row(name, {100})), stored(row(name, {100})), stored(row(name, {100}))};
  };
  const HistoryCheck check = check_report(report, Machine{}, 3, history, StepOptions{});
  EXPECT_EQ(check.rows[0].metric, Metric::time);
  EXPECT_EQ(check.rows[0].judgement.verdict, StepVerdict::regression);
}

TEST(HistoryTrend, OneSeriesPerNameAndPlatformInItsUnit) {
  std::vector<StoredRow> rows = {
      stored(row("copy/posix/4096", {10, 12, 11}, {4e9, 3e9, 3.5e9}), "2026-01-01T00:00:00Z"),
      stored(row("copy/posix/4096", {20}, {2e9}), "2026-01-02T00:00:00Z"),
      stored(row("create/posix/4096", {1000, 3000}), "2026-01-01T00:00:00Z"),
  };
  StoredRow windows = stored(row("create/posix/4096", {5000}), "2026-01-03T00:00:00Z");
  windows.platform = "windows";
  rows.push_back(windows);

  const std::vector<TrendSeries> all = build_trend(rows, nullptr);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].name, "copy/posix/4096");
  EXPECT_STREQ(unit_of(all[0].metric), "bytes_per_second");
  ASSERT_EQ(all[0].points.size(), 2u);
  EXPECT_DOUBLE_EQ(all[0].points[0].median, 3.5e9);
  EXPECT_EQ(all[0].points[0].repetitions, (std::vector<double>{4e9, 3e9, 3.5e9}));
  EXPECT_EQ(all[0].points[1].date, "2026-01-02T00:00:00Z");
  EXPECT_STREQ(unit_of(all[1].metric), "ns");
  EXPECT_DOUBLE_EQ(all[1].points[0].median, 2000);
  EXPECT_EQ(all[2].platform, "windows");

  const std::regex create("^create/");
  const std::vector<TrendSeries> filtered = build_trend(rows, &create);
  ASSERT_EQ(filtered.size(), 2u);
  EXPECT_EQ(filtered[0].name, "create/posix/4096");
}

TEST(HistoryRunKey, Sha256OfKnownTexts) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // 56 bytes: the padding needs a second block.
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(HistoryRunKey, DatesBecomeSortableUtc) {
  EXPECT_EQ(utc_date("2026-11-28T13:54:53+00:00"), "2026-11-28T13:54:53Z");
  EXPECT_EQ(utc_date("2026-11-28T13:57:15-00:00"), "2026-11-28T13:57:15Z");  // Google Benchmark under Wine
  EXPECT_EQ(utc_date("2026-11-28T00:30:00+01:00"), "2026-11-27T23:30:00Z");
  EXPECT_EQ(utc_date("2024-02-28T23:30:00-01:00"), "2024-02-29T00:30:00Z");
  EXPECT_EQ(utc_date("2026-12-31T23:59:59.75Z"), "2026-12-31T23:59:59Z");
  EXPECT_EQ(utc_date("2026-11-28 13:54:53"), "2026-11-28T13:54:53Z");
  EXPECT_EQ(utc_date("2026-02-30T00:00:00Z"), std::nullopt);
  EXPECT_EQ(utc_date("yesterday"), std::nullopt);
  EXPECT_EQ(utc_date("2026-11-28T13:54:53+0000"), std::nullopt);
}

TEST(HistoryRunKey, ARunNeedsAPlatformAndADate) {
  LoadedReport report;
  report.facts.label = "r.json";
  report.facts.platform = "linux";
  report.facts.host = "vm";
  report.facts.date = "2026-11-28T13:54:53+00:00";
  report.facts.git_revision = "abc";
  const RunKey key = run_key(report, "abc");
  EXPECT_EQ(key.content_sha256, sha256_hex("abc"));
  EXPECT_EQ(key.date, "2026-11-28T13:54:53Z");
  EXPECT_EQ(key.report_date, "2026-11-28T13:54:53+00:00");
  EXPECT_EQ(key.source, "r.json");

  report.facts.date = "";
  EXPECT_THROW(run_key(report, "abc"), BadInput);
  report.facts.date = "2026-11-28T13:54:53+00:00";
  report.facts.platform = "";
  EXPECT_THROW(run_key(report, "abc"), BadInput);
}

}  // namespace
}  // namespace shmbench
