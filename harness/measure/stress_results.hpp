// What "shmbench stress" was asked to do and what it found, as its scenarios hand it to
// the report: one row per scenario, backend and variant, with named counters. Plain data,
// like results.hpp for the lifecycle scenario.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "measure/results.hpp"
#include "measure/timer.hpp"

namespace shmbench {

struct StressConfig {
  std::vector<std::string> scenarios;  // fanout, fanout-scaling, fanin, churn, capacity, faults
  std::vector<std::string> backends;
  int readers = 8;                     // fan-out readers (1..64)
  std::vector<int> readers_sweep = {1, 2, 4, 8, 16};  // fanout-scaling: reader counts (1..64 each)
  std::uint64_t latency_messages = 2000;  // fanout-scaling: lockstep messages per reader count
  int writers = 4;                     // fan-in writers (1..64)
  std::uint64_t messages = 20000;      // per writer
  std::uint64_t message_size = 4096;   // bytes per message, its 16-byte header included
  std::uint64_t slots = 16;            // ring depth
  double duration_seconds = 10;        // churn
  std::uint64_t max_bytes = 0;         // capacity: never more than this in mappings at once
  std::uint64_t max_mappings = 65536;  // capacity: never more mappings than this
  std::uint64_t capacity_unit = 65536; // capacity: bytes per mapping when counting them
  double timeout_seconds = 30;         // watchdog: a worker without progress this long is killed
  std::string fault;                   // tests: torn, lost, duplicate (the corruption switch); reader-hang (fanout-scaling)
  std::string out_path;
};

// One row of the report: "<scenario>/<backend>/<variant>".
struct StressRow {
  std::string scenario;  // fanout, fanout_latency, fanout_throughput, fanin_disjoint, fanin_ring, churn, capacity, fault
  std::string backend;
  std::string variant;   // readers:8, writers:4, create, all, count, largest, writer-crash, ...
  int processes = 1;     // reported as Google Benchmark's "threads"
  std::uint64_t iterations = 0;  // messages, calls, mappings
  double real_time_ns = 0;       // per iteration
  std::vector<std::pair<std::string, double>> counters;  // in report order
  std::string label;
  std::string error;  // non-empty: an error row (its counters are still reported)

  void set(const std::string& name, double value) {
    for (auto& counter : counters)
      if (counter.first == name) {
        counter.second = value;
        return;
      }
    counters.emplace_back(name, value);
  }
  double get(const std::string& name, double otherwise = 0) const {
    for (const auto& counter : counters)
      if (counter.first == name) return counter.second;
    return otherwise;
  }
  std::string name() const { return scenario + "/" + backend + "/" + variant; }
};

struct StressResult {
  std::vector<StressRow> rows;
  std::vector<BackendDescription> backends;
  std::optional<TimerInfo> timer;
  std::vector<std::string> stale_removed;  // a crashed earlier run's objects, removed at start
  std::vector<std::string> leaked;         // this run's objects still present at its end (removed)
  bool interrupted = false;
  double seconds = 0;
  int failed_rows() const {
    int failed = 0;
    for (const auto& row : rows) failed += row.error.empty() ? 0 : 1;
    return failed;
  }
};

}  // namespace shmbench
