// Exports for CI trackers (harness/report/ci_export.hpp): one entry per benchmark with
// the median and MAD of its repetitions, times only in the smaller-is-better array,
// throughputs only in the bigger-is-better one, error and aggregate rows left out, names
// unique and prefixed with the platform, and each tool's documented shape.
#include "report/ci_export.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "common/bad_input.hpp"
#include "support/report_samples.hpp"

namespace shmbench {
namespace {

using test::error_row;
using test::items_row;
using test::report_of;
using test::throughput_row;
using test::time_row;

LoadedReport linux_report() {
  return report_of("linux.json", {time_row("create/posix/4096", {100, 110, 120, 130, 1000}),
                                  throughput_row("copy/posix/1048576", {10, 20, 30}, 1048576),
                                  error_row("open/posix/4096", "reader: exited unexpectedly")});
}

LoadedReport windows_report() {
  LoadedReport report = report_of("windows.json", {time_row("create/win32/4096", {5, 7, 6}),
                                                   throughput_row("copy/win32/1048576", {10, 12, 14}, 1048576)});
  report.facts.platform = "windows";
  return report;
}

LoadedReport micro_report() {
  LoadedReport report = report_of(
      "micro-linux.json",
      {items_row("create_close/posix/4096/real_time", {1000, 2000, 3000}),
       throughput_row("first_touch/posix/65536/iterations:16/manual_time", {50, 60, 70}, 65536),
       time_row("copy/heap/4096/real_time", {1, 2, 3})});
  report.facts.tool = "shmbench-micro";
  report.facts.schema_version.reset();
  return report;
}

// A transfer-quick report of the same platform (reports/README.md, "Transfer reports"):
// ping-pong rows carry each repetition's rtt_p50_ns beside real_time, the batch mean.
LoadedReport transfer_report() {
  ReportRow pingpong = time_row("pingpong_spin/posix/64", {1233, 102, 103, 104, 105});
  pingpong.rtt_p50_ns = {90, 90, 100, 91, 5000};
  ReportRow stream = throughput_row("stream_spin/posix/4096", {1000, 2000, 4000}, 4096);
  for (double t : stream.ns) stream.items_per_second.push_back(1e9 / t);
  return report_of("transfer-linux.json", {pingpong, stream, throughput_row("memcpy/heap/4096", {100, 98, 99}, 4096)});
}

std::vector<std::string> names_of(const nlohmann::ordered_json& array) {
  std::vector<std::string> names;
  for (const auto& entry : array) names.push_back(entry.at("name").get<std::string>());
  return names;
}

const nlohmann::ordered_json* entry_named(const nlohmann::ordered_json& array, const std::string& name) {
  for (const auto& entry : array)
    if (entry.at("name") == name) return &entry;
  return nullptr;
}

// The action's own reading of a range (src/extractRangeInfo.ts): "±" or "+-", spaces,
// then a number.
double range_value(const std::string& range) {
  static const std::regex pattern("^(\\+-|±)\\s*(\\d.*)$");
  std::smatch match;
  EXPECT_TRUE(std::regex_match(range, match, pattern)) << range;
  return match.size() == 3 ? std::stod(match[2].str()) : -1;
}

TEST(CiExport, NamesCarryThePlatformAndReadableSizes) {
  ReportFacts facts;
  facts.tool = "shmbench";
  facts.platform = "linux";
  EXPECT_EQ(export_name(facts, "copy/posix/1048576", ""), "linux/copy/posix/1MiB");
  EXPECT_EQ(export_name(facts, "copy/posix/1048576", "ci-vm"), "ci-vm/linux/copy/posix/1MiB");
  EXPECT_EQ(export_name(facts, "copy/posix/1000", ""), "linux/copy/posix/1000B");
  facts.tool = "shmbench-micro";
  EXPECT_EQ(export_name(facts, "first_touch/posix/65536/iterations:16/manual_time", ""),
            "linux/micro/first_touch/posix/64KiB");
  EXPECT_EQ(export_name(facts, "copy/posix/4096/real_time", ""), "linux/micro/copy/posix/4KiB");
  // Another tool's numbers are not known to be sizes, nor its options to be noise.
  facts.tool = "google-benchmark";
  facts.platform = "";
  EXPECT_EQ(export_name(facts, "BM_memcpy/8/real_time", ""), "unknown/google-benchmark/BM_memcpy/8/real_time");
}

TEST(CiExport, OneEntryPerBenchmarkWithMedianAndMad) {
  const CiExport out = export_for_ci({linux_report()}, "");
  ASSERT_EQ(out.smaller.size(), 2u);
  const auto* create = entry_named(out.smaller, "linux/create/posix/4KiB");
  ASSERT_NE(create, nullptr);
  EXPECT_EQ(create->at("unit"), "ns");
  EXPECT_DOUBLE_EQ(create->at("value").get<double>(), 120);  // the median, not the mean (292)
  // |x - 120| = 20, 10, 0, 10, 880: the MAD is 10, untouched by the 1000 ns outlier.
  EXPECT_EQ(create->at("range"), "± 10");
  EXPECT_DOUBLE_EQ(range_value(create->at("range").get<std::string>()), 10);
  EXPECT_NE(create->at("extra").get<std::string>().find("median of 5 repetitions"), std::string::npos);
}

TEST(CiExport, TimesOnlyInSmallerThroughputsOnlyInBigger) {
  const CiExport out = export_for_ci({linux_report(), micro_report()}, "");
  for (const auto& entry : out.smaller) EXPECT_EQ(entry.at("unit"), "ns") << entry.dump();
  for (const auto& entry : out.bigger) {
    const std::string unit = entry.at("unit").get<std::string>();
    EXPECT_TRUE(unit == "bytes/s" || unit == "items/s") << entry.dump();
  }
  EXPECT_EQ(names_of(out.bigger), (std::vector<std::string>{"linux/copy/posix/1MiB", "linux/micro/create_close/posix/4KiB",
                                                             "linux/micro/first_touch/posix/64KiB"}));
  // Throughput is the median of the repetitions' own throughputs: 1 MiB in 20 ns.
  EXPECT_DOUBLE_EQ(entry_named(out.bigger, "linux/copy/posix/1MiB")->at("value").get<double>(), 1048576e9 / 20);
  EXPECT_EQ(entry_named(out.bigger, "linux/micro/create_close/posix/4KiB")->at("unit"), "items/s");
}

TEST(CiExport, ErrorRowsAreLeftOutAndSaidSo) {
  const CiExport out = export_for_ci({linux_report()}, "");
  EXPECT_EQ(entry_named(out.smaller, "linux/open/posix/4KiB"), nullptr);
  EXPECT_FALSE(out.bmf.contains("linux/open/posix/4KiB"));
  ASSERT_EQ(out.left_out.size(), 1u);
  EXPECT_EQ(out.left_out[0].name, "linux/open/posix/4KiB");
  EXPECT_EQ(out.left_out[0].reason, "error: reader: exited unexpectedly");
}

TEST(CiExport, LeftOutRowsAreGroupedByReasonInTheOrderReasonsFirstAppear) {
  const std::vector<LeftOut> left_out = {{"a/8B", "error: no sockets"}, {"b/4KiB", "aggregate row"},
                                         {"a/64B", "error: no sockets"}, {"c/1MiB", "error: message too long"},
                                         {"a/512B", "error: no sockets"}};
  const auto groups = group_left_out(left_out);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].reason, "error: no sockets");
  EXPECT_EQ(groups[0].names, (std::vector<std::string>{"a/8B", "a/64B", "a/512B"}));
  EXPECT_EQ(groups[1].reason, "aggregate row");
  EXPECT_EQ(groups[1].names, (std::vector<std::string>{"b/4KiB"}));
  EXPECT_EQ(groups[2].reason, "error: message too long");
  EXPECT_TRUE(group_left_out({}).empty());
}

