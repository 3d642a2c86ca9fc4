// Two backends of one report (harness/report/backend_pairs.hpp): the A:B argument, the
// backends a report names, rows paired when their names differ only in the backend (harness
// and micro names), the A/B direction, the correction over a table, unknown backends.
#include "report/backend_pairs.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/bad_input.hpp"
#include "support/report_samples.hpp"

namespace shmbench {
namespace {

using test::error_row;
using test::low_noise;
using test::report_of;
using test::time_row;

std::string bad_input_of(const std::string& text) {
  try {
    parse_backend_pair(text);
  } catch (const BadInput& e) {
    return e.message;
  }
  return "";
}

TEST(BackendPair, ParsesTwoBackends) {
  const BackendPair pair = parse_backend_pair("boost-windows:win32");
  EXPECT_EQ(pair.a, "boost-windows");
  EXPECT_EQ(pair.b, "win32");
  for (const std::string text : {"win32", ":win32", "win32:", "a:b:c", ""})
    EXPECT_EQ(bad_input_of(text), "--pair '" + text + "': expected two backends as A:B, e.g. boost-windows:win32");
  EXPECT_EQ(bad_input_of("posix:posix"), "--pair 'posix:posix': a backend paired with itself");
}

// A harness-shaped report: boost-portable costs twice what posix does, heap has no open.
LoadedReport harness_report() {
  return report_of("linux.json", {time_row("create/posix/4096", low_noise(20000)),
                                  time_row("open/posix/4096", low_noise(5000)),
                                  time_row("create/boost-portable/4096", low_noise(40000)),
                                  time_row("open/boost-portable/4096", low_noise(10000)),
                                  time_row("create/heap/4096", low_noise(500)),
                                  time_row("create/posix/65536", low_noise(21000)),
                                  time_row("create/boost-portable/65536", low_noise(42000)),
                                  time_row("summary", low_noise(1))});  // no backend component
}

TEST(ReportBackends, InOrderOfFirstAppearance) {
  EXPECT_EQ(report_backends(harness_report()), (std::vector<std::string>{"posix", "boost-portable", "heap"}));
}

TEST(CompareBackendPairs, PairsRowsThatDifferOnlyInTheBackend) {
  const PairComparison pairs = compare_backend_pairs(harness_report(), {{"boost-portable", "posix"}}, {});
  ASSERT_EQ(pairs.tables.size(), 1u);
  const PairTable& table = pairs.tables[0];
  ASSERT_EQ(table.rows.size(), 3u);  // create and open at 4 KiB, create at 64 KiB
  EXPECT_EQ(table.rows[0].operation, "create");
  EXPECT_EQ(table.rows[0].size, "4KiB");
  EXPECT_EQ(table.rows[0].name_a, "create/boost-portable/4096");
  EXPECT_EQ(table.rows[0].name_b, "create/posix/4096");
  EXPECT_EQ(table.rows[1].operation, "open");
  EXPECT_EQ(table.rows[2].size, "64KiB");
  for (const auto& row : table.rows) {
    ASSERT_TRUE(row.samples) << row.operation;
    // A costs twice B: the ratios are A / B.
    EXPECT_NEAR(*row.samples->median_ratio, 2, 1e-9);
    EXPECT_NEAR(row.samples->ratio->estimate, 2, 0.01);
    // Holm over the 3 rows of the table: 3 · 2 / 48620 for each (all completely separated).
    EXPECT_NEAR(*row.adjusted_p, 3 * 2.0 / 48620, 1e-12);
  }
  EXPECT_EQ(table.tested, 3u);
  EXPECT_TRUE(pairs.warnings.empty());
}

TEST(CompareBackendPairs, OnlyOperationsBothBackendsHave) {
  const PairComparison pairs = compare_backend_pairs(harness_report(), {{"heap", "posix"}}, {});
  ASSERT_EQ(pairs.tables[0].rows.size(), 1u);  // heap has create at 4 KiB only
  EXPECT_EQ(pairs.tables[0].rows[0].operation, "create");
}

TEST(CompareBackendPairs, MicroBenchmarkNamesKeepTheirSuffix) {
  const LoadedReport micro = report_of(
      "micro.json", {time_row("first_touch/win32/4096/iterations:64/manual_time", low_noise(3000, 5)),
                     time_row("first_touch/boost-windows/4096/iterations:64/manual_time", low_noise(2700, 5)),
                     time_row("copy/win32/4096/real_time", low_noise(70, 5)),
                     time_row("copy/boost-windows/4096/real_time", low_noise(70, 5))});
  const PairComparison pairs = compare_backend_pairs(micro, {{"boost-windows", "win32"}}, {});
  const PairTable& table = pairs.tables[0];
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0].operation, "first_touch");
  EXPECT_EQ(table.rows[0].name_b, "first_touch/win32/4096/iterations:64/manual_time");
  EXPECT_NEAR(*table.rows[0].samples->median_ratio, 0.9, 1e-9);
  EXPECT_NEAR(*table.rows[1].samples->median_ratio, 1, 1e-9);
}

