// The memory work of issue 20 through the report: a skipped cell's rows and how every
// reader of a report takes them (compare, --pair, export), the counters a worker read
// beside its timings on their rows, the operations each backend has, the protocol's
// counters, the accounting's expectations per kind of memory, and the environment's
// warnings.
#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "orchestration/protocol.hpp"
#include "report/analysis.hpp"
#include "report/backend_pairs.hpp"
#include "report/ci_export.hpp"
#include "report/compare.hpp"
#include "report/environment_report.hpp"
#include "report/report_json.hpp"
#include "report/report_reader.hpp"
#include "report/summary_table.hpp"
#include "scenarios/lifecycle/memory_accounting.hpp"

namespace shmbench {
namespace {

using Json = nlohmann::ordered_json;
constexpr std::uint64_t kSize = 2 * 1024 * 1024;
const std::string kRefusal = "mmap: out_of_memory (errno 12: Cannot allocate memory); reserve vm.nr_hugepages";

class MemoryReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.suite = "memory";
    config_.backends = {"posix", "posix-huge"};
    config_.sizes = {kSize};
    config_.repetitions = 3;
    Cell measured;
    measured.backend = "posix";
    measured.size = kSize;
    measured.operations = operations_for(false);
    for (Operation op : measured.operations) measured.samples[op] = OperationSamples{{10, 30, 20}, 1};
    // The touch's counters on every repetition, as a writer with the accounting on sends them.
    measured.samples[Operation::first_touch].counters = {
        {{"commit_charge_bytes", 2097152}, {"page_bytes", 4096}},
        {{"commit_charge_bytes", 2101248}, {"page_bytes", 4096}},
        {{"commit_charge_bytes", 1048576}, {"page_bytes", 4096}}};
    result_.cells.push_back(measured);
    Cell skipped;
    skipped.backend = "posix-huge";
    skipped.size = kSize;
    skipped.operations = operations_for(false);
    skipped.skipped = kRefusal;
    result_.cells.push_back(skipped);
    result_.backends = {{"posix", "shm_open", false, false}, {"posix-huge", "memfd_create(MFD_HUGETLB)", false, false}};
    result_.order = {"interleaved", "rotating"};
    result_.timer = TimerInfo{"steady_clock", 1, 20, "steady_clock", 1, 0};
    system_.os = "linux";
    system_.page_size = 4096;
    system_.allocation_granularity = 4096;
    system_.physical_memory = std::uint64_t{8} << 30;
    build_.build_type = "Release";
  }

  Json report() const {
    return build_report(config_, result_, analyse(config_, result_, system_.page_size), system_, build_,
                        "2026-12-04T00:00:00+00:00");
  }

  RunConfig config_;
  RunResult result_;
  SystemInfo system_;
  BuildInfo build_;
};

TEST_F(MemoryReportTest, ASkippedCellHasOneSkippedRowPerOperationAndIsNoFailure) {
  const Json r = report();
  int skipped = 0;
  for (const auto& row : r.at("benchmarks")) {
    if (row.at("name").get<std::string>().find("/posix-huge/") == std::string::npos) continue;
    ++skipped;
    EXPECT_TRUE(row.at("skipped").get<bool>());
    EXPECT_EQ(row.at("skip_message"), kRefusal);
    EXPECT_FALSE(row.contains("error_occurred"));
    EXPECT_EQ(row.at("iterations"), 0);
    EXPECT_EQ(row.at("real_time"), 0.0);
    EXPECT_EQ(row.at("run_type"), "iteration");
  }
  EXPECT_EQ(skipped, static_cast<int>(operations_for(false).size()));
  const Json& run = r.at("context").at("shmbench").at("run");
  EXPECT_EQ(run.at("skipped_cells"), 1);
  EXPECT_EQ(run.at("failed_cells"), 0);
  std::ostringstream summary;
  print_summary(summary, analyse(config_, result_, system_.page_size));
  EXPECT_NE(summary.str().find("posix-huge 2MiB: skipped: " + kRefusal), std::string::npos) << summary.str();
  EXPECT_EQ(summary.str().find("FAILED"), std::string::npos);
}

TEST_F(MemoryReportTest, CountersGoOnTheirRepetitionsRowsAndTheirMedianOnTheMedianRow) {
  const Json r = report();
  std::vector<double> per_repetition;
  for (const auto& row : r.at("benchmarks")) {
    const std::string name = row.at("name");
    if (name == "first_touch/posix/2097152") per_repetition.push_back(row.at("commit_charge_bytes"));
    if (name == "first_touch/posix/2097152_median") {
      EXPECT_EQ(row.at("commit_charge_bytes"), 2097152.0);
      EXPECT_EQ(row.at("page_bytes"), 4096.0);
    }
    if (name == "first_touch/posix/2097152_mean" || name == "create/posix/2097152") {
      EXPECT_FALSE(row.contains("commit_charge_bytes")) << name;
    }
  }
  EXPECT_EQ(per_repetition, (std::vector<double>{2097152, 2101248, 1048576}));
}

