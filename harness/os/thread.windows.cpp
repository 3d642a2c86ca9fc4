#include <windows.h>

#include "os/filetime.windows.hpp"
#include "os/thread.hpp"

namespace shmbench {

Status pin_current_thread(int cpu) {
  if (cpu < 0 || cpu >= 64) return Error{ErrorKind::invalid_argument, 0, "SetThreadAffinityMask", "CPU out of range"};
  if (SetThreadAffinityMask(GetCurrentThread(), DWORD_PTR(1) << cpu) == 0) return last_os_error("SetThreadAffinityMask");
  return {};
}

int current_cpu() { return static_cast<int>(GetCurrentProcessorNumber()); }

void yield_current_thread() { SwitchToThread(); }

#ifndef CREATE_WAITABLE_TIMER_HIGH_RESOLUTION
#define CREATE_WAITABLE_TIMER_HIGH_RESOLUTION 0x00000002
#endif

void sleep_ns(double ns) {
  if (!(ns > 0)) return;
  // One timer per thread, made once: high resolution where the system has it.
  thread_local HANDLE timer = [] {
    HANDLE t = CreateWaitableTimerExW(nullptr, nullptr, CREATE_WAITABLE_TIMER_HIGH_RESOLUTION, TIMER_ALL_ACCESS);
    return t != nullptr ? t : CreateWaitableTimerExW(nullptr, nullptr, 0, TIMER_ALL_ACCESS);
  }();
  LARGE_INTEGER due;
  due.QuadPart = -static_cast<LONGLONG>(ns / 100 + 1);  // relative, in 100 ns units
  if (timer == nullptr || !SetWaitableTimer(timer, &due, 0, nullptr, nullptr, FALSE)) {
    Sleep(static_cast<DWORD>(ns / 1e6 + 1));
    return;
  }
  WaitForSingleObject(timer, INFINITE);
}

double current_thread_cpu_ns() {
  FILETIME created, exited, kernel, user;
  if (!GetThreadTimes(GetCurrentThread(), &created, &exited, &kernel, &user)) return 0;
  return static_cast<double>(filetime_ticks(kernel) + filetime_ticks(user)) * 100.0;  // 100 ns units
}

namespace {
bool keeps_cycles() {
  static const bool keeps = [] {
    ULONG64 cycles = 0;
    return QueryThreadCycleTime(GetCurrentThread(), &cycles) != 0;
  }();
  return keeps;
}
}  // namespace

ThreadCpu current_thread_cpu() {
  ThreadCpu now{current_thread_cpu_ns(), 0, false};
  ULONG64 cycles = 0;
  if (keeps_cycles() && QueryThreadCycleTime(GetCurrentThread(), &cycles)) {
    now.tsc_ticks = cycles;
    now.has_tsc_ticks = true;
  }
  return now;
}

const char* thread_cpu_clock() {
  return keeps_cycles() ? "QueryThreadCycleTime (TSC ticks, through the calibrated TSC rate)"
                        : "GetThreadTimes (advances only at clock ticks: 15.6 ms on Windows, 10 ms under Wine)";
}

}  // namespace shmbench
