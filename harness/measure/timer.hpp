// The harness's one timestamp source. On x86 with an invariant TSC it reads the cycle
// counter, calibrated against the OS clock, so short operations are not quantised by a
// coarse clock (QueryPerformanceCounter ticks at 100 ns under Wine). Elsewhere it uses
// the OS clock and says so. The resolution recorded is measured, not assumed.
#pragma once

#include <cstdint>
#include <string>

namespace shmbench {

struct TimerInfo {
  std::string source;              // e.g. "rdtsc calibrated against QueryPerformanceCounter"
  double resolution_ns = 0;        // typical (median) non-zero step between two reads
  double read_overhead_ns = 0;     // median cost of one read: the floor of any timed span
  std::string os_clock;            // the OS clock's name
  double os_clock_resolution_ns = 0;
  double tsc_ghz = 0;              // 0 when the cycle counter is not used
};

class Timer {
 public:
  // Calibrates on first use (about 20 ms); later calls are free.
  static const Timer& get();
  // For a worker process: take the rate its controller calibrated (TimerInfo::tsc_ghz)
  // instead of spending 20 ms on its own; the first get() checks it over 1 ms of the OS
  // clock and calibrates in full if it is more than 1 % off. A quick run starts 18
  // workers: this took it from 0.38 to 0.22 s on Linux. Call before the first get().
  static void use_controller_rate(double tsc_ghz);

  std::uint64_t now() const;                 // in ticks
  double ns_between(std::uint64_t start, std::uint64_t end) const {
    return static_cast<double>(end - start) * ns_per_tick_;
  }
  const TimerInfo& info() const { return info_; }

 private:
  Timer();
  double measure_read_overhead() const;
  bool use_tsc_ = false;
  double ns_per_tick_ = 1.0;
  TimerInfo info_;
};

}  // namespace shmbench
