#include <sched.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/platform.hpp"
#include "os/sysinfo.hpp"

namespace shmbench {

namespace {
std::string read_line_of(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// "32K" → 32768, as sysfs writes cache sizes.
std::uint64_t parse_sysfs_size(const std::string& text) {
  std::uint64_t value = std::strtoull(text.c_str(), nullptr, 10);
  if (text.find('K') != std::string::npos) value *= 1024;
  if (text.find('M') != std::string::npos) value *= 1024 * 1024;
  return value;
}

// "0-1" or "0,2,4" → how many CPUs.
int count_cpu_list(const std::string& list) {
  int count = 0;
  std::stringstream ranges(list);
  std::string range;
  while (std::getline(ranges, range, ',')) {
    const auto dash = range.find('-');
    if (dash == std::string::npos) ++count;
    else count += std::atoi(range.c_str() + dash + 1) - std::atoi(range.c_str()) + 1;
  }
  return count;
}

std::vector<CacheInfo> read_caches() {
  std::vector<CacheInfo> caches;
  for (int i = 0;; ++i) {
    const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(i) + "/";
    const std::string type = read_line_of(dir + "type");
    if (type.empty()) break;
    caches.push_back(CacheInfo{type, std::atoi(read_line_of(dir + "level").c_str()),
                               parse_sysfs_size(read_line_of(dir + "size")),
                               count_cpu_list(read_line_of(dir + "shared_cpu_list"))});
  }
  return caches;
}

double read_mhz() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("cpu MHz", 0) == 0) return std::atof(line.c_str() + line.find(':') + 1);
  return 0;
}
}  // namespace

SystemInfo read_system_info() {
  SystemInfo info;
  info.os = std::string(kPlatformName);
  utsname names{};
  if (::uname(&names) == 0) {
    info.os_version = std::string(names.sysname) + " " + names.release;
    info.host_name = names.nodename;
  }
  info.cpu_model = cpu_brand();
  if (std::ifstream boot("/proc/sys/kernel/random/boot_id"); boot) std::getline(boot, info.boot_id);
  info.num_cpus = static_cast<int>(::sysconf(_SC_NPROCESSORS_ONLN));
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (::sched_getaffinity(0, sizeof allowed, &allowed) == 0)
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
      if (CPU_ISSET(cpu, &allowed)) info.allowed_cpus.push_back(cpu);
  info.mhz_per_cpu = read_mhz();
  info.page_size = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  info.allocation_granularity = info.page_size;  // mmap offsets need only page alignment
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line))
    if (line.rfind("Hugepagesize:", 0) == 0) info.large_page_minimum = std::strtoull(line.c_str() + 13, nullptr, 10) * 1024;
  info.physical_memory = static_cast<std::uint64_t>(::sysconf(_SC_PHYS_PAGES)) * info.page_size;
  info.caches = read_caches();
  const std::string governor = read_line_of("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
  info.cpu_scaling_enabled = !governor.empty() && governor != "performance";
  double loads[3];
  if (::getloadavg(loads, 3) == 3) info.load_avg.assign(loads, loads + 3);
  return info;
}

}  // namespace shmbench
