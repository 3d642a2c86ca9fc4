// What a run measured, as a scenario hands it to the report: samples per backend, size
// and operation, and what the run found and cleaned up along the way. Plain data: the
// statistics are computed from it once, in report/analysis.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "measure/operation.hpp"
#include "measure/timer.hpp"

namespace shmbench {

// The repetitions of one operation: nanoseconds per call, page or pass (see TimeUnit),
// and how many calls, pages or passes one sample averages.
struct OperationSamples {
  std::vector<double> ns;
  std::uint64_t iterations = 1;
  std::uint64_t iterations_per_span = 0;  // of those, behind one timer reading; 0: all (Sample)
  // Per repetition (parallel to ns): the counters the worker read beside the timing (the
  // memory accounting, the page size obtained); empty lists where it read none.
  std::vector<std::vector<std::pair<std::string, double>>> counters = {};
};

// One backend at one size.
struct Cell {
  std::string backend;
  std::uint64_t size = 0;
  std::vector<Operation> operations;  // what this backend measures, in report order
  std::map<Operation, OperationSamples> samples;
  int leftovers = 0;  // objects the backend's close left behind (shmbench removed them)
  std::string error;  // non-empty: the cell failed and its samples are not reported
  // Non-empty: the system refused this backend at this size (Backend::usable: no
  // privilege, no huge pages), with the native error and how to enable it. Nothing was
  // measured, and the cell is reported as skipped, which is not a failure.
  std::string skipped = {};
  double seconds = 0;
};

// What the report says about each backend measured.
struct BackendDescription {
  std::string name;
  std::string flags;           // what it asks of the OS, e.g. "shm_open(O_CREAT | O_EXCL ...)"
  bool process_local = false;  // the in-process reference the others are compared against
  bool separate_commit = false;  // has the commit operation (Backend::separate_commit)
};

// The order in which the repetitions ran, as the report records it.
struct MeasurementOrder {
  std::string scheme;       // "interleaved", or "duet" (run --duet)
  std::string description;  // one sentence for readers of the report
  // duet: the CPUs of each backend's workers (the first backend's, then the second's) at
  // the first writer/reader pair; they swap with every new pair.
  std::vector<std::vector<int>> cpu_sets = {};
  // interleaved, run --pin: the one CPU the controller and every worker ran on; empty
  // when the scheduler placed them (run --no-pin).
  std::vector<int> cpus = {};
  // duet: the time between the two sends that start a round, median and maximum over the
  // run's rounds (the controller's side of the skew; each worker's wake-up adds to it).
  std::optional<double> send_skew_median_ns = {}, send_skew_max_ns = {};
};

struct RunResult {
  std::vector<Cell> cells;
  std::vector<BackendDescription> backends;  // in the order measured
  std::optional<TimerInfo> timer;            // as the workers reported it
  MeasurementOrder order;
  std::vector<std::string> stale_removed;    // a crashed earlier run's objects, removed at start
  std::vector<std::string> leaked;           // this run's objects still present at its end (removed)
  bool interrupted = false;                  // stopped early by Ctrl-C or SIGTERM
  double seconds = 0;
};

}  // namespace shmbench
