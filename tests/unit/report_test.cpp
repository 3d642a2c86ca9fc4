// analyse + build_report (harness/report/) from a small synthetic run: the
// Google-Benchmark shape of the rows, the aggregates, the reference ratios, the spread
// warnings and the failed cell.
#include "report/report_json.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "measure/operation.hpp"
#include "measure/pattern.hpp"
#include "measure/stats.hpp"
#include "report/analysis.hpp"
#include "report/summary_table.hpp"

namespace shmbench {
namespace {

using Json = nlohmann::ordered_json;

std::string benchmark_name(Operation op, const std::string& backend, std::uint64_t size) {
  return std::string(to_string(op)) + "/" + backend + "/" + std::to_string(size);
}

std::vector<Operation> operations_of(const std::string& backend) { return operations_for(backend == "heap"); }

constexpr std::uint64_t kSize = 4096;
constexpr int kRepetitions = 9;
const std::string kFailure = "writer timed out after 60 s";

// Samples 1..9 times a per-operation factor, in shuffled order, so the median is
// 5 * factor, p90 is 8.2 * factor and the iteration rows keep the order measured.
std::vector<double> samples(double factor) {
  std::vector<double> values;
  for (int i : {3, 1, 4, 9, 5, 2, 6, 8, 7}) values.push_back(i * factor);
  return values;
}

// Different factors per backend and operation, so a row can only match its own cell.
double factor_of(const std::string& backend, Operation op) {
  double base = backend == "heap" ? 100 : 400;
  if (op == Operation::read) base /= 2;
  if (op == Operation::read_unverified) base /= 2.5;
  if (op == Operation::create) base *= 3;
  if (op == Operation::first_touch) base *= 0.25;
  return base;
}

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.suite = "unit";
    config_.backends = {"posix", "heap", "boost-portable"};
    config_.sizes = {kSize};
    config_.repetitions = kRepetitions;

    for (const std::string backend : {"posix", "heap"}) {
      Cell cell;
      cell.backend = backend;
      cell.size = kSize;
      cell.operations = operations_of(backend);
      for (Operation op : cell.operations) cell.samples[op] = OperationSamples{samples(factor_of(backend, op)), 1};
      cell.seconds = 0.5;
      result_.cells.push_back(cell);
    }
    Cell failed;
    failed.backend = "boost-portable";
    failed.size = kSize;
    failed.operations = operations_of("boost-portable");
    failed.error = kFailure;
    result_.cells.push_back(failed);
    result_.seconds = 1.5;
    result_.order = {"interleaved", "round-robin, rotating"};
    result_.timer = TimerInfo{"steady_clock", 1, 20, "steady_clock", 1, 0};
    result_.backends = {{"posix", "shm_open", false}, {"heap", "new", true}, {"boost-portable", "boost", false}};

    system_.os = "linux";
    system_.os_version = "6.1.0";
    system_.cpu_model = "Test CPU";
    system_.host_name = "testhost";
    system_.num_cpus = 2;
    system_.mhz_per_cpu = 2400;
    system_.page_size = 4096;
    system_.allocation_granularity = 4096;
    system_.physical_memory = std::uint64_t{8} << 30;
    system_.caches.push_back(CacheInfo{"Data", 1, 32 * 1024, 1});
    system_.load_avg = {0.5, 0.25, 0.125};

    build_.version = "0.1.0";
    build_.compiler = "test-cc 1.0";
    build_.build_type = "Release";
    build_.boost_version = "1.81.0";
    build_.git_revision = "abcdef123456";
  }

  Json report() const {
    return build_report(config_, result_, analyse(config_, result_, system_.page_size), system_, build_,
                        "2024-01-02T03:04:05+00:00");
  }

  // Every row whose name is `name` (iteration rows and error rows share the benchmark name).
  static std::vector<Json> rows_named(const Json& report, const std::string& name) {
    std::vector<Json> found;
    for (const auto& row : report.at("benchmarks"))
      if (row.at("name").template get<std::string>() == name) found.push_back(row);
    return found;
  }

  static Json aggregate(const Json& report, const std::string& name, const std::string& aggregate_name) {
    const auto rows = rows_named(report, name + "_" + aggregate_name);
    EXPECT_EQ(rows.size(), 1u) << "rows named " << name << "_" << aggregate_name;
    return rows.empty() ? Json::object() : rows.front();
  }

