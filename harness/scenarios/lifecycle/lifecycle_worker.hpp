// The worker roles: a child process the controller starts as "shmbench worker". The
// writer creates, maps, touches and fills objects; the reader opens, maps and verifies
// them. They talk to the controller in JSON lines over stdin/stdout and do all the
// measured work; the controller only sequences them.
#pragma once

#include <cstdint>
#include <string>

namespace shmbench {

struct WorkerOptions {
  std::string role;     // "writer" or "reader"
  std::string backend;
  std::uint64_t size = 0;
  std::string fault;    // fault injection for tests: "", "writer-crash", "reader-crash", "writer-hang"
};

// Serves the controller until it says exit or closes stdin; returns the exit code.
int run_worker(const WorkerOptions& options);

}  // namespace shmbench