TEST_F(MemoryReportTest, BackendOperationsSayWhoHasCommit) {
  result_.backends.push_back({"win32-reserve", "SEC_RESERVE", false, true});
  result_.backends.push_back({"heap", "new", true, false});
  const Json ops = report().at("context").at("shmbench").at("backend_operations");
  const auto has = [&](const char* backend, const char* op) {
    for (const auto& name : ops.at(backend))
      if (name == op) return true;
    return false;
  };
  EXPECT_TRUE(has("win32-reserve", "commit"));
  EXPECT_FALSE(has("posix", "commit"));
  EXPECT_FALSE(has("heap", "open"));
  EXPECT_TRUE(has("posix", "open"));
}

// What compare, --pair and export make of a skipped row: none of them an error.
TEST(SkippedRowsInReaders, AreNotComparedNotedAndLeftOutOfExports) {
  Json base = {{"context", {{"shmbench", {{"schema_version", 4}, {"platform", {{"os", "linux"}}}}}}},
               {"benchmarks", Json::array()}};
  Json skipped_doc = base, measured_doc = base;
  for (int rep = 0; rep < 5; ++rep) {
    for (const char* backend : {"posix", "memfd"})
      measured_doc["benchmarks"].push_back({{"name", std::string("map/") + backend + "/4096"},
                                            {"run_name", std::string("map/") + backend + "/4096"},
                                            {"run_type", "iteration"},
                                            {"repetitions", 5},
                                            {"repetition_index", rep},
                                            {"real_time", 100 + rep},
                                            {"time_unit", "ns"}});
    skipped_doc["benchmarks"].push_back(measured_doc["benchmarks"][2 * rep]);
  }
  skipped_doc["benchmarks"].push_back({{"name", "map/memfd/4096"},
                                       {"run_name", "map/memfd/4096"},
                                       {"run_type", "iteration"},
                                       {"repetitions", 1},
                                       {"repetition_index", 0},
                                       {"real_time", 0},
                                       {"time_unit", "ns"},
                                       {"skipped", true},
                                       {"skip_message", kRefusal}});
  const LoadedReport with_skip = parse_report(skipped_doc.dump(), "skip.json");
  const ReportRow* row = with_skip.find("map/memfd/4096");
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->skipped, kRefusal);
  EXPECT_TRUE(row->error.empty());
  EXPECT_TRUE(row->ns.empty());

  const LoadedReport measured = parse_report(measured_doc.dump(), "measured.json");
  const Comparison comparison = compare(measured, with_skip, CompareOptions{});
  bool seen = false;
  for (const auto& r : comparison.rows)
    if (r.name == "map/memfd/4096") {
      seen = true;
      EXPECT_EQ(r.status, RowStatus::not_compared);
      EXPECT_NE(r.note.find("skipped in the contender"), std::string::npos) << r.note;
    }
  EXPECT_TRUE(seen);
  EXPECT_FALSE(comparison.regressed());
  EXPECT_EQ(comparison.counts().errors, 0u);

  const PairComparison pairs = compare_backend_pairs(with_skip, {{"memfd", "posix"}}, CompareOptions{});
  ASSERT_EQ(pairs.tables.size(), 1u);
  ASSERT_EQ(pairs.tables[0].rows.size(), 1u);
  EXPECT_FALSE(pairs.tables[0].rows[0].samples);
  EXPECT_NE(pairs.tables[0].rows[0].note.find("skipped map/memfd/4096"), std::string::npos);

  const CiExport exported = export_for_ci({with_skip}, "");
  bool left_out = false;
  for (const auto& out : exported.left_out) left_out = left_out || out.reason.rfind("skipped: ", 0) == 0;
  EXPECT_TRUE(left_out);
}

TEST(ProtocolCounters, TravelWithTheirSample) {
  MeasuredReply reply;
  reply.samples.push_back({Operation::commit, 1500, 1, {{"commit_charge_bytes", 65536}, {"page_bytes", 4096}}});
  reply.samples.push_back({Operation::map, 900, 3});
  auto decoded = decode_reply(encode(Reply{reply}));
  ASSERT_TRUE(decoded.ok()) << decoded.error().describe();
  const auto& back = std::get<MeasuredReply>(decoded.value());
  ASSERT_EQ(back.samples.size(), 2u);
  EXPECT_EQ(back.samples[0].op, Operation::commit);
  ASSERT_EQ(back.samples[0].counters.size(), 2u);
  EXPECT_EQ(back.samples[0].counters[0], (std::pair<std::string, double>{"commit_charge_bytes", 65536}));
  EXPECT_TRUE(back.samples[1].counters.empty());
  EXPECT_FALSE(decode_reply(R"({"v":1,"type":"measured","samples":[{"op":"map","ns":1,"iterations":1,"counters":{"x":"y"}}]})").ok());
}

// A backend of each kind of memory, for the accounting's expectations.
class KindOfMemory final : public Backend {
 public:
  KindOfMemory(Charge charge, std::uint64_t large_page) : charge_(charge), large_page_(large_page) {}
  std::string_view name() const override { return "kind"; }
  std::string_view flags() const override { return ""; }
  Charge commit_charge() const override { return charge_; }
  std::uint64_t large_page_size() const override { return large_page_; }
  Result<std::unique_ptr<SharedObject>> create(const std::string&, std::uint64_t) override { return Error{}; }
  Result<std::unique_ptr<SharedObject>> open(const std::string&, std::uint64_t) override { return Error{}; }
  Status remove(const std::string&) override { return {}; }