  RunConfig config_;
  RunResult result_;
  SystemInfo system_;
  BuildInfo build_;
};

TEST_F(ReportTest, HasContextAndBenchmarks) {
  const auto r = report();
  ASSERT_TRUE(r.is_object());
  ASSERT_TRUE(r.contains("context"));
  ASSERT_TRUE(r.contains("benchmarks"));
  EXPECT_TRUE(r.at("benchmarks").is_array());
  EXPECT_EQ(r.at("context").at("date").template get<std::string>(), "2024-01-02T03:04:05+00:00");
  EXPECT_EQ(r.at("context").at("host_name").template get<std::string>(), "testhost");
  EXPECT_EQ(r.at("context").at("num_cpus").template get<int>(), 2);
  EXPECT_EQ(r.at("context").at("library_build_type").template get<std::string>(), "release");
}

TEST_F(ReportTest, SchemaVersionIsFour) {
  const auto r = report();
  ASSERT_TRUE(r.at("context").contains("shmbench"));
  EXPECT_EQ(r.at("context").at("shmbench").at("schema_version").template get<int>(), 4);
  EXPECT_EQ(kReportSchemaVersion, 4);
}

TEST_F(ReportTest, RecordsTheOrderAndTheReadKernel) {
  const auto shm = report().at("context").at("shmbench");
  EXPECT_EQ(shm.at("order").at("scheme").template get<std::string>(), "interleaved");
  EXPECT_FALSE(shm.at("order").at("description").template get<std::string>().empty());
  EXPECT_EQ(shm.at("read_kernel").template get<std::string>(), read_kernel_name());
}

TEST_F(ReportTest, ContextCarriesTheOperationTableAndReference) {
  const auto r = report();
  const auto& shm = r.at("context").at("shmbench");
  EXPECT_EQ(shm.at("reference_backend").template get<std::string>(), "heap");
  ASSERT_EQ(shm.at("operations").size(), kOperationCount);
  EXPECT_EQ(shm.at("operations").at(1).at("name").template get<std::string>(), "open");
  EXPECT_EQ(shm.at("operations").at(1).at("process").template get<std::string>(), "reader");
  EXPECT_TRUE(shm.at("operations").at(1).at("needs_shared_object").template get<bool>());
  EXPECT_EQ(shm.at("backend_flags").at("posix").template get<std::string>(), "shm_open");
}

TEST_F(ReportTest, ContextCarriesCachesForBencher) {
  const auto r = report();
  const auto& caches = r.at("context").at("caches");
  ASSERT_TRUE(caches.is_array());
  ASSERT_EQ(caches.size(), 1u);
  EXPECT_EQ(caches.at(0).at("type").template get<std::string>(), "Data");
  EXPECT_EQ(caches.at(0).at("level").template get<int>(), 1);
  EXPECT_EQ(caches.at(0).at("size").template get<std::uint64_t>(), 32u * 1024);
}

TEST_F(ReportTest, ContextCountsTheFailedCell) {
  const auto r = report();
  EXPECT_EQ(r.at("context").at("shmbench").at("run").at("failed_cells").template get<int>(), 1);
}

TEST_F(ReportTest, EveryOperationOfEveryCellHasRows) {
  const auto r = report();
  for (const std::string backend : {"posix", "heap", "boost-portable"})
    for (const auto& op : operations_of(backend))
      EXPECT_FALSE(rows_named(r, benchmark_name(op, backend, kSize)).empty()) << op << "/" << backend;
  // The heap has no open/map/unmap rows.
  EXPECT_TRUE(rows_named(r, benchmark_name(Operation::open, "heap", kSize)).empty());
  EXPECT_TRUE(rows_named(r, benchmark_name(Operation::map, "heap", kSize)).empty());
  // 9 iteration rows + 6 aggregates per measured operation, one row per failed one.
  const std::size_t expected = (operations_of("posix").size() + operations_of("heap").size()) * (kRepetitions + 6) +
                               operations_of("boost-portable").size();
  EXPECT_EQ(r.at("benchmarks").size(), expected);
}

TEST_F(ReportTest, BenchmarkNameIsOperationBackendSize) {
  const Analysis analysis = analyse(config_, result_, system_.page_size);
  EXPECT_EQ(analysis.benchmarks.front().name, "create/posix/4096");
}

