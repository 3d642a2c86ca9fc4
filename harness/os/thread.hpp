// The calling thread's place and cost: pin it to one CPU, give up its time slice, and read
// the CPU time (user + system) it has used, for the transfer scenario's writer and reader.
#pragma once

#include <cstdint>

#include "common/error.hpp"

namespace shmbench {

// Restricts the calling thread to CPU `cpu` (sched_setaffinity / SetThreadAffinityMask).
Status pin_current_thread(int cpu);
// The CPU the calling thread is on at this moment, which may change at once
// (sched_getcpu / GetCurrentProcessorNumber); -1 when the system does not say.
int current_cpu();
// sched_yield / SwitchToThread.
void yield_current_thread();
// Sleeps about `ns` nanoseconds in the OS (it may wake later, or, by a little, earlier).
// Linux: nanosleep. Windows: a high-resolution waitable timer
// (CREATE_WAITABLE_TIMER_HIGH_RESOLUTION, Windows 10 1803 and later), else a plain one;
// not Sleep, whose milliseconds round a short sleep to none or to a whole tick.
void sleep_ns(double ns);

// User + system CPU time of the calling thread, in nanoseconds (RUSAGE_THREAD-like:
// clock_gettime(CLOCK_THREAD_CPUTIME_ID) / GetThreadTimes). Under Wine, the time the
// wineserver spends on the thread's behalf is not in it.
double current_thread_cpu_ns();

// The same in the finest unit the platform keeps. Linux: nanoseconds. Windows: the
// thread's cycles (QueryThreadCycleTime, counted in TSC ticks across user and kernel mode)
// where the system keeps them; else GetThreadTimes' 100 ns units, which advance only at
// clock ticks (15.6 ms on Windows; under Wine 8.0, which has no QueryThreadCycleTime, in
// 10 ms steps that undercounted a 58 ms spin as 30 ms).
struct ThreadCpu {
  double ns = 0;                // always: the nanosecond reading (current_thread_cpu_ns)
  std::uint64_t tsc_ticks = 0;  // where the system keeps them: the thread's cycles
  bool has_tsc_ticks = false;
};
ThreadCpu current_thread_cpu();
// What current_thread_cpu() reads on this system, for reports.
const char* thread_cpu_clock();

}  // namespace shmbench
