// Where a run happened: what every report's context records about the machine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "os/environment.hpp"

namespace shmbench {

struct CacheInfo {
  std::string type;  // "Data", "Instruction", "Unified" (Google Benchmark's words)
  int level = 0;
  std::uint64_t size = 0;
  int num_sharing = 0;
};

struct SystemInfo {
  std::string os;             // "linux" or "windows"
  std::string os_version;     // kernel release / Windows version
  std::string wine_version;   // empty unless running under Wine
  std::string cpu_model;
  std::string host_name;
  // This boot of the machine, so that two reports tell whether they were taken in one:
  // Linux's /proc/sys/kernel/random/boot_id; on Windows, when it booted, to the minute.
  std::string boot_id;
  int num_cpus = 0;
  // The CPUs this process may run on (its affinity mask, which workers inherit): fewer
  // than num_cpus when the run was confined, e.g. bench.sh's single-CPU Wine session.
  std::vector<int> allowed_cpus;
  double mhz_per_cpu = 0;
  std::uint64_t page_size = 0;
  std::uint64_t allocation_granularity = 0;  // where views must start (64 KiB on Windows)
  std::uint64_t large_page_minimum = 0;      // 0 when the OS reports none
  std::uint64_t physical_memory = 0;
  std::vector<CacheInfo> caches;
  std::vector<double> load_avg;  // empty where the OS has none
  // Google Benchmark's rule: a cpufreq governor other than "performance" may change the
  // clock under a benchmark (Linux only; false where the OS exposes no governor).
  bool cpu_scaling_enabled = false;
  // The machine's state (environment.hpp), read where a run starts (the commands that
  // write reports set it; workers, which only need the page size, do not read it).
  std::optional<Environment> environment = {};
};

SystemInfo read_system_info();  // one implementation per platform
std::string cpu_brand();        // from CPUID where available, else "unknown"

}  // namespace shmbench
