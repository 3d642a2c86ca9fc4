// The calling thread's place and cost: pin it to one CPU, give up its time slice, and read
// the CPU time (user + system) it has used, for the transfer scenario's writer and reader.
#pragma once

#include "common/error.hpp"

namespace shmbench {

// Restricts the calling thread to CPU `cpu` (sched_setaffinity / SetThreadAffinityMask).
Status pin_current_thread(int cpu);
// sched_yield / SwitchToThread.
void yield_current_thread();
// User + system CPU time of the calling thread, in nanoseconds (RUSAGE_THREAD-like:
// clock_gettime(CLOCK_THREAD_CPUTIME_ID) / GetThreadTimes). Under Wine, the time the
// wineserver spends on the thread's behalf is not in it.
double current_thread_cpu_ns();

}  // namespace shmbench
