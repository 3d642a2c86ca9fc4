// A transfer worker: the child process the controller starts as "shmbench transfer-worker".
// It answers TransferCommands (orchestration/protocol.hpp) as the writer or the reader of
// one backend, or of one transport: open a cell's mapping and wait objects (or its
// transport's channel), run repetitions, close. For the heap reference the writer runs
// the reader as a second thread of its own.
#pragma once

#include <string>

namespace shmbench::transfer {

struct WorkerOptions {
  std::string role;  // "writer" or "reader"
  std::string backend;
  std::string transport;  // instead of a backend: the transport its cells run over
  int cpu = -1;       // pin the worker's thread to this CPU (-1: not pinned)
  int peer_cpu = -1;  // heap writer: where its reader thread runs
  std::string fault;  // faults.hpp
};

// Serves the controller until it says exit or closes stdin; returns the exit code.
int run_worker(const WorkerOptions& options);

}  // namespace shmbench::transfer