TEST(CompareBackendPairs, SeveralPairsGiveATableEach) {
  const PairComparison pairs =
      compare_backend_pairs(harness_report(), {{"boost-portable", "posix"}, {"heap", "posix"}}, {});
  ASSERT_EQ(pairs.tables.size(), 2u);
  EXPECT_EQ(pairs.tables[1].pair.a, "heap");
}

TEST(CompareBackendPairs, ErrorRowsAndFewRepetitionsAreNoted) {
  const LoadedReport report =
      report_of("r.json", {error_row("create/win32/4096", "CreateFileMappingW: access denied"),
                           time_row("create/boost-windows/4096", low_noise(100)),
                           time_row("open/win32/4096", low_noise(100, 3)),
                           time_row("open/boost-windows/4096", low_noise(120, 3))});
  const PairComparison pairs = compare_backend_pairs(report, {{"boost-windows", "win32"}}, {});
  const PairTable& table = pairs.tables[0];
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_FALSE(table.rows[0].samples);
  EXPECT_EQ(table.rows[0].note, "error in create/win32/4096: CreateFileMappingW: access denied");
  EXPECT_TRUE(table.rows[1].few_repetitions);
  EXPECT_EQ(table.tested, 1u);
  ASSERT_EQ(pairs.warnings.size(), 2u);
  EXPECT_EQ(pairs.warnings[0].kind, CompareWarningKind::not_compared);
  EXPECT_EQ(pairs.warnings[1].kind, CompareWarningKind::few_repetitions);
}

// Rounds pair up only in a report whose backends ran interleaved.
TEST(CompareBackendPairs, InterleavedReportsGetTheRatioRoundByRound) {
  LoadedReport report = harness_report();
  EXPECT_FALSE(compare_backend_pairs(report, {{"boost-portable", "posix"}}, {}).tables[0].rows[0].by_round);
  report.facts.rounds_pair_up = true;
  const PairRow row = compare_backend_pairs(report, {{"boost-portable", "posix"}}, {}).tables[0].rows[0];
  ASSERT_TRUE(row.by_round.has_value());
  EXPECT_NEAR(row.by_round->estimate, 2.0, 1e-9);  // create: 40000 / 20000 in every round
}

TEST(CompareBackendPairs, AnUnknownBackendNamesTheReportsBackends) {
  for (const BackendPair& pair : std::vector<BackendPair>{{"boost-windows", "win32"}, {"posix", "nosuch"}}) {
    try {
      compare_backend_pairs(harness_report(), {pair}, {});
      FAIL() << "no BadInput";
    } catch (const BadInput& e) {
      const std::string missing = pair.a == "posix" ? "nosuch" : "boost-windows";
      EXPECT_EQ(e.message, "--pair " + pair.a + ":" + pair.b + ": linux.json has no backend '" + missing +
                               "' (it has posix, boost-portable, heap)");
    }
  }
}

}  // namespace
}  // namespace shmbench