TEST(CiExport, AggregatesWrittenAsIterationRowsAreLeftOut) {
  // Google Benchmark versions without run_type wrote aggregates as plain rows.
  const LoadedReport report = report_of("old.json", {time_row("copy/posix/4096", {1, 2, 3}), time_row("copy/posix/4096_mean", {2}),
                                                     time_row("copy/posix/4096_stddev", {1}), time_row("copy/posix/4096_cv", {0.5}),
                                                     time_row("copy/posix/4096_median", {2})});
  const CiExport out = export_for_ci({report}, "");
  EXPECT_EQ(names_of(out.smaller), (std::vector<std::string>{"linux/copy/posix/4KiB"}));
  EXPECT_EQ(out.left_out.size(), 4u);
  for (const auto& left : out.left_out) EXPECT_EQ(left.reason, "aggregate row");
}

TEST(CiExport, RowsWithoutRepetitionsAreLeftOut) {
  // --benchmark_report_aggregates_only: the reader knows the name but has no samples.
  const CiExport out = export_for_ci({report_of("agg.json", {time_row("copy/posix/4096", {})})}, "");
  EXPECT_TRUE(out.smaller.empty());
  ASSERT_EQ(out.left_out.size(), 1u);
  EXPECT_EQ(out.left_out[0].reason, "no repetitions");
}

