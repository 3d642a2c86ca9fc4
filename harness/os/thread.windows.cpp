#include <windows.h>

#include "os/thread.hpp"

namespace shmbench {

Status pin_current_thread(int cpu) {
  if (cpu < 0 || cpu >= 64) return Error{ErrorKind::invalid_argument, 0, "SetThreadAffinityMask", "CPU out of range"};
  if (SetThreadAffinityMask(GetCurrentThread(), DWORD_PTR(1) << cpu) == 0) return last_os_error("SetThreadAffinityMask");
  return {};
}

void yield_current_thread() { SwitchToThread(); }

double current_thread_cpu_ns() {
  FILETIME created, exited, kernel, user;
  if (!GetThreadTimes(GetCurrentThread(), &created, &exited, &kernel, &user)) return 0;
  const auto ticks = [](const FILETIME& t) {
    return (static_cast<unsigned long long>(t.dwHighDateTime) << 32) | t.dwLowDateTime;
  };
  return static_cast<double>(ticks(kernel) + ticks(user)) * 100.0;  // 100 ns units
}

}  // namespace shmbench
