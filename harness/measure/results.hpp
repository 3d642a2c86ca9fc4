// What a run measured, as the scenarios hand it to the report: samples per backend and
// size, and what the run found and cleaned up along the way.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "measure/timer.hpp"

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
  std::optional<TimerInfo> timer;        // as the workers reported it
  std::vector<std::string> stale_removed;  // a crashed earlier run's objects, removed at start
  std::vector<std::string> leaked;         // this run's objects still present at its end (removed)
  bool interrupted = false;                 // stopped early by Ctrl-C or SIGTERM
  double seconds = 0;
};

}  // namespace shmbench