TEST_F(ReportTest, IterationRowsCarryRepetitions) {
  const auto r = report();
  for (const std::string backend : {"posix", "heap"}) {
    for (const auto& op : operations_of(backend)) {
      const std::string name = benchmark_name(op, backend, kSize);
      const auto rows = rows_named(r, name);
      const auto expected = samples(factor_of(backend, op));
      ASSERT_EQ(rows.size(), static_cast<std::size_t>(kRepetitions)) << name;
      std::set<int> indices;
      for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& row = rows[i];
        EXPECT_EQ(row.at("run_type").template get<std::string>(), "iteration") << name;
        EXPECT_EQ(row.at("run_name").template get<std::string>(), name);
        EXPECT_EQ(row.at("repetitions").template get<int>(), kRepetitions) << name;
        const int index = row.at("repetition_index").template get<int>();
        indices.insert(index);
        ASSERT_GE(index, 0);
        ASSERT_LT(index, kRepetitions);
        EXPECT_DOUBLE_EQ(row.at("real_time").template get<double>(), expected[static_cast<std::size_t>(index)])
            << name << " repetition " << index;
        EXPECT_EQ(row.at("time_unit").template get<std::string>(), "ns") << name;
        EXPECT_TRUE(row.contains("cpu_time")) << name;
        EXPECT_TRUE(row.contains("iterations")) << name;
        EXPECT_FALSE(row.contains("error_occurred") && row.at("error_occurred").template get<bool>()) << name;
      }
      EXPECT_EQ(indices.size(), static_cast<std::size_t>(kRepetitions)) << name << ": repetition_index repeats";
    }
  }
}

TEST_F(ReportTest, ThroughputRowsCarryBytesPerSecond) {
  const auto r = report();
  const std::string name = benchmark_name(Operation::copy, "posix", kSize);
  const auto expected = samples(factor_of("posix", Operation::copy));
  for (const auto& row : rows_named(r, name)) {
    const auto index = row.at("repetition_index").template get<std::size_t>();
    ASSERT_TRUE(row.contains("bytes_per_second")) << name;
    EXPECT_NEAR(row.at("bytes_per_second").template get<double>(), kSize * 1e9 / expected[index], 1e-3);
  }
  // Latency operations have no throughput.
  for (const auto& row : rows_named(r, benchmark_name(Operation::create, "posix", kSize)))
    EXPECT_FALSE(row.contains("bytes_per_second"));
}

TEST_F(ReportTest, AggregatesExistWithTheirUnits) {
  const auto r = report();
  for (const std::string backend : {"posix", "heap"}) {
    for (const auto& op : operations_of(backend)) {
      const std::string name = benchmark_name(op, backend, kSize);
      const Summary expected = summarize(samples(factor_of(backend, op)));
      const std::map<std::string, double> values = {{"mean", expected.mean}, {"median", expected.median},
                                                    {"stddev", expected.stddev}, {"cv", expected.cv},
                                                    {"min", expected.min},   {"max", expected.max}};
      for (const auto& [aggregate_name, value] : values) {
        const Json row = aggregate(r, name, aggregate_name);
        ASSERT_FALSE(row.empty()) << name << "_" << aggregate_name;
        EXPECT_EQ(row.at("run_type").template get<std::string>(), "aggregate");
        EXPECT_EQ(row.at("run_name").template get<std::string>(), name);
        EXPECT_EQ(row.at("aggregate_name").template get<std::string>(), aggregate_name);
        EXPECT_EQ(row.at("aggregate_unit").template get<std::string>(),
                  aggregate_name == "cv" ? "percentage" : "time")
            << name << "_" << aggregate_name;
        EXPECT_EQ(row.at("repetitions").template get<int>(), kRepetitions);
        EXPECT_FALSE(row.contains("repetition_index")) << name << "_" << aggregate_name;
        EXPECT_EQ(row.at("time_unit").template get<std::string>(), "ns");
        EXPECT_NEAR(row.at("real_time").template get<double>(), value, 1e-9 * (1 + value))
            << name << "_" << aggregate_name;
      }
    }
  }
}

