// shmbench-micro: Google Benchmark micro-benchmarks of every backend operation, in one
// process. Exit status as for shmbench run (common/exit_codes.hpp): kExitCouldNotMeasure
// when some benchmark failed (its JSON row has error_occurred and the native error) or an object it
// created could not be removed; kExitBadInput for a bad backend, suite, size or flag
// value, or a filter that matched nothing; kExitInterrupted after Ctrl-C / SIGTERM.
#include <benchmark/benchmark.h>

#include <iostream>
#include <string>
#include <vector>

#include "common/build_info.hpp"
#include "common/exit_codes.hpp"
#include "common/platform.hpp"
#include "common/text.hpp"
#include "os/interrupt.hpp"
#include "os/program_arguments.hpp"
#include "backends/leftovers.hpp"
#include "micro_benchmarks.hpp"
#include "micro_fixtures.hpp"
#include "micro_options.hpp"
#include "measure/pattern.hpp"
#include "cli/selection.hpp"
#include "os/sysinfo.hpp"
#include "measure/timer.hpp"

namespace {
using namespace shmbench;
using namespace shmbench::micro;

// Context beside Google Benchmark's own, so a report says what produced it.
void add_context(const MicroOptions& options, const SystemInfo& system) {
  const BuildInfo build = build_info();
  const TimerInfo& timer = Timer::get().info();
  benchmark::AddCustomContext("shmbench_tool", "shmbench-micro");
  benchmark::AddCustomContext("shmbench_version", build.version);
  benchmark::AddCustomContext("shmbench_git_revision", build.git_revision);
  benchmark::AddCustomContext("shmbench_platform", SHMBENCH_OS_NAME);
  benchmark::AddCustomContext("shmbench_suite", options.suite);
  benchmark::AddCustomContext("read_kernel", read_kernel_name());
  benchmark::AddCustomContext("read_kernel_offset", std::to_string(read_kernel_offset()));
  benchmark::AddCustomContext("os_version", system.os_version);
  if (!system.wine_version.empty()) benchmark::AddCustomContext("wine_version", system.wine_version);
  benchmark::AddCustomContext("compiler", build.compiler);
  benchmark::AddCustomContext("boost_version", build.boost_version);
  benchmark::AddCustomContext("page_size", std::to_string(system.page_size));
  if (!system.boot_id.empty()) benchmark::AddCustomContext("boot_id", system.boot_id);
  benchmark::AddCustomContext("first_touch_timer", timer.source);
}

int run(int argc, char** argv) {
  // UTF-8 on every platform (os/program_arguments.hpp): --benchmark_out may name a
  // folder such as C:\Users\José\….
  Utf8Arguments arguments(argc, argv);
  use_utf8_console();
  // Our defaults first, the user's arguments after them: Google Benchmark keeps the
  // last value of a flag.
  std::vector<std::string> defaults = default_benchmark_flags();
  std::vector<char*> args = {arguments.argv()[0]};
  for (auto& flag : defaults) args.push_back(flag.data());
  for (int i = 1; i < arguments.argc(); ++i) args.push_back(arguments.argv()[i]);
  int count = static_cast<int>(args.size());
  args.push_back(nullptr);

  const MicroOptions options = take_micro_options(count, args.data());
  if (options.help) {
    print_usage(arguments.argv()[0]);
    return kExitOk;
  }
  check_benchmark_flags(count, args.data());
  benchmark::Initialize(&count, args.data());
  if (count > 1) throw BadInput{"unknown argument '" + std::string(args[1]) + "' (see --help)"};

  const Suite suite = select_suite(options.suite);
  if (suite.scenario != "lifecycle")  // the micro-benchmarks time the lifecycle's operations only
    throw BadInput{"--suite " + suite.name + ": shmbench-micro runs the lifecycle suites (quick, default, memory)"};
  const SystemInfo system = read_system_info();
  const BackendChoice backends = select_backends(options.backends);
  if (!backends.skipped.empty())
    std::cerr << "shmbench-micro: skipping backend(s) not available on " SHMBENCH_OS_NAME ": "
              << join(backends.skipped) << std::endl;
  MicroPlan plan;
  plan.backends = backends.chosen;
  plan.sizes = select_sizes(options.sizes, suite, system);
  plan.page_size = system.page_size;
  plan.open_missing = options.fault == "open-missing";

  install_interrupt_handlers();
  const std::size_t stale = clean_dead_runs().removed.size();
  if (stale > 0) std::cerr << "shmbench-micro: removed " << stale << " object(s) left by crashed earlier runs" << std::endl;
  add_context(options, system);
  register_micro_benchmarks(plan);

  const std::size_t ran = benchmark::RunSpecifiedBenchmarks();  // says itself if nothing matched
  benchmark::Shutdown();
  const CleanOutcome leftovers = release_fixtures();
  if (!leftovers.removed.empty())
    std::cerr << "shmbench-micro: removed " << leftovers.removed.size() << " object(s) a backend left behind" << std::endl;
  for (const auto& failure : leftovers.failures)
    std::cerr << "shmbench-micro: could not remove " << failure << std::endl;
  if (ran == 0) return kExitBadInput;
  if (interrupted()) {
    std::cerr << "shmbench-micro: interrupted; benchmarks after that point were skipped" << std::endl;
    return kExitInterrupted;
  }
  return any_benchmark_failed() || !leftovers.failures.empty() ? kExitCouldNotMeasure : kExitOk;
}
}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const BadInput& e) {
    std::cerr << "shmbench-micro: " << one_line(e.message) << std::endl;
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "shmbench-micro: internal error: " << one_line(e.what()) << std::endl;
    return kExitInternalError;
  }
}
