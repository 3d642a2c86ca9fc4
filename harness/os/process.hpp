// One portable layer for child processes: start with stdin/stdout pipes, exchange text
// lines with a timeout, wait with a timeout, kill. A child dies with its owner (Linux:
// PR_SET_PDEATHSIG; Windows: a Job Object with KILL_ON_JOB_CLOSE), so a killed
// controller never leaves workers running.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"

namespace shmbench {

struct ExitStatus {
  int code = 0;           // exit code, or the signal number when `signaled`
  bool signaled = false;  // POSIX only: ended by a signal
  std::string describe() const;  // "exit code 3", "killed by signal 9"
};

class ChildProcess {
 public:
  // Starts `program` with `args`; stderr is shared with this process.
  static Result<std::unique_ptr<ChildProcess>> start(const std::string& program,
                                                     const std::vector<std::string>& args);
  ~ChildProcess();  // kills the child if it is still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Sends one line (a newline is appended) to the child's stdin.
  Status write_line(const std::string& line);

  enum class ReadResult { line, timeout, closed };
  // Reads one line (without its newline) from the child's stdout. An interrupt (see
  // interrupt.hpp) ends the wait early, as a timeout.
  ReadResult read_line(std::string& line, std::chrono::milliseconds timeout);

  // The exit status, or nullopt if the child is still running after `timeout`.
  std::optional<ExitStatus> wait(std::chrono::milliseconds timeout);
  void kill();
  long pid() const;

  struct Impl;

 private:
  explicit ChildProcess(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::string pending_;  // bytes read past the last returned line
};

// The running program's own path, to start workers as the same executable.
std::string current_executable();
long current_pid();
// True if a process with this id exists (used to tell a live run's names from a dead one's).
bool process_alive(long pid);
// Ends this process at once, with no cleanup, as if it had been killed: for fault injection.
[[noreturn]] void die_abruptly();

}  // namespace shmbench
