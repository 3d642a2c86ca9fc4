#include "measure/timer.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "common/cpuid.hpp"
#include "common/platform.hpp"
#include "os/clock.hpp"

#if defined(SHMBENCH_ARCH_X86)
#if defined(_MSC_VER)
#include <intrin.h>
#else
#include <x86intrin.h>
#endif
#endif

namespace shmbench {

namespace {
bool has_invariant_tsc() {
  unsigned regs[4] = {};
  return cpuid(0x80000007u, regs) && (regs[3] & (1u << 8)) != 0;  // EDX bit 8: constant-rate TSC
}

#if defined(SHMBENCH_ARCH_X86)
inline std::uint64_t read_tsc() { return __rdtsc(); }
#else
inline std::uint64_t read_tsc() { return 0; }
#endif

// The typical (median) non-zero difference between successive reads of `read`: the
// finest interval the clock tells apart in practice. Not the smallest: on the AMD EPYC
// VMs this project runs on, the TSC advances 26 ticks (10 ns) at a time and a step of
// 1 tick turns up only now and then, so the smallest step said 0.39 ns while every
// round trip came out a multiple of 10 ns.
template <typename Read>
std::uint64_t typical_step(Read read) {
  std::vector<std::uint64_t> steps;
  for (int i = 0; i < 2001; ++i) {
    std::uint64_t a = read();
    std::uint64_t b = read();
    while (b == a) b = read();
    steps.push_back(b - a);
  }
  std::nth_element(steps.begin(), steps.begin() + 1000, steps.end());
  return steps[1000];
}

// Nanoseconds per TSC tick over at least `window_ns` of the OS clock.
double ns_per_tsc_tick(std::uint64_t window_ns) {
  const std::uint64_t clock_start = os_clock_ns();
  const std::uint64_t tsc_start = read_tsc();
  std::uint64_t clock_end = clock_start;
  while (clock_end - clock_start < window_ns) clock_end = os_clock_ns();
  const std::uint64_t tsc_end = read_tsc();
  return static_cast<double>(clock_end - clock_start) / static_cast<double>(tsc_end - tsc_start);
}

double controller_tsc_ghz = 0;  // set by use_controller_rate() before the first get()
}  // namespace

void Timer::use_controller_rate(double tsc_ghz) { controller_tsc_ghz = tsc_ghz; }

const Timer& Timer::get() {
  static const Timer timer;
  return timer;
}

Timer::Timer() {
  info_.os_clock = os_clock_name();
  info_.os_clock_resolution_ns = static_cast<double>(typical_step(os_clock_ns));
  use_tsc_ = has_invariant_tsc();
  if (use_tsc_) {
    // The controller's rate, when it agrees with 1 ms of the OS clock to 1 % (a 100 ns
    // clock over 1 ms is good to 1e-4: only a wrong rate, or a preemption of 10 us
    // between paired reads, misses, and a miss costs 20 ms, not a wrong figure). Else
    // calibrate over 20 ms, where even a 100 ns clock is off by < 1e-5.
    const bool adopt = controller_tsc_ghz > 0 &&
                       std::fabs(controller_tsc_ghz * ns_per_tsc_tick(1'000'000) - 1.0) < 0.01;
    ns_per_tick_ = adopt ? 1.0 / controller_tsc_ghz : ns_per_tsc_tick(20'000'000);
    info_.tsc_ghz = 1.0 / ns_per_tick_;
    info_.source = std::string("rdtsc calibrated against ") + info_.os_clock + (adopt ? " by the controller" : "");
    info_.resolution_ns = static_cast<double>(typical_step(read_tsc)) * ns_per_tick_;
  } else {
    info_.source = info_.os_clock;
    info_.resolution_ns = info_.os_clock_resolution_ns;
  }
  info_.read_overhead_ns = measure_read_overhead();
}

double Timer::measure_read_overhead() const {
  std::vector<double> spans;
  for (int i = 0; i < 1001; ++i) {
    const std::uint64_t a = now();
    const std::uint64_t b = now();
    spans.push_back(ns_between(a, b));
  }
  std::nth_element(spans.begin(), spans.begin() + 500, spans.end());
  return spans[500];
}

std::uint64_t Timer::now() const { return use_tsc_ ? read_tsc() : os_clock_ns(); }

}  // namespace shmbench
