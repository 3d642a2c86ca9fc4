// The state of the machine a run's figures came from, beyond what it is (sysinfo.hpp):
// whether it is a virtual machine, how its CPUs' clocks are governed, how much time the
// hypervisor stole from them during the run, how busy other processes kept them, which of
// the run's CPUs are SMT siblings, and on Windows the power plan and the timer
// resolution; the memory settings large-page and commit-charge figures depend on. Read
// once when a run starts; the steal time and the other load are the difference between
// that reading and one taken when the report is written.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace shmbench {

// The CPUs' time counters, in seconds: Linux /proc/stat summed over the given CPUs;
// Windows GetSystemTimes, over all of them (it has no per-CPU form in Win32).
struct CpuTimes {
  bool known = false;
  bool steal_known = false;  // Linux only
  double steal = 0;  // the hypervisor ran something else while the guest wanted to run
  double busy = 0;   // something ran: user, nice, system, irq, softirq (Windows: kernel - idle + user)
  double total = 0;  // every second of every CPU counted, idle and stolen ones too
  // The CPU time of this process and the children it started, read at the same moment
  // (os/process.hpp); < 0 when unknown. busy - own is what other processes took.
  double own = -1;
};
CpuTimes read_cpu_times(const std::vector<int>& cpus);

struct Environment {
  bool hypervisor = false;        // CPUID leaf 1, ECX bit 31: the CPU says it is virtual
  std::string hypervisor_vendor;  // CPUID leaf 0x40000000, e.g. "KVMKVMKVM", "Microsoft Hv"; "" when none
  // Linux: the cpufreq governors of the CPUs used, each once ("performance", "powersave",
  // ...); empty where the kernel exposes none (many VMs).
  std::vector<std::string> governors;
  // "on" or "off" where the system says (Linux cpufreq/boost or intel_pstate/no_turbo),
  // "" where it does not.
  std::string turbo;
  // The CPUs used that share a core with another CPU used: groups of SMT siblings (two
  // threads of one core measure each other's load); empty when none do.
  std::vector<std::vector<int>> smt_siblings;
  // Windows: the active power plan's name, or why it is unknown; "" on Linux.
  std::string power_plan;
  // Windows (NtQueryTimerResolution): the system timer's current, finest and coarsest
  // period in ms; -1 on Linux.
  double timer_resolution_ms = -1, timer_finest_ms = -1, timer_coarsest_ms = -1;
  // Bytes of paging file (Windows: CommitLimit - PhysicalTotal) or swap (Linux SwapTotal);
  // -1 where unknown.
  std::int64_t page_file_bytes = -1;
  // Linux: huge pages reserved (HugePages_Total) and their size; -1 on Windows.
  std::int64_t huge_pages_reserved = -1;
  std::int64_t huge_page_bytes = -1;
  CpuTimes cpu_times_at_start;  // of the CPUs used, for the steal time and other load over the run
};

// `cpus`: the CPUs the run may use (SystemInfo::allowed_cpus).
Environment read_environment(const std::vector<int>& cpus);

}  // namespace shmbench