TEST_F(ReportTest, MedianRowHasOnlyThePercentilesNineSamplesCarry) {
  const auto r = report();
  for (const std::string backend : {"posix", "heap"}) {
    for (const auto& op : operations_of(backend)) {
      const std::string name = benchmark_name(op, backend, kSize);
      const double factor = factor_of(backend, op);
      const Json median = aggregate(r, name, "median");
      ASSERT_TRUE(median.contains("p50_ns")) << name;
      EXPECT_NEAR(median.at("p50_ns").template get<double>(), 5 * factor, 1e-9 * factor) << name;
      EXPECT_NEAR(median.at("real_time").template get<double>(), 5 * factor, 1e-9 * factor) << name;
      // p90 of 9 values would be the maximum, interpolated: not reported.
      EXPECT_FALSE(median.contains("p90_ns")) << name;
      EXPECT_FALSE(median.contains("p99_ns")) << name;
      EXPECT_EQ(median.at("outliers").template get<int>(), 0) << name;
      // Distribution counters belong on the median row only.
      EXPECT_FALSE(aggregate(r, name, "mean").contains("p50_ns")) << name;
    }
  }
}

TEST_F(ReportTest, TenSamplesCarryP90) {
  auto& copy = result_.cells[0].samples[Operation::copy].ns;
  copy.push_back(10 * factor_of("posix", Operation::copy));
  const auto r = report();
  const Json median = aggregate(r, benchmark_name(Operation::copy, "posix", kSize), "median");
  ASSERT_TRUE(median.contains("p90_ns"));
  EXPECT_NEAR(median.at("p90_ns").template get<double>(), 9.1 * factor_of("posix", Operation::copy), 1e-6);
  EXPECT_FALSE(median.contains("p99_ns"));
}

TEST_F(ReportTest, SingleRepetitionHasNoAggregates) {
  for (auto& cell : result_.cells)
    for (auto& [op, samples] : cell.samples) samples.ns.resize(1);
  const auto r = report();
  const std::string name = benchmark_name(Operation::copy, "posix", kSize);
  const auto rows = rows_named(r, name);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(rows_named(r, name + "_median").empty());
  EXPECT_TRUE(rows_named(r, name + "_cv").empty());
  // The reference ratio stays, on the only row.
  EXPECT_TRUE(rows.front().contains("vs_heap"));
  EXPECT_FALSE(rows.front().contains("cv"));
}

TEST_F(ReportTest, AnUnsureMedianIsLabelledAnOutlierIsNot) {
  // Eight tight repetitions and one four times slower: one outlier and a cv far above
  // 10 %, but the median's interval ([x_(2), x_(8)] of 9) stays within ±1 %: no label.
  result_.cells[0].samples[Operation::create].ns = {1000, 1010, 990, 1005, 995, 1002, 998, 1001, 4000};
  // Repetitions scattered by ±20 %: the median's interval reaches beyond ±10 %.
  result_.cells[0].samples[Operation::open].ns = {800, 1200, 900, 1100, 1000, 840, 1160, 940, 1060};
  // Two states, 21 repetitions near 1000 ns and 6 near 1500 ns, two in each third: the
  // median's interval ([x_(8), x_(20)] of 27) stays in the first state. Said, not warned.
  std::vector<double> two_states;
  for (int i = 0; i < 27; ++i) two_states.push_back(i % 9 == 4 || i % 9 == 7 ? 1500 + i % 2 : 1000 + i % 3);
  result_.cells[0].samples[Operation::map].ns = two_states;
  const Analysis analysis = analyse(config_, result_, system_.page_size);
  const auto r = build_report(config_, result_, analysis, system_, build_, "2024-01-02T03:04:05+00:00");
  const Json create = aggregate(r, benchmark_name(Operation::create, "posix", kSize), "median");
  EXPECT_EQ(create.at("outliers").template get<int>(), 1);
  EXPECT_FALSE(create.contains("label")) << create.dump();
  EXPECT_DOUBLE_EQ(create.at("median_ci_low_ns").template get<double>(), 995);
  EXPECT_DOUBLE_EQ(create.at("median_ci_high_ns").template get<double>(), 1010);
  const Json open = aggregate(r, benchmark_name(Operation::open, "posix", kSize), "median");
  ASSERT_TRUE(open.contains("label"));
  EXPECT_NE(open.at("label").template get<std::string>().find(
                "the median's 95 % interval reaches -16.0/+16.0 % (beyond ±10 %)"),
            std::string::npos)
      << open.at("label");
  const Json map = aggregate(r, benchmark_name(Operation::map, "posix", kSize), "median");
  EXPECT_FALSE(map.contains("label")) << map.dump();
  ASSERT_TRUE(map.contains("two_groups"));
  EXPECT_EQ(map.at("two_groups").template get<std::string>(), "21 around 1001 ns, 6 around 1500 ns");
}

