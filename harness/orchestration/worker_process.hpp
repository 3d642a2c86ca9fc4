// A worker child process ("shmbench worker ...", the same executable) and the typed
// conversation with it: wait for its hello, send a command and wait for its reply, stop
// it. Every failure (it would not start, died, hung past the deadline, answered
// something else) comes back as an Error naming the worker, for the report's error rows.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "orchestration/protocol.hpp"
#include "os/process.hpp"

namespace shmbench {

class WorkerProcess {
 public:
  // Starts the current executable with `args` (e.g. {"worker", "--role", "writer", ...});
  // `label` ("writer", "reader") names it in errors. With `cpus`, it runs only on those
  // CPUs (run --duet). It is also given "--tsc-ghz", this process's calibrated TSC rate
  // (Timer::use_controller_rate), which the subcommands started this way ("worker",
  // "transfer-worker") accept; stress workers are started otherwise and calibrate their own.
  static Result<std::unique_ptr<WorkerProcess>> start(std::string label, const std::vector<std::string>& args,
                                                      const std::vector<int>& cpus = {});

  // The worker's first line: its hello, of this protocol version.
  Result<HelloReply> hello(std::chrono::milliseconds timeout);
  // Sends `command` and waits for the reply: the samples, or the worker's own error.
  Result<MeasuredReply> ask(const Command& command, std::chrono::milliseconds timeout);
  // ask() in two halves, for workers that work at once (the transfer scenario's two
  // sides, run --duet's two backends): send to each, then wait for each.
  Status send(const Command& command);
  Result<MeasuredReply> measured(const Command& command, std::chrono::milliseconds timeout);
  // The next reply, whatever it is (a FailedReply included); an Error when the worker
  // died, hung past `timeout`, or wrote something that is not a reply.
  Result<Reply> receive(std::chrono::milliseconds timeout);
  // Waits up to `timeout` for the first of `workers` to answer (or die); nullopt on a
  // timeout or an interrupt. `index` is its place in the list.
  struct Answer {
    std::size_t index = 0;
    Result<Reply> reply;
  };
  static std::optional<Answer> first_answer(const std::vector<WorkerProcess*>& workers,
                                            std::chrono::milliseconds timeout);
  // Asks the worker to exit; one that does not is terminated, then killed, each step
  // within its deadline (os/process.hpp's stop sequence).
  StopOutcome stop();
  // Kills it at once (a worker that failed mid-step) and waits for it to go.
  void kill();

  const std::string& label() const { return label_; }
  // The name of an object the worker refused in its last failed reply because it already
  // existed, somebody else's (FailedReply::foreign_name); "" when there was none.
  const std::string& refused_name() const { return refused_name_; }

 private:
  WorkerProcess(std::string label, std::unique_ptr<ChildProcess> process)
      : label_(std::move(label)), process_(std::move(process)) {}
  Result<Reply> next_reply(std::chrono::milliseconds timeout);
  Result<Reply> decode(const std::string& line) const;
  Error died();
  Error failure(std::string detail) const { return Error{ErrorKind::other, 0, label_, std::move(detail)}; }

  std::string label_;
  std::unique_ptr<ChildProcess> process_;
  std::string refused_name_;
};

}  // namespace shmbench
