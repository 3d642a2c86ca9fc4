// The lifecycle scenario's controller: for each backend and size it starts a writer and a
// reader worker, sequences their repetitions (interleaved across the backends at each
// size), stops a worker that outlives its deadline, and collects what they measured. It
// measures nothing itself.
#pragma once

#include <ostream>

#include "measure/results.hpp"
#include "measure/run_config.hpp"

namespace shmbench::lifecycle {

// Stops early, cleaning up, when interrupted() turns true (see os/interrupt.hpp).
RunResult run_lifecycle(const RunConfig& config, std::ostream& progress);

}  // namespace shmbench::lifecycle
