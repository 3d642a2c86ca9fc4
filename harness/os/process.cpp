// The platform-independent part of ChildProcess: line framing on top of raw reads, the
// wait over many children, and the one stop sequence.
#include "os/process.hpp"

#include <algorithm>
#include <thread>

#include "os/interrupt.hpp"
#include "os/process_impl.hpp"

namespace shmbench {

namespace {
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// Moves the first complete line out of `pending` (without "\n" or "\r\n").
std::optional<std::string> take_line(std::string& pending) {
  const auto newline = pending.find('\n');
  if (newline == std::string::npos) return std::nullopt;
  std::string line = pending.substr(0, newline);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  pending.erase(0, newline + 1);
  return line;
}
}  // namespace

std::string ExitStatus::describe() const {
  return signaled ? "killed by signal " + std::to_string(code) : "exit code " + std::to_string(code);
}

const char* to_string(StopStep step) {
  switch (step) {
    case StopStep::already_exited: return "already_exited";
    case StopStep::asked: return "asked";
    case StopStep::terminated: return "terminated";
    case StopStep::killed: return "killed";
    case StopStep::still_running: return "still_running";
  }
  return "unknown";
}

ChildProcess::ChildProcess(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ChildProcess::~ChildProcess() {
  (void)stop("", StopDeadlines::kill_now());
  impl_->close_pipes();
}

Result<std::unique_ptr<ChildProcess>> ChildProcess::start(const std::string& program,
                                                          const std::vector<std::string>& args,
                                                          ChildStderr stderr_to, const std::vector<int>& cpus) {
  auto impl = Impl::spawn(program, args, stderr_to, cpus);
  if (!impl.ok()) return impl.error();
  return std::unique_ptr<ChildProcess>(new ChildProcess(std::move(impl.value())));
}

Status ChildProcess::write_line(const std::string& line) { return impl_->write_all(line + "\n"); }

Result<std::unique_ptr<ChildProcess>> start_worker_process(const std::vector<std::string>& args, ChildStderr stderr_to,
                                                           const std::vector<int>& cpus) {
  Result<std::string> program = executable_for_workers();
  if (!program.ok()) return program.error();
  auto child = ChildProcess::start(program.value(), args, stderr_to, cpus);
  for (int attempt = 1; !child.ok() && attempt < 3; ++attempt) {
    std::this_thread::sleep_for(milliseconds(100));
    child = ChildProcess::start(program.value(), args, stderr_to, cpus);
  }
  return child;
}

AnyLine read_any_line(const std::vector<ChildProcess*>& children, milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  std::vector<ReadTarget> targets;
  targets.reserve(children.size());
  for (ChildProcess* child : children) targets.push_back({child->impl_.get(), &child->pending_});

  bool waited = false;  // a zero timeout still looks once for output
  while (true) {
    for (std::size_t i = 0; i < children.size(); ++i)
      if (auto line = take_line(children[i]->pending_)) return {AnyLine::Kind::line, i, std::move(*line)};
    if (interrupted()) return {AnyLine::Kind::interrupted, 0, {}};
    const auto left = std::chrono::ceil<milliseconds>(deadline - Clock::now());
    if (waited && left.count() <= 0) return {AnyLine::Kind::timeout, 0, {}};
    waited = true;
    const ReadSome got = read_some_any(targets, std::max(left, milliseconds(0)));
    switch (got.kind) {
      case ReadSome::Kind::data: break;     // look for a complete line again
      case ReadSome::Kind::timeout: break;  // early wake-ups (a signal) go round again
      case ReadSome::Kind::closed: return {AnyLine::Kind::closed, got.index, {}};
      case ReadSome::Kind::interrupted: return {AnyLine::Kind::interrupted, 0, {}};
    }
  }
}

ChildProcess::ReadResult ChildProcess::read_line(std::string& line, milliseconds timeout) {
  AnyLine got = read_any_line({this}, timeout);
  switch (got.kind) {
    case AnyLine::Kind::line: line = std::move(got.line); return ReadResult::line;
    case AnyLine::Kind::closed: return ReadResult::closed;
    case AnyLine::Kind::timeout:
    case AnyLine::Kind::interrupted: break;
  }
  return ReadResult::timeout;
}

StopOutcome ChildProcess::stop(const std::string& goodbye_line, const StopDeadlines& deadlines) {
  if (auto status = impl_->wait(milliseconds(0))) return {StopStep::already_exited, status};
  // A failed write means the child no longer reads its stdin: go on to the next step.
  if (!goodbye_line.empty() && write_line(goodbye_line).ok())
    if (auto status = impl_->wait(deadlines.ask)) return {StopStep::asked, status};
  impl_->close_stdin();
  impl_->terminate();
  if (auto status = impl_->wait(deadlines.terminate)) return {StopStep::terminated, status};
  impl_->kill();
  if (auto status = impl_->wait(deadlines.kill)) return {StopStep::killed, status};
  return {StopStep::still_running, std::nullopt};
}

std::optional<ExitStatus> ChildProcess::wait(milliseconds timeout) { return impl_->wait(timeout); }
void ChildProcess::kill() { impl_->kill(); }
long ChildProcess::pid() const { return impl_->pid(); }

bool process_alive_since(long pid, std::int64_t unix_ms) {
  if (!process_alive(pid)) return false;
  constexpr std::int64_t kClockSlackMs = 10'000;
  const std::optional<std::int64_t> started = unix_ms != 0 ? process_start_unix_ms(pid) : std::nullopt;
  return !started || *started <= unix_ms + kClockSlackMs;
}

}  // namespace shmbench
