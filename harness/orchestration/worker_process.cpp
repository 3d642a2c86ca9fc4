#include "orchestration/worker_process.hpp"

#include <iomanip>
#include <sstream>

#include "common/text.hpp"
#include "measure/timer.hpp"
#include "os/interrupt.hpp"

namespace shmbench {

namespace {
// The worker's arguments and the controller's TSC rate (Timer::use_controller_rate), to
// every digit, so a worker does not spend 20 ms calibrating its own.
std::vector<std::string> with_tsc_rate(std::vector<std::string> args) {
  const double ghz = Timer::get().info().tsc_ghz;
  if (ghz > 0) {
    std::ostringstream text;
    text << std::setprecision(17) << ghz;
    args.insert(args.end(), {"--tsc-ghz", text.str()});
  }
  return args;
}
}  // namespace

Result<std::unique_ptr<WorkerProcess>> WorkerProcess::start(std::string label, const std::vector<std::string>& worker_args,
                                                            const std::vector<int>& cpus) {
  const std::vector<std::string> args = with_tsc_rate(worker_args);
  auto process = start_worker_process(args, ChildStderr::shared, cpus);
  if (!process.ok()) return Error{ErrorKind::other, 0, label, "could not start: " + process.error().describe()};
  return std::unique_ptr<WorkerProcess>(new WorkerProcess(std::move(label), std::move(process.value())));
}

Result<Reply> WorkerProcess::next_reply(std::chrono::milliseconds timeout) {
  std::string line;
  switch (process_->read_line(line, timeout)) {
    case ChildProcess::ReadResult::timeout:
      if (interrupted()) return failure("interrupted");
      return failure("no answer within " + seconds_text(static_cast<double>(timeout.count()) / 1000) + ": killed");
    case ChildProcess::ReadResult::closed: return died();
    case ChildProcess::ReadResult::line: break;
  }
  return decode(line);
}

Error WorkerProcess::died() {
  const auto status = process_->wait(std::chrono::seconds(5));
  return failure("exited unexpectedly (" + (status ? status->describe() : std::string("still running")) + ")");
}

Result<Reply> WorkerProcess::decode(const std::string& line) const {
  auto reply = decode_reply(line);
  if (!reply.ok()) return failure("answered something else: " + reply.error().detail);
  return reply;
}

Status WorkerProcess::send(const Command& command) {
  Status sent = process_->write_line(encode(command));
  if (sent.ok()) return {};
  // A worker that died while idle (killed between two steps) shows first as a closed
  // pipe: its exit status says what happened, the pipe's error does not.
  if (const auto status = process_->wait(std::chrono::milliseconds(500)))
    return failure("exited unexpectedly (" + status->describe() + ") before '" + type_name(command) + "' was sent");
  return failure("could not send '" + std::string(type_name(command)) + "': " + sent.error().describe());
}

Result<Reply> WorkerProcess::receive(std::chrono::milliseconds timeout) { return next_reply(timeout); }

std::optional<WorkerProcess::Answer> WorkerProcess::first_answer(const std::vector<WorkerProcess*>& workers,
                                                                 std::chrono::milliseconds timeout) {
  std::vector<ChildProcess*> children;
  for (WorkerProcess* worker : workers) children.push_back(worker->process_.get());
  const AnyLine any = read_any_line(children, timeout);
  switch (any.kind) {
    case AnyLine::Kind::timeout:
    case AnyLine::Kind::interrupted: return std::nullopt;
    case AnyLine::Kind::closed: return Answer{any.index, workers[any.index]->died()};
    case AnyLine::Kind::line: return Answer{any.index, workers[any.index]->decode(any.line)};
  }
  return std::nullopt;
}

Result<HelloReply> WorkerProcess::hello(std::chrono::milliseconds timeout) {
  auto reply = next_reply(timeout);
  if (!reply.ok()) return reply.error();
  if (auto* failed = std::get_if<FailedReply>(&reply.value())) return failure(failed->error);
  if (auto* hello = std::get_if<HelloReply>(&reply.value())) return *hello;
  return failure(std::string("said '") + type_name(reply.value()) + "' before hello");
}

Result<MeasuredReply> WorkerProcess::ask(const Command& command, std::chrono::milliseconds timeout) {
  Status sent = send(command);
  if (!sent.ok()) return sent.error();
  return measured(command, timeout);
}

// `command` only names what was asked, in an unexpected answer's error.
Result<MeasuredReply> WorkerProcess::measured(const Command& command, std::chrono::milliseconds timeout) {
  refused_name_.clear();
  auto reply = next_reply(timeout);
  if (!reply.ok()) return reply.error();
  if (auto* failed = std::get_if<FailedReply>(&reply.value())) {
    Error error = failure(failed->error);
    if (!failed->foreign_name.empty()) {
      error.kind = ErrorKind::already_exists;
      refused_name_ = failed->foreign_name;
    }
    return error;
  }
  if (auto* measured = std::get_if<MeasuredReply>(&reply.value())) return *measured;
  return failure(std::string("answered '") + type_name(reply.value()) + "' to '" + type_name(command) + "'");
}

StopOutcome WorkerProcess::stop() { return process_->stop(encode(Command{ExitCommand{}}), StopDeadlines{}); }

void WorkerProcess::kill() { (void)process_->stop("", StopDeadlines::kill_now()); }

}  // namespace shmbench
