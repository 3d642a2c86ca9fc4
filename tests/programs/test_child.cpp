// A child for the process-layer tests; argv[1] picks how it behaves:
//   echo            echoes each stdin line; exits 0 on "exit", 4 at end-of-file
//   after MS TEXT   prints TEXT after MS milliseconds, then behaves as echo
//   stubborn        ignores SIGTERM (Linux), "exit" and end-of-file: prints "ready",
//                   echoes lines, and once stdin closes sleeps until it is killed
//   quit CODE       exits at once with CODE, printing nothing
//   complain TEXT   prints "out" on stdout, then TEXT on stderr, and exits 2
//   args ARG...     prints each ARG on a line of its own, as UTF-8, and exits 0
//   cpus            prints the CPUs it may run on ("0,1"), and exits 0
//   heap-faults SIZE settled|unsettled
//                   Linux: prints the minor page faults four rounds of the lifecycle
//                   writer's creates of SIZE bytes took on the heap backend (the first
//                   buffer held while eight more come and go), in this new process,
//                   after Backend::settle_process or without it; exits 0 (elsewhere 2)
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

#include "backends/backend.hpp"
#include "os/program_arguments.hpp"

#if defined(_WIN32)
#include <windows.h>
#else
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#endif

namespace {

int echo(bool obey_exit) {
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (obey_exit && line == "exit") return 0;
    std::cout << line << std::endl;
  }
  return 4;
}

// heap-faults: the writer's pattern of creates (scenarios/lifecycle/repeated_calls.hpp).
int heap_faults(std::uint64_t size, bool settle) {
#if defined(_WIN32)
  (void)size;
  (void)settle;
  std::cerr << "heap-faults: Linux only\n";
  return 2;
#else
  auto heap = shmbench::make_backend("heap");
  if (settle) heap->settle_process(size);
  const auto minor_faults = [] {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
  };
  const long before = minor_faults();
  for (int round = 0; round < 4; ++round) {
    auto held = heap->create("held", size);
    if (!held.ok()) return 3;
    for (int i = 0; i < 8; ++i) {
      auto extra = heap->create("extra", size);
      if (!extra.ok() || !extra.value()->close().ok()) return 3;
    }
    if (!held.value()->close().ok()) return 3;
  }
  std::cout << minor_faults() - before << std::endl;
  return 0;
#endif
}

}  // namespace

int main(int raw_argc, char** raw_argv) {
  shmbench::Utf8Arguments arguments(raw_argc, raw_argv);
  const int argc = arguments.argc();
  char** argv = arguments.argv();
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "echo") return echo(true);
  if (mode == "after" && argc > 3) {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::atoll(argv[2])));
    std::cout << argv[3] << std::endl;
    return echo(true);
  }
  if (mode == "stubborn") {
#if !defined(_WIN32)
    ::signal(SIGTERM, SIG_IGN);
#endif
    std::cout << "ready" << std::endl;  // only now is SIGTERM ignored
    echo(false);
    while (true) std::this_thread::sleep_for(std::chrono::hours(1));
  }
  if (mode == "quit" && argc > 2) return std::atoi(argv[2]);
  if (mode == "complain" && argc > 2) {  // one line on stdout, then one on stderr
    std::cout << "out" << std::endl;
    std::cerr << argv[2] << std::endl;
    return 2;
  }
  if (mode == "cpus") {
    std::string list;
#if defined(_WIN32)
    DWORD_PTR process_mask = 0, system_mask = 0;
    GetProcessAffinityMask(GetCurrentProcess(), &process_mask, &system_mask);
    for (int cpu = 0; cpu < static_cast<int>(8 * sizeof process_mask); ++cpu)
      if (process_mask & (DWORD_PTR{1} << cpu)) list += (list.empty() ? "" : ",") + std::to_string(cpu);
#else
    cpu_set_t set;
    CPU_ZERO(&set);
    sched_getaffinity(0, sizeof set, &set);
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
      if (CPU_ISSET(cpu, &set)) list += (list.empty() ? "" : ",") + std::to_string(cpu);
#endif
    std::cout << list << std::endl;
    return 0;
  }
  if (mode == "args") {
    for (int i = 2; i < argc; ++i) std::cout << argv[i] << "\n";
    std::cout << std::flush;
    return 0;
  }
  if (mode == "heap-faults" && argc > 3) return heap_faults(std::strtoull(argv[2], nullptr, 10), argv[3] == std::string("settled"));
  std::cerr << "usage: shmbench-test-child echo | after MS TEXT | stubborn | quit CODE | complain TEXT | args ARG... | cpus | "
               "heap-faults SIZE settled|unsettled\n";
  return 2;
}