TEST(CiExport, ReportsOfTwoPlatformsMergeWithUniqueNames) {
  const CiExport out = export_for_ci({linux_report(), windows_report(), micro_report()}, "");
  std::set<std::string> unique;
  for (const auto& name : names_of(out.smaller)) EXPECT_TRUE(unique.insert(name).second) << name;
  EXPECT_EQ(out.smaller.size(), 2u + 2u + 3u);
  EXPECT_NE(entry_named(out.smaller, "windows/create/win32/4KiB"), nullptr);
  EXPECT_NE(entry_named(out.smaller, "linux/micro/copy/heap/4KiB"), nullptr);
  EXPECT_EQ(out.bmf.size(), out.smaller.size());
}

TEST(CiExport, TheSameRunTwiceIsBadInput) {
  for (const auto& report : {linux_report(), transfer_report()}) {
    try {
      export_for_ci({report, report}, "");
      FAIL() << "no BadInput for " << report.facts.label << " twice";
    } catch (const BadInput& e) {
      EXPECT_NE(e.message.find(report.facts.label), std::string::npos) << e.message;
      EXPECT_NE(e.message.find("export takes each benchmark once"), std::string::npos) << e.message;
    }
  }
}

TEST(CiExport, TransferReportsExportBesideLifecycleOnes) {
  const CiExport out = export_for_ci({linux_report(), transfer_report()}, "");
  EXPECT_EQ(names_of(out.smaller), (std::vector<std::string>{"linux/create/posix/4KiB", "linux/copy/posix/1MiB",
                                                              "linux/pingpong_spin/posix/64B",
                                                              "linux/stream_spin/posix/4KiB", "linux/memcpy/heap/4KiB"}));
  EXPECT_EQ(out.bmf.size(), out.smaller.size());
}

TEST(CiExport, PingPongLatencyIsTheMedianRoundTripNotTheBatchMean) {
  const CiExport out = export_for_ci({transfer_report()}, "");
  const auto* pingpong = entry_named(out.smaller, "linux/pingpong_spin/posix/64B");
  ASSERT_NE(pingpong, nullptr);
  EXPECT_EQ(pingpong->at("unit"), "ns");
  // rtt_p50_ns 90, 90, 100, 91, 5000: median 91 (real_time's would be 104); |x - 91| = 1,
  // 1, 9, 0, 4909: the MAD is 1.
  EXPECT_DOUBLE_EQ(pingpong->at("value").get<double>(), 91);
  EXPECT_EQ(pingpong->at("range"), "± 1");
  EXPECT_NE(pingpong->at("extra").get<std::string>().find("rtt_p50_ns"), std::string::npos);
  const auto& latency = out.bmf.at("linux/pingpong_spin/posix/64B").at(kBmfLatency);
  EXPECT_DOUBLE_EQ(latency.at("value").get<double>(), 91);
  EXPECT_DOUBLE_EQ(latency.at("lower_value").get<double>(), 90);
  EXPECT_DOUBLE_EQ(latency.at("upper_value").get<double>(), 92);
  // A round trip is not a throughput.
  EXPECT_EQ(entry_named(out.bigger, "linux/pingpong_spin/posix/64B"), nullptr);
  EXPECT_EQ(out.bmf.at("linux/pingpong_spin/posix/64B").size(), 1u);
}

