#include <windows.h>
// After windows.h: the power plan (powrprof) and the commit limit (psapi).
#include <powrprof.h>
#include <psapi.h>

#include <cstdint>
#include <string>

#include "common/utf8.hpp"
#include "os/environment_impl.hpp"
#include "os/filetime.windows.hpp"
#include "os/process.hpp"

namespace shmbench {

namespace {
std::string power_plan() {
  GUID* scheme = nullptr;
  const DWORD active = PowerGetActiveScheme(nullptr, &scheme);
  if (active != ERROR_SUCCESS || scheme == nullptr)
    return "unknown (PowerGetActiveScheme: error " + std::to_string(active) + ")";
  wchar_t name[256] = {};
  DWORD bytes = sizeof name;
  const DWORD read =
      PowerReadFriendlyName(nullptr, scheme, nullptr, nullptr, reinterpret_cast<UCHAR*>(name), &bytes);
  LocalFree(scheme);
  if (read != ERROR_SUCCESS) return "unknown (PowerReadFriendlyName: error " + std::to_string(read) + ")";
  return narrow_to_utf8(name);
}

// ntdll's NtQueryTimerResolution (no import library declares it): the timer's coarsest,
// finest and current period, in 100 ns units.
void read_timer_resolution(Environment& environment) {
  using Query = LONG(NTAPI*)(PULONG, PULONG, PULONG);
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  auto query = ntdll ? reinterpret_cast<Query>(reinterpret_cast<void*>(GetProcAddress(ntdll, "NtQueryTimerResolution")))
                     : nullptr;
  ULONG coarsest = 0, finest = 0, current = 0;
  if (query == nullptr || query(&coarsest, &finest, &current) != 0) return;
  environment.timer_coarsest_ms = coarsest / 1e4;
  environment.timer_finest_ms = finest / 1e4;
  environment.timer_resolution_ms = current / 1e4;
}

void read_siblings(Environment& environment, const std::vector<int>& cpus) {
  DWORD bytes = 0;
  GetLogicalProcessorInformation(nullptr, &bytes);
  std::vector<SYSTEM_LOGICAL_PROCESSOR_INFORMATION> entries(bytes / sizeof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION));
  if (entries.empty() || !GetLogicalProcessorInformation(entries.data(), &bytes)) return;
  for (const auto& entry : entries) {
    if (entry.Relationship != RelationProcessorCore) continue;
    std::vector<int> group;
    for (int cpu : cpus)
      if (cpu < static_cast<int>(8 * sizeof(ULONG_PTR)) && (entry.ProcessorMask >> cpu) & 1u) group.push_back(cpu);
    if (group.size() > 1) environment.smt_siblings.push_back(group);
  }
}
}  // namespace

// Windows has no steal-time counter (the report says unknown), and GetSystemTimes sums
// every CPU, not only the ones the run may use.
CpuTimes read_cpu_times(const std::vector<int>&) {
  CpuTimes times;
  FILETIME idle, kernel, user;  // kernel time includes idle time
  if (!GetSystemTimes(&idle, &kernel, &user)) return times;
  times.known = true;
  times.total = filetime_seconds(kernel) + filetime_seconds(user);
  times.busy = times.total - filetime_seconds(idle);
  times.own = process_tree_cpu_seconds();
  return times;
}

Environment read_environment(const std::vector<int>& cpus) {
  Environment environment;
  read_hypervisor(environment);
  environment.power_plan = power_plan();
  read_timer_resolution(environment);
  read_siblings(environment, cpus);
  PERFORMANCE_INFORMATION performance{};
  performance.cb = sizeof performance;
  if (GetPerformanceInfo(&performance, sizeof performance) && performance.CommitLimit >= performance.PhysicalTotal)
    environment.page_file_bytes = static_cast<std::int64_t>(performance.CommitLimit - performance.PhysicalTotal) *
                                  static_cast<std::int64_t>(performance.PageSize);
  return environment;
}

}  // namespace shmbench
