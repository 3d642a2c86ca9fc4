#include <windows.h>

#include <cstdint>

#include "common/dates.hpp"
#include "common/platform.hpp"
#include "common/utf8.hpp"
#include "os/filetime.windows.hpp"
#include "os/sysinfo.hpp"

namespace shmbench {

namespace {
// When this boot began, to the minute ("booted 2026-12-04T21:35Z"): the wall clock now
// less the milliseconds since the boot. Two readings in one boot agree (they could differ
// only if the boot fell within milliseconds of a minute's end).
std::string boot_time() {
  FILETIME now{};
  GetSystemTimeAsFileTime(&now);
  const std::uint64_t ticks_100ns = filetime_ticks(now);
  constexpr long long kUnixEpochIn100ns = 116444736000000000LL;  // 1601-01-01 to 1970-01-01
  const long long now_seconds = (static_cast<long long>(ticks_100ns) - kUnixEpochIn100ns) / 10000000;
  const long long booted = now_seconds - static_cast<long long>(GetTickCount64() / 1000);
  const long long minute = (booted + 30) / 60 * 60;
  return "booted " + utc_text(minute).substr(0, 16) + "Z";
}

// RtlGetVersion tells the truth where GetVersionEx lies to unmanifested programs.
std::string windows_version() {
  using RtlGetVersionFn = LONG(WINAPI*)(OSVERSIONINFOW*);
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  auto get = ntdll ? reinterpret_cast<RtlGetVersionFn>(reinterpret_cast<void*>(GetProcAddress(ntdll, "RtlGetVersion"))) : nullptr;
  OSVERSIONINFOW version{};
  version.dwOSVersionInfoSize = sizeof version;
  if (get == nullptr || get(&version) != 0) return "Windows (unknown version)";
  return "Windows " + std::to_string(version.dwMajorVersion) + "." + std::to_string(version.dwMinorVersion) +
         " build " + std::to_string(version.dwBuildNumber);
}

// Wine exports wine_get_version from its ntdll; real Windows does not.
std::string wine_version() {
  using WineGetVersionFn = const char*(CDECL*)();
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  auto get = ntdll ? reinterpret_cast<WineGetVersionFn>(reinterpret_cast<void*>(GetProcAddress(ntdll, "wine_get_version"))) : nullptr;
  return get ? get() : "";
}

std::vector<CacheInfo> read_caches() {
  std::vector<CacheInfo> caches;
  DWORD bytes = 0;
  GetLogicalProcessorInformation(nullptr, &bytes);
  std::vector<SYSTEM_LOGICAL_PROCESSOR_INFORMATION> entries(bytes / sizeof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION));
  if (entries.empty() || !GetLogicalProcessorInformation(entries.data(), &bytes)) return caches;
  for (const auto& entry : entries) {
    if (entry.Relationship != RelationCache) continue;
    const CACHE_DESCRIPTOR& cache = entry.Cache;
    const char* type = cache.Type == CacheData ? "Data" : cache.Type == CacheInstruction ? "Instruction" : "Unified";
    int sharing = 0;
    for (ULONG_PTR mask = entry.ProcessorMask; mask != 0; mask >>= 1) sharing += static_cast<int>(mask & 1);
    // One entry per cache instance: keep the first of each kind, as Google Benchmark does.
    bool seen = false;
    for (const auto& c : caches) seen = seen || (c.level == cache.Level && c.type == type);
    if (!seen) caches.push_back(CacheInfo{type, cache.Level, cache.Size, sharing});
  }
  return caches;
}

double read_mhz() {
  DWORD mhz = 0, size = sizeof mhz;
  if (RegGetValueW(HKEY_LOCAL_MACHINE, L"HARDWARE\\DESCRIPTION\\System\\CentralProcessor\\0", L"~MHz",
                   RRF_RT_REG_DWORD, nullptr, &mhz, &size) != ERROR_SUCCESS)
    return 0;
  return mhz;
}
}  // namespace

SystemInfo read_system_info() {
  SystemInfo info;
  info.os = std::string(kPlatformName);
  info.os_version = windows_version();
  info.wine_version = wine_version();
  info.cpu_model = cpu_brand();
  wchar_t host[256];
  DWORD host_size = sizeof host / sizeof host[0];
  if (GetComputerNameW(host, &host_size)) info.host_name = narrow_to_utf8(std::wstring_view(host, host_size));
  info.boot_id = boot_time();
  SYSTEM_INFO system{};
  GetSystemInfo(&system);
  info.num_cpus = static_cast<int>(system.dwNumberOfProcessors);
  DWORD_PTR process_mask = 0, system_mask = 0;
  if (GetProcessAffinityMask(GetCurrentProcess(), &process_mask, &system_mask))
    for (int cpu = 0; cpu < static_cast<int>(8 * sizeof process_mask); ++cpu)
      if (process_mask & (DWORD_PTR{1} << cpu)) info.allowed_cpus.push_back(cpu);
  info.page_size = system.dwPageSize;
  info.allocation_granularity = system.dwAllocationGranularity;
  info.large_page_minimum = GetLargePageMinimum();
  MEMORYSTATUSEX memory{};
  memory.dwLength = sizeof memory;
  if (GlobalMemoryStatusEx(&memory)) info.physical_memory = memory.ullTotalPhys;
  info.mhz_per_cpu = read_mhz();
  info.caches = read_caches();
  return info;
}

}  // namespace shmbench
