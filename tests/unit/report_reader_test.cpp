// Reading reports back (harness/report/report_reader.hpp): harness and Google Benchmark
// reports, fields the reader does not know, error rows, counters, and every kind of bad
// input as one BadInput line naming the report; merging the reports of several runs.
#include "report/report_reader.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/bad_input.hpp"

namespace shmbench {
namespace {

using Json = nlohmann::json;

Json iteration(const std::string& name, double real_time, int index) {
  return {{"name", name},         {"run_name", name},    {"run_type", "iteration"}, {"repetitions", 3},
          {"repetition_index", index}, {"iterations", 1}, {"real_time", real_time}, {"cpu_time", real_time},
          {"time_unit", "ns"}};
}

Json aggregate(const std::string& name, const std::string& statistic, double value) {
  return {{"name", name + "_" + statistic}, {"run_name", name},   {"run_type", "aggregate"},
          {"aggregate_name", statistic},    {"real_time", value}, {"time_unit", "ns"}};
}

Json harness_context(int schema_version = 2) {
  return {{"host_name", "vm"},
          {"shmbench",
           {{"schema_version", schema_version}, {"platform", {{"os", "linux"}, {"cpu_model", "AMD EPYC"}}}}}};
}

// A harness report: copy with throughput over three repetitions, create without.
Json harness_report() {
  Json rows = Json::array();
  for (int i = 0; i < 3; ++i) {
    Json row = iteration("copy/posix/4096", 100 + i, i);
    row["bytes_per_second"] = 4096e9 / (100 + i);
    rows.push_back(row);
  }
  rows.push_back(aggregate("copy/posix/4096", "median", 101));
  for (int i = 0; i < 3; ++i) rows.push_back(iteration("create/posix/4096", 2000 + 10 * i, i));
  return {{"context", harness_context()}, {"benchmarks", rows}};
}

LoadedReport parse(const Json& document) { return parse_report(document.dump(), "r.json"); }

// The one line of the BadInput that parsing `text` throws (empty when it throws none).
std::string bad_input_of(const std::string& text) {
  try {
    parse_report(text, "r.json");
  } catch (const BadInput& e) {
    return e.message;
  }
  return "";
}

// Found by fuzz/fuzz_report_reader.cpp (its input is fuzz/corpus/report/crash-number-overflow):
// nlohmann's out_of_range for a number no double holds escaped as an internal error.
TEST(ReportReader, NumberNoDoubleHoldsIsBadInput) {
  EXPECT_EQ(bad_input_of(R"({"benchmarks":[],"x":1e999})"),
            "r.json: not valid JSON (number overflow parsing '1e999')");
  const std::string fuzzed =
      R"({"contextname":"x","run_type":33330333333383333333333333333333333e33333":"x","ren_t)";
  EXPECT_NE(bad_input_of(fuzzed).find("not valid JSON"), std::string::npos) << bad_input_of(fuzzed);
}

TEST(ReportReader, KnowsWhenTheBackendsRoundsPairUp) {
  Json document = harness_report();
  EXPECT_FALSE(parse(document).facts.rounds_pair_up);  // schema 2 reports say nothing of it
  document["context"]["shmbench"]["schema_version"] = 3;
  document["context"]["shmbench"]["order"] = {{"scheme", "interleaved"}, {"description", "rounds"}};
  EXPECT_TRUE(parse(document).facts.rounds_pair_up);
  EXPECT_FALSE(parse(document).facts.duet);
  document["context"]["shmbench"]["order"]["scheme"] = "duet";  // run --duet: the rounds pair up too
  EXPECT_TRUE(parse(document).facts.rounds_pair_up);
  EXPECT_TRUE(parse(document).facts.duet);
  document["context"]["shmbench"]["order"]["scheme"] = "sequential";
  EXPECT_FALSE(parse(document).facts.rounds_pair_up);
  EXPECT_FALSE(parse(document).facts.duet);
  document["context"]["shmbench"]["order"] = "interleaved";  // not the shape written: ignored
  EXPECT_FALSE(parse(document).facts.rounds_pair_up);
}

TEST(ReportReader, HarnessReportGivesRepetitionsPerBenchmark) {
  const LoadedReport report = parse(harness_report());
  ASSERT_EQ(report.rows.size(), 2u);
  const ReportRow* copy = report.find("copy/posix/4096");
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(copy->ns, (std::vector<double>{100, 101, 102}));  // the aggregate is not a repetition
  ASSERT_EQ(copy->bytes_per_second.size(), 3u);
  EXPECT_DOUBLE_EQ(copy->bytes_per_second[1], 4096e9 / 101);
  EXPECT_TRUE(copy->items_per_second.empty());
  EXPECT_TRUE(report.find("create/posix/4096")->bytes_per_second.empty());
  EXPECT_EQ(report.find("nosuch"), nullptr);

  EXPECT_EQ(report.facts.label, "r.json");
  EXPECT_EQ(report.facts.schema_version, 2);
  EXPECT_EQ(report.facts.tool, "shmbench");
  EXPECT_EQ(report.facts.platform, "linux");
  EXPECT_EQ(report.facts.host, "vm");
  EXPECT_EQ(report.facts.cpu_model, "AMD EPYC");
}

// What a run history (history/) keys a run by: date, git revision and build, from a
// harness report's context.shmbench.build and from a micro report's flat context.
TEST(ReportReader, ReadsWhenAndFromWhatARunWasBuilt) {
  Json document = harness_report();
  document["context"]["date"] = "2026-11-28T13:54:53+00:00";
  document["context"]["shmbench"]["build"] = {
      {"compiler", "GCC 12.2.0"}, {"build_type", "Release"}, {"git_revision", "5c34a3ef6eaa-dirty"}};
  LoadedReport report = parse(document);
  EXPECT_EQ(report.facts.date, "2026-11-28T13:54:53+00:00");
  EXPECT_EQ(report.facts.git_revision, "5c34a3ef6eaa-dirty");
  EXPECT_EQ(report.facts.compiler, "GCC 12.2.0");
  EXPECT_EQ(report.facts.build_type, "Release");

  const Json micro = {{"context",
                       {{"date", "2026-11-28T13:57:15-00:00"}, {"shmbench_tool", "shmbench-micro"},
                        {"shmbench_git_revision", "abc123"}, {"compiler", "MinGW-w64 GCC 12-posix"},
                        {"library_build_type", "release"}}},  // Google Benchmark's build, not shmbench's
                      {"benchmarks", Json::array({iteration("copy/heap/4096/real_time", 10, 0)})}};
  report = parse(micro);
  EXPECT_EQ(report.facts.date, "2026-11-28T13:57:15-00:00");
  EXPECT_EQ(report.facts.git_revision, "abc123");
  EXPECT_EQ(report.facts.compiler, "MinGW-w64 GCC 12-posix");
  EXPECT_EQ(report.facts.build_type, "");
}

TEST(ReportReader, AcceptsFieldsItDoesNotKnow) {
  Json document = harness_report();
  document["context"]["shmbench"]["order"] = {{"interleaved", true}, {"seed", 7}};
  document["context"]["shmbench"]["something_new"] = Json::array({1, "two"});
  document["extra"] = "top-level";
  Json row = iteration("read_unverified/posix/4096", 50, 0);
  row["new_counter"] = 1.5;
  row["new_text"] = "hello";
  document["benchmarks"].push_back(row);
  const LoadedReport report = parse(document);
  ASSERT_NE(report.find("read_unverified/posix/4096"), nullptr);
  EXPECT_EQ(report.find("read_unverified/posix/4096")->ns, std::vector<double>{50});
}

TEST(ReportReader, GoogleBenchmarkReport) {
  Json rows = Json::array();
  for (int i = 0; i < 2; ++i) {
    Json row = iteration("open_close/posix/4096/real_time", 1.5 + i, i);
    row["time_unit"] = "us";
    row["items_per_second"] = 1e6 / (1.5 + i);
    rows.push_back(row);
  }
  Json ms_row = iteration("first_touch/posix/4096/iterations:64/manual_time", 0.25, 0);
  ms_row["time_unit"] = "ms";
  rows.push_back(ms_row);
  Json s_row = iteration("slow/posix/4096", 2, 0);
  s_row["time_unit"] = "s";
  rows.push_back(s_row);
  const Json document = {{"context",
                          {{"host_name", "vm"}, {"shmbench_tool", "shmbench-micro"}, {"shmbench_platform", "windows"}}},
                         {"benchmarks", rows}};
  const LoadedReport report = parse(document);
  EXPECT_EQ(report.facts.schema_version, std::nullopt);
  EXPECT_EQ(report.facts.tool, "shmbench-micro");
  EXPECT_EQ(report.facts.platform, "windows");
  EXPECT_EQ(report.find("open_close/posix/4096/real_time")->ns, (std::vector<double>{1500, 2500}));
  EXPECT_EQ(report.find("open_close/posix/4096/real_time")->items_per_second.size(), 2u);
  EXPECT_EQ(report.find("first_touch/posix/4096/iterations:64/manual_time")->ns, std::vector<double>{250000});
  EXPECT_EQ(report.find("slow/posix/4096")->ns, std::vector<double>{2e9});
}

TEST(ReportReader, AnyGoogleBenchmarkReportWithoutContext) {
  // The smallest report Google Benchmark's own tools accept; run_type and time_unit absent.
  const LoadedReport report =
      parse_report(R"({"benchmarks": [{"name": "BM_x", "real_time": 3}, {"name": "BM_x", "real_time": 4}]})", "g.json");
  EXPECT_EQ(report.facts.tool, "google-benchmark");
  EXPECT_EQ(report.find("BM_x")->ns, (std::vector<double>{3, 4}));
}

TEST(ReportReader, ErrorRowsKeepTheirMessage) {
  Json document = harness_report();
  document["benchmarks"].push_back({{"name", "open/posix/4096"},
                                    {"run_name", "open/posix/4096"},
                                    {"run_type", "iteration"},
                                    {"error_occurred", true},
                                    {"error_message", "reader: exited unexpectedly (killed by signal 9)"},
                                    {"real_time", 0},
                                    {"time_unit", "ns"}});
  const LoadedReport report = parse(document);
  const ReportRow* open = report.find("open/posix/4096");
  ASSERT_NE(open, nullptr);
  EXPECT_EQ(open->error, "reader: exited unexpectedly (killed by signal 9)");
  EXPECT_TRUE(open->ns.empty());
}

TEST(ReportReader, ACounterSomeRepetitionsLackIsDropped) {
  Json document = harness_report();
  document["benchmarks"][1].erase("bytes_per_second");
  const LoadedReport report = parse(document);
  const ReportRow* copy = report.find("copy/posix/4096");
  EXPECT_EQ(copy->ns.size(), 3u);
  EXPECT_TRUE(copy->bytes_per_second.empty());
}

TEST(ReportReader, GoogleBenchmarkNonFiniteNumbersReadAsAbsent) {
  // Google Benchmark writes NaN and Infinity bare, which is not JSON.
  const std::string text = R"({"benchmarks": [
    {"name": "a", "run_type": "iteration", "real_time": 5, "items_per_second": Infinity},
    {"name": "a", "run_type": "iteration", "real_time": 6, "items_per_second": 1},
    {"name": "a_cv", "run_name": "a", "run_type": "aggregate", "real_time": NaN, "cv": -NaN},
    {"name": "a_x", "run_name": "a", "run_type": "aggregate", "real_time": -Infinity, "label": "NaN Infinity"}]})";
  const LoadedReport report = parse_report(text, "g.json");
  EXPECT_EQ(report.find("a")->ns, (std::vector<double>{5, 6}));
  EXPECT_TRUE(report.find("a")->items_per_second.empty());
}

