// The transfer scenario's controller: for each size, mode and wait strategy it opens one
// cell per backend (a writer and a reader worker process, or for the heap reference one
// process with two threads), runs their repetitions interleaved across the backends,
// ends a cell whose peer died or hung with an error, and removes what every cell made.
// It measures nothing itself.
#pragma once

#include <ostream>

#include "measure/run_config.hpp"
#include "measure/transfer_results.hpp"

namespace shmbench::transfer {

// Stops early, cleaning up, when interrupted() turns true (see os/interrupt.hpp).
TransferRunResult run_transfer(const RunConfig& config, std::ostream& progress);

// The ring's slot count for stream messages of `size` bytes: 4 MiB of ring, 2 to 16 slots.
std::uint64_t stream_slots(std::uint64_t size);

}  // namespace shmbench::transfer
