// A child for the process-layer tests; argv[1] picks how it behaves:
//   echo            echoes each stdin line; exits 0 on "exit", 4 at end-of-file
//   after MS TEXT   prints TEXT after MS milliseconds, then behaves as echo
//   stubborn        ignores SIGTERM (Linux), "exit" and end-of-file: prints "ready",
//                   echoes lines, and once stdin closes sleeps until it is killed
//   quit CODE       exits at once with CODE, printing nothing
//   complain TEXT   prints "out" on stdout, then TEXT on stderr, and exits 2
//   args ARG...     prints each ARG on a line of its own, as UTF-8, and exits 0
//   cpus            prints the CPUs it may run on ("0,1"), and exits 0
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

#include "os/program_arguments.hpp"

#if defined(_WIN32)
#include <windows.h>
#else
#include <sched.h>
#include <signal.h>
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
  std::cerr << "usage: shmbench-test-child echo | after MS TEXT | stubborn | quit CODE | complain TEXT | args ARG... | cpus\n";
  return 2;
}