TEST(ReportReader, AggregatesOnlyGiveABenchmarkWithoutRepetitions) {
  const LoadedReport report = parse({{"benchmarks", Json::array({aggregate("x/posix/1", "median", 4)})}});
  ASSERT_NE(report.find("x/posix/1"), nullptr);
  EXPECT_TRUE(report.find("x/posix/1")->ns.empty());
}

TEST(ReportReader, BadInputIsOneLineNamingTheReport) {
  Json wrong_version = harness_report();
  wrong_version["context"]["shmbench"]["schema_version"] = 99;
  Json text_version = harness_report();
  text_version["context"]["shmbench"]["schema_version"] = "2";
  Json no_version = harness_report();
  no_version["context"]["shmbench"].erase("schema_version");
  Json shmbench_not_object = harness_report();
  shmbench_not_object["context"]["shmbench"] = "yes";
  const auto row_with = [](const char* key, const Json& value) {
    Json row = iteration("copy/posix/4096", 100, 0);
    if (value.is_null()) row.erase(key);
    else row[key] = value;
    return Json{{"benchmarks", Json::array({row})}}.dump();
  };
  const std::string full = harness_report().dump();

  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "an empty file, not a report"},
      {" \n", "an empty file, not a report"},
      {"shmbench was here", "not valid JSON"},
      {full.substr(0, full.size() / 2), "line 1, column"},  // truncated: where it ended
      {"[1, 2]", "the top level is not an object"},
      {R"({"context": {}})", "no \"benchmarks\" array"},
      {R"({"benchmarks": {"a": 1}})", "no \"benchmarks\" array"},
      {R"({"context": [], "benchmarks": []})", "\"context\" is not an object"},
      {wrong_version.dump(), "schema_version 99 is not one this shmbench reads (it reads 2, 3, 4)"},
      {text_version.dump(), "schema_version is not a whole number"},
      {no_version.dump(), "no schema_version"},
      {shmbench_not_object.dump(), "context.shmbench is not an object"},
      {R"({"benchmarks": [17]})", "benchmarks[0]: is not an object"},
      {R"({"benchmarks": [{"real_time": 1}]})", "benchmarks[0]: has no name"},
      {R"({"benchmarks": [{"name": 5, "real_time": 1}]})", "name is not a string"},
      {row_with("real_time", nullptr), "has no real_time"},
      {row_with("real_time", "fast"), "real_time is not a number"},
      {row_with("real_time", -1), "real_time is not a finite, non-negative number"},
      {row_with("time_unit", "fortnights"), "time_unit \"fortnights\" is not ns, us, ms or s"},
      {row_with("run_type", "median"), "run_type \"median\" is not iteration or aggregate"},
      {row_with("error_occurred", "yes"), "error_occurred is not true or false"},
      {row_with("bytes_per_second", "many"), "bytes_per_second is not a number"},
      {row_with("items_per_second", -3), "items_per_second is negative"},
  };
  for (const auto& [text, expected] : cases) {
    const std::string message = bad_input_of(text);
    EXPECT_EQ(message.rfind("r.json: ", 0), 0u) << "for " << text.substr(0, 80) << ": " << message;
    EXPECT_NE(message.find(expected), std::string::npos) << "expected '" << expected << "' in: " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(ReportReader, HugeTimesOverflowToBadInput) {
  Json row = iteration("copy/posix/4096", 1e300, 0);
  row["time_unit"] = "s";  // 1e300 s is 1e309 ns: not a finite double
  const std::string message = bad_input_of(Json{{"benchmarks", Json::array({row})}}.dump());
  EXPECT_NE(message.find("real_time is not a finite, non-negative number"), std::string::npos) << message;
}

TEST(ReportReader, HostileShapesAreBadInputNeverACrash) {
  const std::vector<std::string> documents = {
      R"({"benchmarks": [null]})",
      R"({"benchmarks": [[]]})",
      R"({"benchmarks": [{"name": "a", "run_name": [], "real_time": 1}]})",
      R"({"benchmarks": [{"name": "a", "real_time": {}}]})",
      R"({"benchmarks": [{"name": "a", "real_time": 1, "time_unit": 3}]})",
      R"({"benchmarks": [{"name": "a", "real_time": 1, "error_occurred": true, "error_message": 4}]})",
      R"({"benchmarks": [{"name": "a", "run_type": 1, "real_time": 1}]})",
      R"({"context": {"shmbench": {"schema_version": 2.5}}, "benchmarks": []})",
      R"({"context": {"shmbench": {"schema_version": -99999999999999999}}, "benchmarks": []})",
      R"({"context": {"shmbench": {"schema_version": 18446744073709551615}}, "benchmarks": []})",
      "\"just a string\"",
      "null",
      "{\"benchmarks\": [{\"name\": \"a\nb\", \"real_time\": \"x\"}]}",
  };
  for (const auto& text : documents) {
    const std::string message = bad_input_of(text);
    EXPECT_FALSE(message.empty()) << "no BadInput for " << text;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
  // Wrong types where the reader only looks for facts to warn about are ignored.
  const LoadedReport lenient = parse_report(
      R"({"context": {"host_name": 7, "shmbench_platform": [], "shmbench": {"schema_version": 2, "platform": "linux"}},
          "benchmarks": [{"name": "a", "real_time": 1, "label": 5, "cpu_time": "fast"}]})",
      "r.json");
  EXPECT_EQ(lenient.facts.host, "");
  EXPECT_EQ(lenient.facts.platform, "");
  EXPECT_EQ(lenient.find("a")->ns, std::vector<double>{1});
}

