// The lifecycle workers' timing helpers: one span timed with the harness timer, and the
// batch length that keeps warm copies and reads off the timer's floor.
#pragma once

#include <algorithm>
#include <cstdint>

#include "measure/timer.hpp"

namespace shmbench::lifecycle {

// Times `work` with the harness timer; returns nanoseconds. A planted slowdown
// (faults.hpp) passes `stretch` > 0: the span then really lasts (1 + stretch) times as
// long, spun out inside it, so what a comparison sees is a slower run and not an edited
// number.
template <typename Work>
double timed(Work&& work, double stretch = 0) {
  const Timer& timer = Timer::get();
  const std::uint64_t start = timer.now();
  work();
  std::uint64_t end = timer.now();
  if (stretch > 0) {
    const double target = timer.ns_between(start, end) * (1 + stretch);
    while (timer.ns_between(start, end) < target) end = timer.now();
  }
  return timer.ns_between(start, end);
}

// A warm copy or read is timed over a batch of passes, never over a few timer ticks
// and never over fewer than kMinPasses passes.
//
// Copies get long batches: a copy whose source and target nearly fill the last-level
// cache warms up over tens of passes. On a 32 MiB-L3 machine, 16 MiB copies ran at
// 25-29 GB/s over 3-6 passes, 28 GB/s over 32 and 30-31 GB/s over 64, where
// shmbench-micro's steady state (hundreds of passes) gave 31-35 GB/s. Reads showed no
// such ramp; they are timed over 256 MiB, split between the verified and the unverified
// read (reader.cpp).
inline constexpr std::uint64_t kCopyBatchBytes = 1024ull << 20;
inline constexpr std::uint64_t kReadBatchBytes = 256ull << 20;
inline constexpr std::uint64_t kMinPasses = 4;

inline std::uint64_t passes_for(std::uint64_t size, std::uint64_t batch_bytes) {
  return std::max(kMinPasses, batch_bytes / size);
}

}  // namespace shmbench::lifecycle
