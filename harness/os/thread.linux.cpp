#include <pthread.h>
#include <sched.h>
#include <time.h>

#include <cerrno>
#include <cmath>

#include "os/thread.hpp"

namespace shmbench {

Status pin_current_thread(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  // 0: the calling thread (sched_setaffinity works per thread on Linux).
  if (::sched_setaffinity(0, sizeof set, &set) != 0) return last_os_error("sched_setaffinity");
  return {};
}

int current_cpu() { return ::sched_getcpu(); }

void yield_current_thread() { ::sched_yield(); }

void sleep_ns(double ns) {
  if (!(ns > 0)) return;
  timespec length{static_cast<time_t>(ns / 1e9), static_cast<long>(std::fmod(ns, 1e9))};
  while (::nanosleep(&length, &length) != 0 && errno == EINTR) {
  }
}

double current_thread_cpu_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

ThreadCpu current_thread_cpu() { return {current_thread_cpu_ns(), 0, false}; }

const char* thread_cpu_clock() { return "clock_gettime(CLOCK_THREAD_CPUTIME_ID)"; }

}  // namespace shmbench