TEST(CiExport, StreamRowsExportBytesPerSecondLikeCopyRows) {
  const CiExport out = export_for_ci({transfer_report()}, "");
  EXPECT_EQ(names_of(out.bigger), (std::vector<std::string>{"linux/stream_spin/posix/4KiB", "linux/memcpy/heap/4KiB"}));
  const auto* stream = entry_named(out.bigger, "linux/stream_spin/posix/4KiB");
  ASSERT_NE(stream, nullptr);
  EXPECT_EQ(stream->at("unit"), "bytes/s");
  EXPECT_DOUBLE_EQ(stream->at("value").get<double>(), 4096e9 / 2000);
  const auto& measures = out.bmf.at("linux/stream_spin/posix/4KiB");
  EXPECT_DOUBLE_EQ(measures.at(kBmfBytesPerSecond).at("value").get<double>(), 4096e9 / 2000);
  EXPECT_DOUBLE_EQ(measures.at(kBmfThroughput).at("value").get<double>(), 1e9 / 2000);  // messages/s
  // Its time is real_time, ns per message: a stream row has no round trip.
  EXPECT_DOUBLE_EQ(entry_named(out.smaller, "linux/stream_spin/posix/4KiB")->at("value").get<double>(), 2000);
}

TEST(CiExport, CollidingReadableNamesFallBackToTheReportsOwn) {
  // Two micro rows that differ only in a run option would both read "copy/posix/4KiB".
  LoadedReport report = report_of("m.json", {time_row("copy/posix/4096/real_time", {1}), time_row("copy/posix/4096/manual_time", {2})});
  report.facts.tool = "shmbench-micro";
  const CiExport out = export_for_ci({report}, "");
  EXPECT_EQ(names_of(out.smaller), (std::vector<std::string>{"linux/micro/copy/posix/4096/real_time",
                                                              "linux/micro/copy/posix/4096/manual_time"}));
}

TEST(CiExport, BencherMetricFormatShape) {
  const CiExport out = export_for_ci({linux_report(), micro_report()}, "");
  ASSERT_TRUE(out.bmf.is_object());
  for (const auto& [name, measures] : out.bmf.items()) {
    ASSERT_TRUE(measures.is_object()) << name;
    EXPECT_TRUE(measures.contains(kBmfLatency)) << name;
    for (const auto& [measure, metric] : measures.items()) {
      EXPECT_TRUE(measure == kBmfLatency || measure == kBmfThroughput || measure == kBmfBytesPerSecond) << measure;
      ASSERT_TRUE(metric.at("value").is_number()) << name;
      EXPECT_LE(metric.at("lower_value").get<double>(), metric.at("value").get<double>()) << name;
      EXPECT_GE(metric.at("upper_value").get<double>(), metric.at("value").get<double>()) << name;
      EXPECT_GE(metric.at("lower_value").get<double>(), 0) << name;
    }
  }
  const auto& create = out.bmf.at("linux/create/posix/4KiB");
  EXPECT_DOUBLE_EQ(create.at("latency").at("value").get<double>(), 120);
  EXPECT_DOUBLE_EQ(create.at("latency").at("lower_value").get<double>(), 110);
  EXPECT_DOUBLE_EQ(create.at("latency").at("upper_value").get<double>(), 130);
  EXPECT_FALSE(create.contains(kBmfBytesPerSecond));
  EXPECT_TRUE(out.bmf.at("linux/copy/posix/1MiB").contains(kBmfBytesPerSecond));
  // items_per_second is Bencher's own throughput (ops/s); bytes are not operations.
  EXPECT_TRUE(out.bmf.at("linux/micro/create_close/posix/4KiB").contains(kBmfThroughput));
  EXPECT_FALSE(out.bmf.at("linux/copy/posix/1MiB").contains(kBmfThroughput));
}

TEST(CiExport, RangesReadAsNumbersAtEveryScale) {
  LoadedReport report = report_of("r.json", {throughput_row("copy/posix/4096", {1, 2, 4}, 4096),
                                             time_row("map/posix/4096", {0.001, 0.002, 0.004})});
  const CiExport out = export_for_ci({report}, "");
  for (const auto* array : {&out.smaller, &out.bigger})
    for (const auto& entry : *array) {
      EXPECT_GT(range_value(entry.at("range").get<std::string>()), 0) << entry.dump();
    }
  // Throughputs 4.096e12, 2.048e12, 1.024e12 bytes/s: the MAD is 1.024e12, written whole.
  EXPECT_EQ(entry_named(out.bigger, "linux/copy/posix/4KiB")->at("range"), "± 1024000000000");
  EXPECT_EQ(entry_named(out.smaller, "linux/map/posix/4KiB")->at("range"), "± 0.001");
}

TEST(CiExport, ControlCharactersInThePrefixAreBadInput) {
  EXPECT_THROW(export_for_ci({linux_report()}, "a\nb"), BadInput);
}

}  // namespace
}  // namespace shmbench
