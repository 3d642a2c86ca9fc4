// The controller: for each backend and size it starts a writer and a reader worker,
// sequences their repetitions, kills a worker that outlives its deadline, and collects
// what they measured. It measures nothing itself.
#pragma once

#include <ostream>

#include "measure/results.hpp"
#include "measure/run_config.hpp"

namespace shmbench {

// Stops early, cleaning up, when interrupted() turns true (see interrupt.hpp).
RunResult run_benchmarks(const RunConfig& config, std::ostream& progress);

}  // namespace shmbench
