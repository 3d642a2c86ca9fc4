// The lifecycle workers' timing helpers: one span timed with the harness timer, and the
// batch length that keeps warm copies and reads off the timer's floor.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "measure/stats.hpp"  // median_of
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
// such ramp.
//
// Small buffers need no gigabyte: a batch is `passes` passes, but at least `floor_bytes`
// and at most `cap_bytes`. With 1 GiB copy and 256 MiB read batches at every size, the
// batches took 0.4 s of a 0.73 s quick run of one repetition (Linux, AMD EPYC, 2 vCPUs);
// with 128 MiB and 32 MiB at 4 KiB-1 MiB, the copy, read and unverified read medians of
// 30 such runs stayed within 0.6 % of the 1 GiB ones and their run-to-run spread did not
// grow (docs/measurements.md, "Batch lengths"). From 16 MiB up the batches are as before.
// The cold read that follows the copy batch got faster with it (it follows the write
// sooner): the same page says by how much.
struct BatchRule {
  std::uint64_t passes;
  std::uint64_t floor_bytes;
  std::uint64_t cap_bytes;
};
inline constexpr BatchRule kCopyBatch{64, 128ull << 20, 1024ull << 20};
inline constexpr BatchRule kReadBatch{16, 32ull << 20, 256ull << 20};
// 8, not 4: at 256 MiB each pass is one chunk, and the median of 4 chunks (the mean of
// the middle two) let the Boost/raw copy ratio move 5.2 % over three runs.
inline constexpr std::uint64_t kMinPasses = 8;

inline std::uint64_t passes_for(std::uint64_t size, const BatchRule& rule) {
  // min(passes * size, cap), without overflowing for sizes past the cap; the floor lies
  // below the cap.
  const std::uint64_t capped = size > rule.cap_bytes / rule.passes ? rule.cap_bytes : rule.passes * size;
  return std::max(kMinPasses, std::max(rule.floor_bytes, capped) / size);
}

// Within a batch, passes are timed in chunks of about kChunkBytes (whole passes, at least
// one), and the figure is the median chunk's time per pass. A burst of the host's noise
// shorter than half the batch then leaves the figure alone: on the 2-core VM a 64 KiB
// read took 0.9-1.2 us in a third of one run's repetitions instead of 0.6, and passes
// over one 16 MiB buffer spread 200-330 us (p10-p90) while the buffers' medians spread
// 205-240 us. A chunk lasts 10 us or more at these speeds: a thousand timer steps.
inline constexpr std::uint64_t kChunkBytes = 1ull << 20;

inline std::uint64_t chunk_passes_for(std::uint64_t size) { return std::max<std::uint64_t>(1, kChunkBytes / size); }

// A batch of passes_for(size, rule) passes as whole chunks (the last one rounds up).
struct ChunkedBatch {
  std::uint64_t passes_per_chunk;
  std::uint64_t chunks;
  std::uint64_t passes() const { return passes_per_chunk * chunks; }
};

inline ChunkedBatch chunked_batch(std::uint64_t size, const BatchRule& rule) {
  const std::uint64_t per_chunk = chunk_passes_for(size);
  return {per_chunk, (passes_for(size, rule) + per_chunk - 1) / per_chunk};
}

// The median of chunk times (ns), per pass of a chunk of `passes_per_chunk` passes.
inline double median_per_pass(std::vector<double> chunk_ns, std::uint64_t passes_per_chunk) {
  return median_of(std::move(chunk_ns)) / static_cast<double>(passes_per_chunk);
}

}  // namespace shmbench::lifecycle
