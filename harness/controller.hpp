// The controller: for each backend and size it starts a writer and a reader worker,
// sequences their repetitions, kills a worker that outlives its deadline, and collects
// what they measured. It measures nothing itself.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "run_config.hpp"

namespace shmbench {

// The samples of one backend at one size: nanoseconds per repetition for each operation.
struct Cell {
  std::string backend;
  std::uint64_t size = 0;
  std::map<std::string, std::vector<double>> ns;
  std::map<std::string, std::uint64_t> iterations;  // passes or pages behind one sample
  int leftovers = 0;  // objects the backend's close left behind (shmbench removed them)
  std::string error;  // non-empty: the cell failed and its samples are not reported
  double seconds = 0;
};

struct RunResult {
  std::vector<Cell> cells;
  nlohmann::json timer;                  // as the workers reported it
  std::vector<std::string> stale_removed;  // a crashed earlier run's objects, removed at start
  std::vector<std::string> leaked;         // this run's objects still present at its end (removed)
  bool interrupted = false;                 // stopped early by Ctrl-C or SIGTERM
  double seconds = 0;
};

// Stops early, cleaning up, when interrupted() turns true (see interrupt.hpp).
RunResult run_benchmarks(const RunConfig& config, std::ostream& progress);

}  // namespace shmbench