// A file of its own in the temporary folder, removed by the fixture.
class LoadReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() /
              ("shmbench-reader-test-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(folder_, ec);
  }
  std::filesystem::path folder_;
};

TEST_F(LoadReportTest, ReadsAFile) {
  const std::string path = (folder_ / "r.json").string();
  std::ofstream(path) << harness_report().dump();
  const LoadedReport report = load_report(path);
  EXPECT_EQ(report.facts.label, path);
  EXPECT_EQ(report.rows.size(), 2u);
}

TEST_F(LoadReportTest, MissingFileOrFolderIsBadInput) {
  const std::string missing = (folder_ / "missing.json").string();
  try {
    load_report(missing);
    FAIL() << "no BadInput";
  } catch (const BadInput& e) {
    EXPECT_EQ(e.message, missing + ": no such file");
  }
  try {
    load_report(folder_.string());
    FAIL() << "no BadInput";
  } catch (const BadInput& e) {
    EXPECT_EQ(e.message, folder_.string() + ": is a folder, not a report");
  }
}

// What a run stopped before it wrote leaves at --out (cli/report_file.hpp).
TEST_F(LoadReportTest, EmptyFileIsSaidToBeEmpty) {
  const std::string path = (folder_ / "empty.json").string();
  std::ofstream{path};
  try {
    load_report(path);
    FAIL() << "no BadInput";
  } catch (const BadInput& e) {
    EXPECT_NE(e.message.find(path + ": an empty file, not a report"), std::string::npos) << e.message;
  }
}

