// A lifecycle worker: the child process the controller starts as "shmbench worker". It
// answers the controller's commands (orchestration/protocol.hpp) over stdin/stdout as a
// writer or a reader, and does all the measured work; the controller only sequences.
#pragma once

#include <cstdint>
#include <string>

namespace shmbench::lifecycle {

struct WorkerOptions {
  std::string role;  // "writer" or "reader"
  std::string backend;
  std::uint64_t size = 0;
  // Fault injection for tests, as faults.hpp parses it ("" for none).
  std::string fault;
  bool global_names = false;  // the controller's --global: Global\ section names
  bool accounting = false;    // the writer reads the memory accounting (memory_accounting.hpp)
};

// Serves the controller until it says exit or closes stdin; returns the exit code.
int run_worker(const WorkerOptions& options);

}  // namespace shmbench::lifecycle
