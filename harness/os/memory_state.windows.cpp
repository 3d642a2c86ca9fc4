#include <windows.h>
// psapi.h after windows.h: GetPerformanceInfo, GetProcessMemoryInfo, QueryWorkingSetEx.
#include <psapi.h>

#include "os/memory_state.hpp"

namespace shmbench {

MemoryReading read_memory() {
  MemoryReading reading;
  PERFORMANCE_INFORMATION info{};
  info.cb = sizeof info;
  if (GetPerformanceInfo(&info, sizeof info))
    reading.commit_bytes = static_cast<std::int64_t>(info.CommitTotal) * static_cast<std::int64_t>(info.PageSize);
  return reading;
}

std::int64_t resident_shared_bytes() {
  PROCESS_MEMORY_COUNTERS counters{};
  counters.cb = sizeof counters;
  if (!GetProcessMemoryInfo(GetCurrentProcess(), &counters, sizeof counters)) return -1;
  return static_cast<std::int64_t>(counters.WorkingSetSize);
}

std::uint64_t page_size_at(const void* address) {
  PSAPI_WORKING_SET_EX_INFORMATION entry{};
  entry.VirtualAddress = const_cast<void*>(address);
  if (!QueryWorkingSetEx(GetCurrentProcess(), &entry, sizeof entry) || !entry.VirtualAttributes.Valid) return 0;
  if (entry.VirtualAttributes.LargePage) return GetLargePageMinimum();
  SYSTEM_INFO system{};
  GetSystemInfo(&system);
  return system.dwPageSize;
}

std::uint64_t large_page_bytes() { return GetLargePageMinimum(); }

HugePages huge_pages() { return {}; }

}  // namespace shmbench