// 27 repetitions whose last third runs 20 % slower than the first (the machine drifted):
// the median's interval stays within ±10 %, the drift warns.
TEST_F(ReportTest, AFigureThatDriftedDuringTheRunIsLabelled) {
  std::vector<double> drifting;
  for (int i = 0; i < 27; ++i) drifting.push_back((i < 9 ? 1000 : i < 18 ? 1100 : 1200) + (i % 3));
  result_.cells[0].samples[Operation::open].ns = drifting;
  // The same values in an order without drift: no warning.
  std::vector<double> mixed;
  for (int i = 0; i < 9; ++i)
    for (const double base : {1000.0, 1100.0, 1200.0}) mixed.push_back(base + (i % 3));
  result_.cells[0].samples[Operation::map].ns = mixed;
  const Analysis analysis = analyse(config_, result_, system_.page_size);
  const auto r = build_report(config_, result_, analysis, system_, build_, "2024-01-02T03:04:05+00:00");
  const Json open = aggregate(r, benchmark_name(Operation::open, "posix", kSize), "median");
  ASSERT_TRUE(open.contains("label")) << open.dump();
  EXPECT_NE(open.at("label").template get<std::string>().find(
                "the last third of the repetitions has a median +20.0 % from the first's (beyond ±10 %)"),
            std::string::npos)
      << open.at("label");
  EXPECT_EQ(open.at("label").template get<std::string>().find("interval"), std::string::npos) << open.at("label");
  EXPECT_NEAR(open.at("thirds_drift").template get<double>(), 0.2, 1e-3);
  const Json map = aggregate(r, benchmark_name(Operation::map, "posix", kSize), "median");
  EXPECT_FALSE(map.contains("label")) << map.dump();
  EXPECT_NEAR(map.at("thirds_drift").template get<double>(), 0.0, 1e-9);
}

// The machine's own drift over the run: in the run's context, and an environment warning
// beyond ±3 % where the report has an environment (report/machine_drift.hpp).
TEST_F(ReportTest, AMachineThatSlowedDuringTheRunWarns) {
  EXPECT_TRUE(report().at("context").at("shmbench").at("run").at("machine_drift_fraction").is_null());  // 9 repetitions

  for (auto& cell : result_.cells)
    for (auto& [op, samples] : cell.samples) {
      const double first = samples.ns.front();
      samples.ns.clear();
      for (int rep = 0; rep < 27; ++rep) samples.ns.push_back(rep < 18 ? first : first * 1.25);
    }
  config_.repetitions = 27;
  system_.environment = Environment{};
  const auto r = report();
  const Json& shmbench = r.at("context").at("shmbench");
  EXPECT_NEAR(shmbench.at("run").at("machine_drift_fraction").template get<double>(), 0.25, 1e-9);
  bool warned = false;
  for (const auto& warning : shmbench.at("environment").at("warnings"))
    warned = warned || warning.at("kind") == "machine_drift";
  EXPECT_TRUE(warned) << shmbench.at("environment").dump();
}

// Warned figures come with what to do about them; a run with none warned says nothing.
TEST_F(ReportTest, TheSummarySaysWhatToDoAboutWarnedFigures) {
  const std::string advice = "warned figures are the ones a repeat run is likely to move: judge a change with "
                             "'shmbench ab' or several runs per side";
  std::ostringstream warned;
  print_summary(warned, analyse(config_, result_, system_.page_size));  // 1..9 x factor: every interval wide
  EXPECT_NE(warned.str().find(advice), std::string::npos) << warned.str();

  for (auto& cell : result_.cells)
    for (auto& [op, samples] : cell.samples) samples.ns.assign(27, 100000);  // tight, far above the timer's floor
  config_.repetitions = 27;
  std::ostringstream calm;
  print_summary(calm, analyse(config_, result_, system_.page_size));
  EXPECT_EQ(calm.str().find("carry a warning"), std::string::npos) << calm.str();
  EXPECT_EQ(calm.str().find(advice), std::string::npos) << calm.str();
}

