// One portable layer for child processes: start with stdin/stdout pipes, exchange text
// lines with a timeout, wait for one line from any of several children, and stop a
// child with one sequence (ask → terminate → kill, each with a deadline), as reproc's
// reproc_stop / reproc_poll do. A child dies with its owner (Linux: PR_SET_PDEATHSIG;
// Windows: a Job Object with KILL_ON_JOB_CLOSE), so a killed controller never leaves
// workers running.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
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

// How long each step of ChildProcess::stop() waits for the child to exit. Short by
// default: a worker that ignores its goodbye must not hold its controller for long.
struct StopDeadlines {
  std::chrono::milliseconds ask{2000};        // after sending the goodbye line
  std::chrono::milliseconds terminate{1000};  // after closing stdin (and SIGTERM on Linux)
  std::chrono::milliseconds kill{5000};       // after SIGKILL / TerminateProcess
  // No goodbye, no grace: kill at once, then wait for the exit (what a destructor does).
  static StopDeadlines kill_now() { return {std::chrono::milliseconds(0), std::chrono::milliseconds(0), std::chrono::milliseconds(5000)}; }
};

// The step of stop() that ended the child.
enum class StopStep { already_exited, asked, terminated, killed, still_running };
const char* to_string(StopStep step);

struct StopOutcome {
  StopStep step = StopStep::still_running;
  std::optional<ExitStatus> status;  // empty only when still_running
};

class ChildProcess;

// What read_any_line() saw first.
struct AnyLine {
  enum class Kind { line, closed, timeout, interrupted };
  Kind kind = Kind::timeout;
  std::size_t index = 0;  // for line / closed: the child's position in the list
  std::string line;       // for line: without its newline
};

// Waits up to `timeout` for a complete line from any of `children` (or for one of them
// to close its stdout). Lines already buffered are returned first, in list order. A
// child whose stdout has closed is reported as closed on every call once its complete
// lines are taken, so drop it from the list to wait for the others. An interrupt (see
// interrupt.hpp) ends the wait at once, with no race: it wakes the wait itself.
AnyLine read_any_line(const std::vector<ChildProcess*>& children, std::chrono::milliseconds timeout);

// Where a child's stderr goes: shared with ours (workers' messages reach the user as
// they come), or into the same pipe as its stdout (a program another program drives,
// whose messages the driver reads and reports itself).
enum class ChildStderr { shared, with_stdout };

class ChildProcess {
 public:
  // Starts `program` with `args`. On Windows the child inherits exactly its stdin,
  // stdout and stderr handles and nothing else. With `cpus`, the child (and every process
  // it starts, which inherits its affinity) runs only on those CPUs.
  static Result<std::unique_ptr<ChildProcess>> start(const std::string& program,
                                                     const std::vector<std::string>& args,
                                                     ChildStderr stderr_to = ChildStderr::shared,
                                                     const std::vector<int>& cpus = {});
  ~ChildProcess();  // stop("", StopDeadlines::kill_now()) if the child is still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Sends one line (a newline is appended) to the child's stdin.
  Status write_line(const std::string& line);

  enum class ReadResult { line, timeout, closed };
  // Reads one line (without its newline) from the child's stdout: read_any_line() over
  // this child alone. An interrupt ends the wait early, as a timeout.
  ReadResult read_line(std::string& line, std::chrono::milliseconds timeout);

  // Stops the child: (a) if `goodbye_line` is not empty, sends it and waits up to
  // deadlines.ask; (b) closes its stdin (and sends SIGTERM on Linux), waits up to
  // deadlines.terminate; (c) kills it, waits up to deadlines.kill. Returns the step that
  // ended it and its exit status.
  StopOutcome stop(const std::string& goodbye_line, const StopDeadlines& deadlines = {});

  // The exit status, or nullopt if the child is still running after `timeout`.
  std::optional<ExitStatus> wait(std::chrono::milliseconds timeout);
  void kill();
  long pid() const;

  struct Impl;

 private:
  friend AnyLine read_any_line(const std::vector<ChildProcess*>& children, std::chrono::milliseconds timeout);
  explicit ChildProcess(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::string pending_;  // bytes read past the last returned line
};

// Seconds of CPU this process and the children it started have used (Linux: the
// children it has waited for, as every worker is before a report is written; Windows:
// every process of its kill-on-close job). < 0 when unknown.
double process_tree_cpu_seconds();

// The running program's own path, as the report names it.
std::string current_executable();
// What to start a worker from so that it runs this very program. Linux: /proc/self/exe,
// which names the running file even after a rebuild replaced it on disk; by its path, a
// rebuild during a run failed every later worker's start ("execv: not found", the path
// then read "... (deleted)"), and a rebuild that kept the path would mix two builds in one
// report. Windows: current_executable(), refused once that file is no longer the one this
// process started from (its size or last write time changed): native Windows does not let
// a running .exe be overwritten, but under Wine a build on the Linux side replaces it,
// and the workers would run the new build under the old controller.
Result<std::string> executable_for_workers();
// Starts a worker: this very program (executable_for_workers) with `args`. Wine's
// CreateProcess now and then fails with ERROR_INTERNAL_ERROR under load; a failed start
// creates nothing, so a start is tried up to three times.
Result<std::unique_ptr<ChildProcess>> start_worker_process(const std::vector<std::string>& args,
                                                           ChildStderr stderr_to = ChildStderr::shared,
                                                           const std::vector<int>& cpus = {});
// Linux: the kernel names a process after the file it was started from, so a worker
// started from /proc/self/exe would show as "exe" in ps and top and escape pgrep; this
// names the calling process after the program's own file again. Elsewhere nothing.
void name_process_after_program();
long current_pid();
// True if a process with this id exists (used to tell a live run's names from a dead one's).
bool process_alive(long pid);
// When the process with this id started, in milliseconds since 1970 (UTC), or nullopt when
// that cannot be read (no such process, or one this user may not ask about).
std::optional<std::int64_t> process_start_unix_ms(long pid);
// True if the process with this id is alive and is the one that was there at `unix_ms`
// (what a run's names were made at): a process that started after then holds the pid of
// one that ended. Pids come round again (Linux: every 32,768 processes by default; Wine
// hands out small ones again within seconds), and a leftover kept for an unrelated
// process that took its run's pid would stay until that process ends. A few seconds of
// slack absorb the clocks' rounding and small steps of the wall clock; `unix_ms` 0 (not
// known), or a start that cannot be read, leaves the answer to process_alive.
bool process_alive_since(long pid, std::int64_t unix_ms);
// Sets an environment variable of this process, which every child started afterwards
// inherits (how a run hands its workers a setting such as SHMBENCH_FILE_DIR).
Status set_environment_variable(const std::string& name, const std::string& value);
// Ends this process at once, with no cleanup, as if it had been killed: for fault injection.
[[noreturn]] void die_abruptly();

}  // namespace shmbench
