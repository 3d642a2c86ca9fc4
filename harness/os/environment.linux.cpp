#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "os/environment_impl.hpp"
#include "os/process.hpp"

namespace shmbench {

namespace {
std::string first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// "0-1,4" -> {0, 1, 4}, as sysfs writes CPU lists.
std::vector<int> cpu_list(const std::string& text) {
  std::vector<int> cpus;
  std::stringstream ranges(text);
  std::string range;
  while (std::getline(ranges, range, ',')) {
    if (range.empty()) continue;
    const auto dash = range.find('-');
    const int first = std::atoi(range.c_str());
    const int last = dash == std::string::npos ? first : std::atoi(range.c_str() + dash + 1);
    for (int cpu = first; cpu <= last; ++cpu) cpus.push_back(cpu);
  }
  return cpus;
}

std::int64_t meminfo_kib(const char* field) {
  std::ifstream in("/proc/meminfo");
  std::string line;
  const std::string prefix = std::string(field) + ":";
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) == 0) return std::strtoll(line.c_str() + prefix.size(), nullptr, 10);
  return -1;
}

void read_frequency(Environment& environment, const std::vector<int>& cpus) {
  for (int cpu : cpus) {
    const std::string governor =
        first_line("/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/cpufreq/scaling_governor");
    if (!governor.empty() &&
        std::find(environment.governors.begin(), environment.governors.end(), governor) == environment.governors.end())
      environment.governors.push_back(governor);
  }
  // acpi-cpufreq and amd-pstate say "boost"; intel_pstate says the opposite, "no_turbo".
  const std::string boost = first_line("/sys/devices/system/cpu/cpufreq/boost");
  const std::string no_turbo = first_line("/sys/devices/system/cpu/intel_pstate/no_turbo");
  if (!boost.empty()) environment.turbo = boost == "1" ? "on" : "off";
  else if (!no_turbo.empty()) environment.turbo = no_turbo == "1" ? "off" : "on";
}

void read_siblings(Environment& environment, const std::vector<int>& cpus) {
  for (int cpu : cpus) {
    std::vector<int> group;
    for (int sibling :
         cpu_list(first_line("/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/thread_siblings_list")))
      if (std::find(cpus.begin(), cpus.end(), sibling) != cpus.end()) group.push_back(sibling);
    if (group.size() > 1 && std::find(environment.smt_siblings.begin(), environment.smt_siblings.end(), group) ==
                                environment.smt_siblings.end())
      environment.smt_siblings.push_back(group);
  }
}
}  // namespace

CpuTimes read_cpu_times(const std::vector<int>& cpus) {
  CpuTimes times;
  const long ticks_per_second = ::sysconf(_SC_CLK_TCK);
  if (ticks_per_second <= 0) return times;
  times.own = process_tree_cpu_seconds();
  std::ifstream in("/proc/stat");
  std::string line;
  std::uint64_t steal = 0, busy = 0, total = 0;
  while (std::getline(in, line)) {
    // "cpu3 user nice system idle iowait irq softirq steal guest guest_nice"; guest time
    // is already in user.
    if (line.rfind("cpu", 0) != 0 || line.size() < 4 || line[3] < '0' || line[3] > '9') continue;
    std::istringstream fields(line.substr(3));
    int cpu = -1;
    std::uint64_t value[8] = {};
    fields >> cpu;
    for (auto& v : value) fields >> v;
    if (!fields || std::find(cpus.begin(), cpus.end(), cpu) == cpus.end()) continue;
    times.known = true;
    steal += value[7];
    busy += value[0] + value[1] + value[2] + value[5] + value[6];
    for (auto v : value) total += v;
  }
  const double tick = 1.0 / static_cast<double>(ticks_per_second);
  times.steal_known = times.known;
  times.steal = static_cast<double>(steal) * tick;
  times.busy = static_cast<double>(busy) * tick;
  times.total = static_cast<double>(total) * tick;
  return times;
}

Environment read_environment(const std::vector<int>& cpus) {
  Environment environment;
  read_hypervisor(environment);
  read_frequency(environment, cpus);
  read_siblings(environment, cpus);
  const std::int64_t swap = meminfo_kib("SwapTotal");
  if (swap >= 0) environment.page_file_bytes = swap * 1024;
  environment.huge_pages_reserved = meminfo_kib("HugePages_Total");
  const std::int64_t huge = meminfo_kib("Hugepagesize");
  if (huge >= 0) environment.huge_page_bytes = huge * 1024;
  environment.cpu_times_at_start = read_cpu_times(cpus);
  return environment;
}

}  // namespace shmbench