LoadedReport run_report(const std::string& label, const std::string& host, std::vector<double> copy_ns,
                        bool with_bytes = true) {
  LoadedReport report;
  report.facts = {label, 2, "shmbench", "linux", host, "AMD EPYC"};
  ReportRow copy{"copy/posix/4096", copy_ns, {}, {}, ""};
  if (with_bytes)
    for (double ns : copy_ns) copy.bytes_per_second.push_back(4096e9 / ns);
  report.rows.push_back(copy);
  return report;
}

TEST(MergeReports, AppendsRepetitionsInTheOrderGiven) {
  LoadedReport second = run_report("b", "vm", {3, 4});
  second.rows.push_back({"open/posix/4096", {7, 8}, {}, {}, ""});
  const LoadedReport merged = merge_reports({run_report("a", "vm", {1, 2}), second}, "baseline");
  EXPECT_EQ(merged.facts.label, "baseline");
  EXPECT_EQ(merged.facts.host, "vm");
  ASSERT_EQ(merged.rows.size(), 2u);
  EXPECT_EQ(merged.find("copy/posix/4096")->ns, (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(merged.find("copy/posix/4096")->bytes_per_second.size(), 4u);
  EXPECT_EQ(merged.find("open/posix/4096")->ns, (std::vector<double>{7, 8}));
}

TEST(MergeReports, ACounterOnePartLacksIsDropped) {
  const LoadedReport merged = merge_reports(
      {run_report("a", "vm", {1, 2}), run_report("b", "vm", {3, 4}, false), run_report("c", "vm", {5, 6})}, "m");
  EXPECT_EQ(merged.find("copy/posix/4096")->ns.size(), 6u);
  EXPECT_TRUE(merged.find("copy/posix/4096")->bytes_per_second.empty());
}

TEST(MergeReports, AnErrorInAnyPartMakesAnErrorRow) {
  LoadedReport failed = run_report("run-2.json", "vm", {});
  failed.rows[0].error = "writer timed out";
  const LoadedReport merged = merge_reports({run_report("a", "vm", {1, 2}), failed}, "m");
  EXPECT_EQ(merged.find("copy/posix/4096")->error, "run-2.json: writer timed out");
}

TEST(MergeReports, DifferentHostsAreKeptForTheWarning) {
  const LoadedReport merged =
      merge_reports({run_report("a", "vm", {1}), run_report("b", "ci-7", {2}), run_report("c", "vm", {3})}, "m");
  EXPECT_EQ(merged.facts.host, "vm, ci-7");
}

TEST(MergeReports, RefusesDifferentPlatformsAndVersions) {
  LoadedReport windows = run_report("w.json", "vm", {1});
  windows.facts.platform = "windows";
  EXPECT_THROW(merge_reports({run_report("l.json", "vm", {1}), windows}, "m"), BadInput);
  LoadedReport micro = run_report("m.json", "vm", {1});
  micro.facts.schema_version.reset();
  micro.facts.tool = "shmbench-micro";
  EXPECT_THROW(merge_reports({run_report("l.json", "vm", {1}), micro}, "m"), BadInput);
}

}  // namespace
}  // namespace shmbench
