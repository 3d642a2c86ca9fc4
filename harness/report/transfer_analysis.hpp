// The statistics of a transfer run, computed once: per cell (mode, wait strategy,
// backend, size) its rows' times, rates and counters, the merged latency histogram, and
// the ratios to the in-process thread reference (the heap backend) of the same run.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "measure/histogram.hpp"
#include "measure/run_config.hpp"
#include "measure/transfer_results.hpp"
#include "report/analysis.hpp"

namespace shmbench {

struct TransferAnalysis {
  Analysis rows;  // BenchmarkStats in report order; op is unused, name says what it is
  // Ping-pong round trips of each benchmark, merged over its repetitions (report order).
  std::vector<std::pair<std::string, Histogram>> histograms;
};

// The percentiles a transfer row reports, as counter suffixes: rtt_p50_ns, ...; each only
// where the sample carries it (carries_percentile: p99.99 from 10 000 round trips).
struct LatencyQuantile {
  const char* counter;
  double q;
};
inline constexpr LatencyQuantile kLatencyQuantiles[] = {{"rtt_p50_ns", 0.50},   {"rtt_p90_ns", 0.90},
                                                        {"rtt_p99_ns", 0.99},   {"rtt_p999_ns", 0.999},
                                                        {"rtt_p9999_ns", 0.9999}};

// A rate row kept up when it reached this fraction of the asked rate (kept_up: 1).
inline constexpr double kKeptUp = 0.99;

// How a row of a cell this system cannot run begins its error_message (the rest says why).
inline constexpr const char* kNotAvailable = "not available: ";

TransferAnalysis analyse_transfer(const RunConfig& config, const TransferRunResult& result);

}  // namespace shmbench