// The summary counts the warned figures; when the intervals warned are those of few
// repetitions, it says which order statistics bound them and what narrows them.
TEST_F(ReportTest, TheSummarySaysHowFewRepetitionsWidenTheInterval) {
  std::ostringstream few;
  print_summary(few, analyse(config_, result_, system_.page_size));  // 1..9 x factor: every interval wide
  EXPECT_NE(few.str().find("with a median's interval beyond ±10 %"), std::string::npos) << few.str();
  const std::string ranks = "with 9 repetitions a median's 95 % interval runs from the 2nd to the 8th lowest of them "
                            "(the middle 7 of 9)";
  EXPECT_NE(few.str().find(ranks), std::string::npos) << few.str();

  // 6 repetitions: the interval is all of them.
  RunResult six = result_;
  for (auto& cell : six.cells)
    for (auto& [op, samples] : cell.samples) samples.ns.resize(6);
  std::ostringstream fewest;
  print_summary(fewest, analyse(config_, six, system_.page_size));
  EXPECT_NE(fewest.str().find("with 6 repetitions a median's 95 % interval runs from the lowest to the highest of them "
                              "(all 6)"),
            std::string::npos)
      << fewest.str();

  // 27 repetitions, as widely spread: still warned, but not put down to their number.
  for (auto& cell : result_.cells)
    for (auto& [op, samples] : cell.samples) {
      std::vector<double> spread;
      for (int i = 0; i < 3; ++i) spread.insert(spread.end(), samples.ns.begin(), samples.ns.end());
      samples.ns = spread;
    }
  config_.repetitions = 27;
  std::ostringstream many;
  print_summary(many, analyse(config_, result_, system_.page_size));
  EXPECT_NE(many.str().find("with a median's interval beyond ±10 %"), std::string::npos) << many.str();
  EXPECT_EQ(many.str().find("repetitions a median's 95 % interval runs"), std::string::npos) << many.str();
}

TEST_F(ReportTest, SpansNearTheTimerFloorAreLabelled) {
  result_.timer->read_overhead_ns = 1000;  // 20 x 1000 ns = 20 us floor; posix create takes 6 us
  const Analysis analysis = analyse(config_, result_, system_.page_size);
  bool found = false;
  for (const auto& stats : analysis.benchmarks)
    if (stats.name == benchmark_name(Operation::create, "posix", kSize))
      for (const auto& warning : stats.warnings) found = found || warning.kind == WarningKind::near_timer_floor;
  EXPECT_TRUE(found);
}

// A figure that is the median of several calls, each timed alone, has one call's span,
// not the calls' sum: 9 calls of 6 us are 6 us spans under a 20 us floor.
TEST_F(ReportTest, CallsTimedAloneAreJudgedByOneCallsSpan) {
  result_.timer->read_overhead_ns = 1000;  // 20 x 1000 ns = 20 us floor; posix create takes 6 us
  OperationSamples& create = result_.cells[0].samples[Operation::create];
  create.iterations = 9;
  const auto floor_warned = [&] {
    for (const auto& stats : analyse(config_, result_, system_.page_size).benchmarks)
      if (stats.name == benchmark_name(Operation::create, "posix", kSize))
        for (const auto& warning : stats.warnings)
          if (warning.kind == WarningKind::near_timer_floor) return true;
    return false;
  };
  create.iterations_per_span = 0;  // one span over the 9: 54 us
  EXPECT_FALSE(floor_warned());
  create.iterations_per_span = 1;
  EXPECT_TRUE(floor_warned());
  create.iterations_per_span = 4;  // chunks of 4: 24 us
  EXPECT_FALSE(floor_warned());
}

TEST_F(ReportTest, ReadMedianRowComparesTheVerifiedReadWithTheUnverifiedOne) {
  const auto r = report();
  for (const std::string backend : {"posix", "heap"}) {
    const Json median = aggregate(r, benchmark_name(Operation::read, backend, kSize), "median");
    ASSERT_TRUE(median.contains("vs_read_unverified")) << backend;
    // read_unverified takes 0.8x the time of read in the synthetic samples.
    EXPECT_DOUBLE_EQ(median.at("vs_read_unverified").template get<double>(),
                     summarize(samples(factor_of(backend, Operation::read_unverified))).median /
                         summarize(samples(factor_of(backend, Operation::read))).median)
        << backend;
    EXPECT_NEAR(median.at("vs_read_unverified").template get<double>(), 0.8, 1e-12) << backend;
  }
  for (const Operation op : {Operation::copy, Operation::read_unverified, Operation::read_cold})
    EXPECT_FALSE(aggregate(r, benchmark_name(op, "posix", kSize), "median").contains("vs_read_unverified")) << op;
}