 private:
  Charge charge_;
  std::uint64_t large_page_;
};

TEST(MemoryAccountingExpectations, EachKindOfMemoryIsChargedAtItsStepAndGivenBackAtClose) {
  using Charge = Backend::Charge;
  using lifecycle::MemoryAccounting;
  const std::int64_t n = 1 << 20;
  struct Case {
    Charge charge;
    Operation charged_at;
  };
  for (const Case c : {Case{Charge::at_create, Operation::create}, Case{Charge::at_map, Operation::map},
                       Case{Charge::at_commit, Operation::commit}, Case{Charge::at_first_touch, Operation::first_touch}}) {
    KindOfMemory backend(c.charge, 0);
    const MemoryAccounting accounting(backend, n, true);
    for (Operation op : {Operation::create, Operation::map, Operation::commit, Operation::first_touch})
      EXPECT_EQ(accounting.expected_commit(op), op == c.charged_at ? n : 0) << op;
    EXPECT_EQ(accounting.expected_commit(Operation::close), -n);
  }
  KindOfMemory file(Charge::never, 0);
  for (Operation op : {Operation::create, Operation::first_touch, Operation::close})
    EXPECT_EQ(MemoryAccounting(file, n, true).expected_commit(op), 0) << op;
  KindOfMemory heap(Charge::unknown, 0);
  EXPECT_FALSE(MemoryAccounting(heap, n, true).expected_commit(Operation::create));
  // A large-page object's expectation is its rounded size.
  KindOfMemory large(Charge::at_create, 2 << 20);
  EXPECT_EQ(MemoryAccounting(large, 4096, true).expected_commit(Operation::create), std::int64_t{2} << 20);
}

TEST(EnvironmentWarnings, NameTheVmTheStealOtherLoadTheGovernorAndTheBuild) {
  Environment quiet;
  EXPECT_TRUE(environment_warnings(quiet, CpuShares{0.0, 0.0}, "Release").empty());
  EXPECT_TRUE(environment_warnings(quiet, CpuShares{}, "Release").empty()) << "unknown shares are no warning";
  Environment busy;
  busy.hypervisor = true;
  busy.hypervisor_vendor = "KVMKVMKVM";
  busy.governors = {"performance", "powersave"};
  const auto warnings = environment_warnings(busy, CpuShares{0.032, 0.25}, "Debug");
  std::vector<std::string> kinds;
  for (const auto& w : warnings) kinds.push_back(w.kind);
  EXPECT_EQ(kinds,
            (std::vector<std::string>{"virtual_machine", "steal_time", "other_load", "cpu_governor", "build_type"}));
  EXPECT_NE(warnings[0].text.find("KVMKVMKVM"), std::string::npos);
  EXPECT_NE(warnings[1].text.find("3.2 %"), std::string::npos) << warnings[1].text;
  EXPECT_NE(warnings[2].text.find("25.0 % busy during the run"), std::string::npos) << warnings[2].text;
  EXPECT_NE(warnings[3].text.find("powersave"), std::string::npos);
  EXPECT_TRUE(environment_warnings(quiet, CpuShares{0.0099, 0.0499}, "Release").empty()) << "1 % and 5 % are the lines";
}

// Two readings of the CPUs' counters: what the hypervisor and other processes took of the
// time between them, other processes' part being the busy time this process tree did not use.
TEST(EnvironmentWarnings, SharesOfTheCpusTimeBetweenTwoReadings) {
  CpuTimes start;
  start.known = start.steal_known = true;
  start.total = 100;
  start.busy = 10;
  start.steal = 1;
  start.own = 2;
  CpuTimes end = start;
  end.total = 120;  // 20 s of CPU time, e.g. 10 s on two CPUs
  end.busy = 22;    // 12 s of it busy ...
  end.own = 10;     // ... 8 s by this process and its children
  end.steal = 1.5;
  CpuShares shares = cpu_shares_between(start, end);
  EXPECT_DOUBLE_EQ(shares.steal, 0.5 / 20);
  EXPECT_DOUBLE_EQ(shares.other_load, 4.0 / 20);

  end.own = 15;  // counted in ticks, the busy time can fall a little short of the exact own time
  EXPECT_EQ(cpu_shares_between(start, end).other_load, 0.0);

  CpuTimes unknown_own = end;
  unknown_own.own = -1;  // Wine: no CPU time for the children
  EXPECT_LT(cpu_shares_between(start, unknown_own).other_load, 0);
  CpuTimes no_steal = end;
  no_steal.steal_known = false;  // Windows
  EXPECT_LT(cpu_shares_between(start, no_steal).steal, 0);
  EXPECT_LT(cpu_shares_between(CpuTimes{}, end).other_load, 0) << "no first reading";
  EXPECT_LT(cpu_shares_between(end, end).steal, 0) << "no time between the readings";
}

}  // namespace
}  // namespace shmbench
