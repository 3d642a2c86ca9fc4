// The printed forms of a comparison (harness/report/compare_format.hpp): the table fits
// 100 columns and ends with a summary, markdown puts regressions first, json carries every
// number, the options and the warnings; warnings go to stderr for text; the exit status.
#include "report/compare_format.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "common/exit_codes.hpp"
#include "support/report_samples.hpp"

namespace shmbench {
namespace {

using test::error_row;
using test::low_noise;
using test::report_of;
using test::throughput_row;
using test::time_row;

// A regression (create), an improvement (copy: more bytes/s), an unchanged row, an error,
// a row only the baseline has, and a name longer than the table's name column. The hosts
// differ (a warning), and --gate-apart judges the two single runs anyway.
Comparison mixed_comparison(bool gate_apart = true) {
  const std::string long_name = "first_touch/boost-portable/268435456/iterations:1/manual_time";
  const LoadedReport baseline = report_of(
      "base.json", {time_row("unmap/posix/4096", low_noise(9000)), time_row("create/posix/4096", low_noise(20000)),
                    throughput_row("copy/posix/1048576", low_noise(25000), 1048576),
                    error_row("open/posix/4096", "reader crashed"), time_row("gone/posix/4096", low_noise(10)),
                    time_row(long_name, low_noise(300))},
      "vm");
  const LoadedReport contender = report_of(
      "new.json", {time_row("unmap/posix/4096", low_noise(9000)), time_row("create/posix/4096", low_noise(22000)),
                   throughput_row("copy/posix/1048576", low_noise(20000), 1048576),
                   time_row("open/posix/4096", low_noise(5000)), time_row(long_name, low_noise(300))},
      "ci-7");
  CompareOptions options;
  options.gate_apart = gate_apart;
  options.pool = false;  // rows only: pooling has its own tests (compare_test.cpp)
  return compare(baseline, contender, options);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(CompareFormat, TableFitsOneHundredColumnsAndEndsWithTheSummary) {
  std::ostringstream out, err;
  const int status = write_comparison(out, err, mixed_comparison(), OutputFormat::table);
  EXPECT_EQ(status, kExitRegression);
  const std::vector<std::string> lines = lines_of(out.str());
  for (const auto& line : lines) EXPECT_LE(line.size(), 100u) << line;
  ASSERT_FALSE(lines.empty());
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[lines.size() - 2], "no verdict: 1 error, 1 only in the baseline");
  EXPECT_EQ(lines.back(), "summary: 1 regression, 1 improvement, 2 unchanged; 3 warnings (on stderr)");
  EXPECT_NE(out.str().find("REGRESSION"), std::string::npos);
  EXPECT_NE(out.str().find("GB/s"), std::string::npos);  // the throughput row shows its metric in its units
  // The long name stands on a line of its own, its numbers on the next.
  EXPECT_NE(out.str().find("\nfirst_touch/boost-portable/268435456/iterations:1/manual_time\n"), std::string::npos);
  const std::vector<std::string> warnings = lines_of(err.str());
  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_EQ(warnings[0], "shmbench compare: warning: different hosts: vm (base.json) vs ci-7 (new.json)");
}

// The same two single runs from two hosts, without --gate-apart: the changes are shown as
// "not gated", the exit status does not say regression, and a warning says why.
TEST(CompareFormat, SingleRunsTakenApartAreShownButNotGated) {
  std::ostringstream out, err;
  const int status = write_comparison(out, err, mixed_comparison(false), OutputFormat::table);
  EXPECT_EQ(status, kExitCouldNotMeasure);  // the error row; no regression
  EXPECT_EQ(out.str().find("REGRESSION"), std::string::npos);
  EXPECT_NE(out.str().find("not gated"), std::string::npos);
  EXPECT_NE(err.str().find("one run per side, other hosts (vm, ci-7): 2 benchmarks moved beyond the threshold"),
            std::string::npos)
      << err.str();
}

TEST(CompareFormat, MarkdownSummaryThenRegressionsFirst) {
  std::ostringstream out, err;
  write_comparison(out, err, mixed_comparison(), OutputFormat::markdown);
  const std::string text = out.str();
  EXPECT_EQ(text.rfind("**shmbench compare**: 1 regression, 1 improvement,", 0), 0u) << text;
  const auto regression = text.find("| `create/posix/4096` |");
  const auto error = text.find("| `open/posix/4096` |");
  const auto improvement = text.find("| `copy/posix/1048576` |");
  const auto details = text.find("<details>");
  ASSERT_NE(regression, std::string::npos);
  EXPECT_LT(regression, error);
  EXPECT_LT(error, improvement);
  EXPECT_LT(improvement, details);  // unchanged rows are folded away, after the rest
  EXPECT_NE(text.find("**regression**"), std::string::npos);
  EXPECT_EQ(lines_of(err.str()).size(), 3u);  // warnings on stderr, as for the table
}

TEST(CompareFormat, MarkdownCellsCannotBreakTheTable) {
  const Comparison comparison = compare(report_of("a|b.json", {time_row("x|y`z/posix/1", low_noise(5))}),
                                        report_of("c.json", {time_row("x|y`z/posix/1", low_noise(5))}), {});
  std::ostringstream out, err;
  write_comparison(out, err, comparison, OutputFormat::markdown);
  EXPECT_NE(out.str().find("`x\\|y'z/posix/1`"), std::string::npos) << out.str();
}

TEST(CompareFormat, JsonCarriesTheNumbersTheOptionsAndTheWarnings) {
  std::ostringstream out, err;
  const int status = write_comparison(out, err, mixed_comparison(), OutputFormat::json);
  EXPECT_EQ(status, kExitRegression);
  EXPECT_TRUE(err.str().empty());
  const nlohmann::json doc = nlohmann::json::parse(out.str());
  EXPECT_EQ(doc["kind"], "comparison");
  EXPECT_EQ(doc["options"]["correction"], "holm");
  EXPECT_EQ(doc["options"]["alpha"], 0.05);
  EXPECT_EQ(doc["options"]["threshold"], 0.05);
  EXPECT_EQ(doc["options"]["metric"], "auto");
  EXPECT_EQ(doc["summary"]["regressions"], 1);
  EXPECT_EQ(doc["summary"]["regressed"], true);
  EXPECT_EQ(doc["warnings"].size(), 3u);
  EXPECT_EQ(doc["warnings"][0]["kind"], "different_host");
  EXPECT_EQ(doc["baseline"]["host"], "vm");
  const nlohmann::json& create = doc["rows"][1];
  EXPECT_EQ(create["name"], "create/posix/4096");
  EXPECT_EQ(create["status"], "regression");
  EXPECT_EQ(create["metric"], "time");
  EXPECT_EQ(create["better"], "lower");
  EXPECT_EQ(create["baseline"]["repetitions"], 9);
  EXPECT_NEAR(create["contender"]["median"].get<double>(), 22000, 1e-6);
  EXPECT_NEAR(create["change"].get<double>(), 0.10, 0.005);
  EXPECT_EQ(create["ratio_ci"].size(), 2u);
  EXPECT_EQ(create["p_method"], "exact");
  EXPECT_LT(create["adjusted_p"].get<double>(), 0.05);
  const nlohmann::json& copy = doc["rows"][2];
  EXPECT_EQ(copy["metric"], "bytes_per_second");
  EXPECT_EQ(copy["better"], "higher");
  EXPECT_EQ(doc["rows"][3]["status"], "error");
  EXPECT_EQ(doc["rows"][3]["note"], "baseline: reader crashed");
  EXPECT_EQ(doc["rows"][4]["status"], "only_in_baseline");
}

TEST(CompareFormat, WarningsNameTheCommandThatCompared) {
  std::ostringstream out, err;
  write_comparison(out, err, mixed_comparison(), OutputFormat::table, "shmbench ab");
  for (const auto& line : lines_of(err.str())) EXPECT_EQ(line.rfind("shmbench ab: warning: ", 0), 0u) << line;
  EXPECT_EQ(lines_of(err.str()).size(), 3u);
}

TEST(CompareFormat, NoRegressionExitsZero) {
  const Comparison comparison = compare(report_of("a", {time_row("x/posix/1", low_noise(5))}),
                                        report_of("b", {time_row("x/posix/1", low_noise(5))}), {});
  std::ostringstream out, err;
  EXPECT_EQ(write_comparison(out, err, comparison, OutputFormat::table), kExitOk);
  EXPECT_TRUE(err.str().empty());
}

TEST(CompareFormat, PairTablesInEveryFormat) {
  const LoadedReport report =
      report_of("windows.json", {time_row("create/win32/4096", low_noise(150000)),
                                 time_row("create/boost-windows/4096", low_noise(120000))});
  const PairComparison pairs = compare_backend_pairs(report, {{"boost-windows", "win32"}}, {});
  std::ostringstream table, markdown, json, err;
  EXPECT_EQ(write_backend_pairs(table, err, pairs, OutputFormat::table), kExitOk);
  for (const auto& line : lines_of(table.str())) EXPECT_LE(line.size(), 100u) << line;
  EXPECT_NE(table.str().find("boost-windows vs win32"), std::string::npos);
  EXPECT_NE(table.str().find("0.800h"), std::string::npos) << table.str();  // HL A/B: rounds do not pair
  write_backend_pairs(markdown, err, pairs, OutputFormat::markdown);
  // Not an interleaved report: no ratio by round, the medians' ratio after it.
  EXPECT_NE(markdown.str().find("| create | 4KiB | 120 us | 150 us | - | - | 0.800 |"), std::string::npos)
      << markdown.str();
  write_backend_pairs(json, err, pairs, OutputFormat::json);
  const nlohmann::json doc = nlohmann::json::parse(json.str());
  EXPECT_EQ(doc["kind"], "backend_pairs");
  EXPECT_EQ(doc["options"]["metric"], "time");
  EXPECT_EQ(doc["tables"][0]["a"], "boost-windows");
  EXPECT_NEAR(doc["tables"][0]["rows"][0]["median_ratio"].get<double>(), 0.8, 1e-9);
  EXPECT_TRUE(err.str().empty());
}

TEST(CompareFormat, NamesRoundTrip) {
  for (OutputFormat format : {OutputFormat::table, OutputFormat::markdown, OutputFormat::json})
    EXPECT_EQ(output_format_from_string(to_string(format)), format);
  EXPECT_FALSE(output_format_from_string("html"));
}

}  // namespace
}  // namespace shmbench