TEST_F(ReportTest, MedianRowComparesCopyAndReadsWithHeap) {
  const auto r = report();
  for (const Operation op : {Operation::copy, Operation::read, Operation::read_unverified}) {
    const double heap_median = summarize(samples(factor_of("heap", op))).median;
    const double backend_median = summarize(samples(factor_of("posix", op))).median;
    const Json median = aggregate(r, benchmark_name(op, "posix", kSize), "median");
    ASSERT_TRUE(median.contains("vs_heap")) << op;
    EXPECT_DOUBLE_EQ(median.at("vs_heap").template get<double>(), heap_median / backend_median) << op;
    // The synthetic posix copy is 4x slower than the heap: a ratio below 1.
    EXPECT_LT(median.at("vs_heap").template get<double>(), 1.0) << op;
    // The heap is not compared with itself.
    EXPECT_FALSE(aggregate(r, benchmark_name(op, "heap", kSize), "median").contains("vs_heap")) << op;
  }
  // Nor are operations the heap has no reference for.
  EXPECT_FALSE(aggregate(r, benchmark_name(Operation::create, "posix", kSize), "median").contains("vs_heap"));
  EXPECT_FALSE(aggregate(r, benchmark_name(Operation::open, "posix", kSize), "median").contains("vs_heap"));
}

TEST_F(ReportTest, FailedCellYieldsErrorRowsForEveryOperation) {
  const auto r = report();
  for (const auto& op : operations_of("boost-portable")) {
    const std::string name = benchmark_name(op, "boost-portable", kSize);
    const auto rows = rows_named(r, name);
    ASSERT_EQ(rows.size(), 1u) << name;
    const auto& row = rows.front();
    ASSERT_TRUE(row.contains("error_occurred")) << name;
    EXPECT_TRUE(row.at("error_occurred").template get<bool>()) << name;
    EXPECT_EQ(row.at("error_message").template get<std::string>(), kFailure) << name;
    EXPECT_EQ(row.at("run_type").template get<std::string>(), "iteration") << name;
    EXPECT_EQ(row.at("time_unit").template get<std::string>(), "ns") << name;
    // A failed cell gets no aggregates.
    EXPECT_TRUE(rows_named(r, name + "_median").empty()) << name;
  }
}

TEST_F(ReportTest, MeasuredCellsHaveNoErrors) {
  const auto r = report();
  int errors = 0;
  for (const auto& row : r.at("benchmarks"))
    if (row.contains("error_occurred") && row.at("error_occurred").template get<bool>()) {
      ++errors;
      EXPECT_NE(row.at("name").template get<std::string>().find("/boost-portable/"), std::string::npos)
          << row.at("name").template get<std::string>();
    }
  EXPECT_EQ(errors, static_cast<int>(operations_of("boost-portable").size()));
}

TEST_F(ReportTest, OperationWithoutSamplesIsAnError) {
  result_.cells[0].samples.erase(Operation::unmap);
  const auto r = report();
  const auto rows = rows_named(r, benchmark_name(Operation::unmap, "posix", kSize));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(rows.front().at("error_occurred").template get<bool>());
  EXPECT_FALSE(rows.front().at("error_message").template get<std::string>().empty());
}

TEST_F(ReportTest, FamiliesAreDistinctPerOperationAndBackend) {
  const auto r = report();
  std::map<std::pair<std::string, std::string>, std::set<int>> families;
  std::map<int, std::set<std::pair<std::string, std::string>>> owners;
  for (const auto& row : r.at("benchmarks")) {
    const auto run_name = row.at("run_name").template get<std::string>();
    const auto first = run_name.find('/');
    const auto second = run_name.find('/', first + 1);
    ASSERT_NE(second, std::string::npos) << run_name;
    const auto key = std::make_pair(run_name.substr(0, first), run_name.substr(first + 1, second - first - 1));
    const int family = row.at("family_index").template get<int>();
    families[key].insert(family);
    owners[family].insert(key);
    EXPECT_EQ(row.at("per_family_instance_index").template get<int>(), 0) << run_name;
  }
  for (const auto& [key, indices] : families) EXPECT_EQ(indices.size(), 1u) << key.first << "/" << key.second;
  for (const auto& [family, keys] : owners) EXPECT_EQ(keys.size(), 1u) << "family " << family;
}

}  // namespace
}  // namespace shmbench
