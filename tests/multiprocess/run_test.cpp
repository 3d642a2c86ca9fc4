// Runs the real controller ("shmbench run") as a child process, as a user would, and
// checks its report and that nothing it named outlives it, also when a worker crashes
// or hangs mid-run.
#include <gtest/gtest.h>

#if !defined(_WIN32)
#include <signal.h>
#endif

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "backends/backend.hpp"
#include "backends/leftovers.hpp"
#include "measure/operation.hpp"
#include "measure/run_config.hpp"
#include "measure/stats.hpp"
#include "os/process.hpp"
#include "os/sysinfo.hpp"
#include "support/sibling_program.hpp"
#include "shmbench_runs.hpp"

namespace shmbench {
namespace {

using nlohmann::json;
using namespace test;
const auto* const report_folder = ::testing::AddGlobalTestEnvironment(new ReportFolder);

TEST(QuickSuite, MeasuresEveryBackendOperationAndSizeAndLeavesNothing) {
  const RunOutcome run = run_shmbench({"run", "--suite", "quick"}, "multiprocess-quick");
  ASSERT_EQ(run.exit_code, 0);
  ASSERT_TRUE(run.report.is_object());
  std::set<std::string> measured;
  for (const auto& row : run.report.at("benchmarks")) {
    EXPECT_FALSE(row.value("error_occurred", false)) << row.value("name", "") << ": " << row.value("error_message", "");
    if (row.at("run_type") == "iteration") measured.insert(row.at("name").get<std::string>());
  }
  for (const auto& backend : default_backends())
    for (const std::uint64_t size : {4096u, 65536u, 1048576u})
      for (const Operation op : operations_for(make_backend(backend)->process_local()))
        EXPECT_TRUE(measured.count(std::string(to_string(op)) + "/" + backend + "/" + std::to_string(size)))
            << op << " " << backend << " " << size;
  EXPECT_EQ(leftovers_of(run.pid), std::vector<std::string>{});
}

// A worker's hello: its timer, as the controller records it in the report.
json worker_timer(const std::vector<std::string>& extra_args) {
  std::vector<std::string> args = {"worker", "--role", "reader", "--backend", "heap", "--size", "4096"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  auto child = start_shmbench(args);
  EXPECT_TRUE(child.ok());
  if (!child.ok()) return json();
  std::string hello;
  EXPECT_EQ(child.value()->read_line(hello, std::chrono::seconds(60)), ChildProcess::ReadResult::line);
  child.value()->stop("");
  const json line = json::parse(hello, nullptr, false);
  return line.is_object() && line.contains("timer") ? line.at("timer") : json();
}

// Workers take the controller's TSC rate instead of calibrating for 20 ms each, but only
// when it agrees with their own clock: a wrong rate is never used. A run's report says
// whose calibration its figures rest on.
TEST(Timer, WorkersTakeTheControllersRateOnlyWhenTheirClockAgrees) {
  const json own = worker_timer({});
  ASSERT_TRUE(own.is_object());
  const double ghz = own.at("tsc_ghz").get<double>();
  if (ghz == 0) GTEST_SKIP() << "no invariant TSC here: the OS clock is used, and there is no rate to pass";
  EXPECT_EQ(own.at("source").get<std::string>().find("by the controller"), std::string::npos);

  char given[64];
  std::snprintf(given, sizeof given, "%.17g", ghz);
  const json adopted = worker_timer({"--tsc-ghz", given});
  ASSERT_TRUE(adopted.is_object());
  EXPECT_EQ(adopted.at("tsc_ghz").get<double>(), ghz);
  EXPECT_NE(adopted.at("source").get<std::string>().find("by the controller"), std::string::npos) << adopted.dump();

  std::snprintf(given, sizeof given, "%.17g", ghz * 1.5);
  const json refused = worker_timer({"--tsc-ghz", given});
  ASSERT_TRUE(refused.is_object());
  EXPECT_NEAR(refused.at("tsc_ghz").get<double>() / ghz, 1.0, 0.01);
  EXPECT_EQ(refused.at("source").get<std::string>().find("by the controller"), std::string::npos) << refused.dump();

  const RunOutcome run = run_shmbench({"run", "--backends", "heap", "--sizes", "4KiB", "--repetitions", "2"},
                                      "multiprocess-timer");
  ASSERT_EQ(run.exit_code, 0);
  const json& timer = run.report.at("context").at("shmbench").at("timer");
  EXPECT_NE(timer.at("source").get<std::string>().find("by the controller"), std::string::npos) << timer.dump();
}

// run --precision: a size stops taking rounds as soon as every figure's median interval
// is within the precision asked, never before 9 rounds, and its rows say how many they
// got. Whether 99 % is met after 9 rounds depends on the machine's noise (the heap's
// create is bimodal: the allocator reuses or maps), so the rule is replayed from the
// report's own samples rather than assumed: at each earlier point where it was judged
// (a writer/reader pair done, every 3 rounds) it was not met, and at the count where the
// size stopped short of 30 it was.
TEST(Precision, StopsASizeOnceEveryFigureIsThatSure) {
  constexpr int kAsked = 30;
  constexpr double kPrecision = 0.99;
  const RunOutcome run = run_shmbench({"run", "--backends", "heap", "--sizes", "64KiB", "--repetitions",
                                       std::to_string(kAsked), "--precision", "99%"},
                                      "multiprocess-precision");
  ASSERT_EQ(run.exit_code, 0);
  ASSERT_TRUE(run.report.is_object());
  EXPECT_DOUBLE_EQ(run.report.at("context").at("shmbench").at("config").at("precision").get<double>(), kPrecision);
  std::set<int> counts;
  std::map<std::string, std::vector<double>> samples;  // figure -> ns, in repetition order
  for (const auto& row : run.report.at("benchmarks")) {
    if (row.at("run_type") != "iteration") continue;
    counts.insert(row.at("repetitions").get<int>());
    auto& figure = samples[row.at("name").get<std::string>()];
    const auto index = row.at("repetition_index").get<std::size_t>();
    if (figure.size() <= index) figure.resize(index + 1);
    figure[index] = row.at("real_time").get<double>();
  }
  ASSERT_EQ(counts.size(), 1u);
  const int rounds = *counts.begin();
  ASSERT_GE(rounds, kPrecisionMinimumRepetitions);
  ASSERT_LE(rounds, kAsked);
  ASSERT_FALSE(samples.empty());
  const auto sure_after = [&](int done) {
    for (const auto& [name, ns] : samples) {
      const Summary summary = summarize(std::vector<double>(ns.begin(), ns.begin() + done));
      if (!summary.median_lower || !summary.median_upper || !(summary.median > 0)) return false;
      const double reach = std::max(summary.median - *summary.median_lower, *summary.median_upper - summary.median);
      if (reach > kPrecision * summary.median) return false;
    }
    return true;
  };
  for (const auto& [name, ns] : samples) {
    ASSERT_EQ(ns.size(), static_cast<std::size_t>(rounds)) << name;
  }
  // The rule is judged each time a writer/reader pair is done (every kRoundsPerWorkers
  // rounds): only there could the size have stopped.
  for (int done = kPrecisionMinimumRepetitions; done < rounds; done += kRoundsPerWorkers) {
    EXPECT_FALSE(sure_after(done)) << "every figure was within 99 % after " << done << " rounds, yet it went on";
  }
  if (rounds < kAsked) {
    EXPECT_TRUE(sure_after(rounds)) << "stopped after " << rounds << " rounds, short of sure";
  }
  std::cout << "stopped after " << rounds << " of " << kAsked << " rounds" << std::endl;
}

// run --pin (the default): an interleaved lifecycle run keeps its controller, writers and
// readers on one CPU, the last it may use (the confinement itself: process_test's
// ProcessStart.AChildStartedOnOneCpuRunsOnlyThere), and its report says which; with
// --no-pin the scheduler places them, and the report says that.
TEST(OneCpu, AnInterleavedRunStaysOnOneCpuAndSaysWhich) {
  const std::vector<int> allowed = read_system_info().allowed_cpus;
  ASSERT_FALSE(allowed.empty());
  const RunOutcome pinned =
      run_shmbench({"run", "--backends", "heap", "--sizes", "4KiB", "--repetitions", "3"}, "multiprocess-one-cpu");
  ASSERT_EQ(pinned.exit_code, 0);
  ASSERT_TRUE(pinned.report.is_object());
  const json& order = pinned.report.at("context").at("shmbench").at("order");
  EXPECT_EQ(order.at("scheme"), "interleaved");
  ASSERT_TRUE(order.contains("cpus")) << order.dump();
  EXPECT_EQ(order.at("cpus").get<std::vector<int>>(), std::vector<int>{allowed.back()});

  const RunOutcome placed = run_shmbench(
      {"run", "--backends", "heap", "--sizes", "4KiB", "--repetitions", "3", "--no-pin"}, "multiprocess-no-pin");
  ASSERT_EQ(placed.exit_code, 0);
  ASSERT_TRUE(placed.report.is_object());
  const json& free_order = placed.report.at("context").at("shmbench").at("order");
  EXPECT_FALSE(free_order.contains("cpus")) << free_order.dump();
  EXPECT_NE(free_order.at("description").get<std::string>().find("--no-pin"), std::string::npos);
}

// run --duet: the two backends' rounds run at the same time, each backend's workers on
// their own half of the CPUs (the confinement itself: process_test's
// ProcessStart.AChildStartedOnOneCpuRunsOnlyThere). The report says so, its rounds pair up (every
// row of both backends has every repetition), compare --pair reads it as such, and the
// CPU halves swap with the second writer/reader pair (6 rounds: two pairs of 3).
TEST(Duet, RunsTwoBackendsAtOnceOnCpusOfTheirOwnAndReportsItAsAPair) {
  if (read_system_info().allowed_cpus.size() < 2) GTEST_SKIP() << "run --duet needs two CPUs; this test may use one";
  const std::vector<std::string> backends = {default_backends()[0], default_backends()[1]};
  const RunOutcome run = run_shmbench({"run", "--duet", "--backends", backends[0] + "," + backends[1], "--sizes",
                                       "4KiB,64KiB", "--repetitions", "6"},
                                      "multiprocess-duet");
  ASSERT_EQ(run.exit_code, 0);
  ASSERT_TRUE(run.report.is_object());
  const json& order = run.report.at("context").at("shmbench").at("order");
  EXPECT_EQ(order.at("scheme"), "duet");
  const auto sets = order.at("cpu_sets").get<std::vector<std::vector<int>>>();
  ASSERT_EQ(sets.size(), 2u);
  EXPECT_FALSE(sets[0].empty());
  EXPECT_EQ(sets[0].size(), sets[1].size());
  for (int cpu : sets[0]) EXPECT_EQ(std::count(sets[1].begin(), sets[1].end(), cpu), 0) << "CPU " << cpu << " on both sides";
  EXPECT_LE(order.at("send_skew_ns").at("median").get<double>(), order.at("send_skew_ns").at("max").get<double>());

  std::set<std::string> measured;
  for (const auto& row : run.report.at("benchmarks")) {
    if (row.at("run_type") != "iteration") continue;
    EXPECT_FALSE(row.value("error_occurred", false)) << row.value("name", "") << ": " << row.value("error_message", "");
    EXPECT_EQ(row.at("repetitions"), 6) << row.at("name");
    measured.insert(row.at("name").get<std::string>());
  }
  for (const auto& backend : backends)
    for (const std::uint64_t size : {4096u, 65536u})
      for (const Operation op : operations_for(make_backend(backend)->process_local()))
        EXPECT_TRUE(measured.count(std::string(to_string(op)) + "/" + backend + "/" + std::to_string(size)))
            << op << " " << backend << " " << size;
  EXPECT_EQ(leftovers_of(run.pid), std::vector<std::string>{});

  // compare --pair pairs the rounds, and says they ran at the same time.
  auto child = start_shmbench({"compare", "--pair", backends[1] + ":" + backends[0],
                                                     report_path("multiprocess-duet")});
  ASSERT_TRUE(child.ok());
  std::string line, text;
  while (child.value()->read_line(line, std::chrono::minutes(1)) == ChildProcess::ReadResult::line) text += line + "\n";
  const auto status = child.value()->wait(std::chrono::seconds(30));
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->code, 0) << text;
  EXPECT_NE(text.find("the backends ran at the same time, run --duet"), std::string::npos) << text;
}

// A worker that dies or hangs must turn into error rows, and whatever it created must
// be gone when the run ends.
class InjectedFault : public ::testing::TestWithParam<const char*> {};

TEST_P(InjectedFault, YieldsErrorRowsAndLeavesNothing) {
  const std::string fault = GetParam();
  const RunOutcome run = run_shmbench({"run", "--backends", join(named_backends()), "--sizes", "64KiB", "--repetitions",
                                       "9", "--timeout", "3", "--inject-fault", fault},
                                      "multiprocess-" + fault);
  EXPECT_EQ(run.exit_code, 3) << "a run with failed measurements could not measure: exit 3";
  ASSERT_TRUE(run.report.is_object());
  const std::string who = fault.substr(0, fault.find('-'));  // "writer" or "reader"
  std::set<std::string> failed_backends;
  for (const auto& row : run.report.at("benchmarks")) {
    ASSERT_TRUE(row.value("error_occurred", false)) << row.at("name");
    const std::string message = row.at("error_message");
    EXPECT_NE(message.find(who), std::string::npos) << message;
    const std::string name = row.at("name");
    failed_backends.insert(name.substr(name.find('/') + 1, name.rfind('/') - name.find('/') - 1));
  }
  EXPECT_EQ(failed_backends.size(), named_backends().size());
  EXPECT_EQ(leftovers_of(run.pid), std::vector<std::string>{});
}

INSTANTIATE_TEST_SUITE_P(Workers, InjectedFault, ::testing::Values("writer-crash", "reader-crash", "writer-hang"),
                         [](const ::testing::TestParamInfo<const char*>& param) {
                           std::string name = param.param;
                           name.erase(name.find('-'), 1);
                           return name;
                         });

// Workers that ignore the exit command (and the end of their input) are stopped by the
// stop sequence within its short deadlines (seconds), not after the run's --timeout: the
// run completes, measured and clean.
TEST(StubbornWorkers, AreStoppedWithoutWaitingForTheTimeout) {
  const auto start = std::chrono::steady_clock::now();
  const RunOutcome run = run_shmbench({"run", "--backends", named_backends().front(), "--sizes", "4KiB",
                                       "--repetitions", "2", "--timeout", "120", "--inject-fault", "ignore-exit"},
                                      "multiprocess-ignore-exit");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(run.exit_code, 0);
  ASSERT_TRUE(run.report.is_object());
  for (const auto& row : run.report.at("benchmarks")) EXPECT_FALSE(row.value("error_occurred", false)) << row.at("name");
  // A correctness deadline, far from both sides: two workers x (2 s ask + 1 s terminate +
  // a kill) is about 6 s; waiting for --timeout would take over 120 s.
  EXPECT_LT(elapsed, std::chrono::seconds(60));
  EXPECT_EQ(leftovers_of(run.pid), std::vector<std::string>{});
}

// Starts a run whose writer hangs right after creating its object, and waits until that
// object exists. boost-portable leaves a name on both platforms (Linux /dev/shm, Windows
// a file), so what a stopped controller leaves behind can be seen.
std::unique_ptr<ChildProcess> start_run_with_hung_writer(const std::string& report_name) {
  auto child = start_shmbench({"run", "--backends", "boost-portable", "--sizes", "64KiB",
                                                     "--inject-fault", "writer-hang", "--timeout", "120",
                                                     "--out", report_path(report_name)});
  EXPECT_TRUE(child.ok());
  if (!child.ok()) return nullptr;
  const std::string prefix = "shmbench-" + std::to_string(child.value()->pid()) + "-";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (find_leftovers(prefix).empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(find_leftovers(prefix).empty()) << "the writer never created its object";
  return std::move(child.value());
}

// A controller killed mid-run cannot clean up: its hung writer's object stays behind.
// The workers must die with it, and "shmbench clean" must find and remove the object.
// The report an earlier run left at --out must not survive either: a CI step would read
// it as this run's.
TEST(KilledController, LeavesWhatTheNextCleanRemoves) {
  std::ofstream(report_path("multiprocess-killed")) << R"({"benchmarks": []})";
  auto child = start_run_with_hung_writer("multiprocess-killed");
  ASSERT_TRUE(child && !HasFailure());
  ChildProcess& controller = *child;
  const std::string prefix = "shmbench-" + std::to_string(controller.pid()) + "-";

  controller.kill();
  ASSERT_TRUE(controller.wait(std::chrono::seconds(30)).has_value());
  ASSERT_FALSE(find_leftovers(prefix).empty()) << "a killed controller cannot have cleaned up";
  std::error_code ec;
  EXPECT_EQ(std::filesystem::file_size(report_path("multiprocess-killed"), ec), 0u)
      << "the earlier run's report is still at --out";

  auto clean = start_shmbench({"clean"});
  ASSERT_TRUE(clean.ok());
  std::string line;
  while (clean.value()->read_line(line, std::chrono::seconds(60)) == ChildProcess::ReadResult::line) {
  }
  const auto status = clean.value()->wait(std::chrono::seconds(60));
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->code, 0);
  EXPECT_EQ(leftovers_of(controller.pid()), std::vector<std::string>{});
}

#if !defined(_WIN32)
// Ctrl-C (SIGINT) mid-run: the controller stops its workers, removes what the run made,
// writes what it has and exits 130. (Windows' console events cannot be aimed at one
// process from a test; the handler there sets the same flag.)
TEST(InterruptedController, CleansUpAndExits130) {
  auto child = start_run_with_hung_writer("multiprocess-interrupted");
  ASSERT_TRUE(child && !HasFailure());
  ChildProcess& controller = *child;

  ::kill(static_cast<pid_t>(controller.pid()), SIGINT);
  std::string line;
  while (controller.read_line(line, std::chrono::seconds(30)) == ChildProcess::ReadResult::line) {
  }
  const auto status = controller.wait(std::chrono::seconds(30));
  ASSERT_TRUE(status.has_value()) << "the controller did not stop on SIGINT";
  EXPECT_EQ(status->code, 130);
  EXPECT_EQ(leftovers_of(controller.pid()), std::vector<std::string>{});
}
#endif

}  // namespace
}  // namespace shmbench
