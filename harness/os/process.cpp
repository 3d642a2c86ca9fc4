// The platform-independent part of ChildProcess: line framing on top of raw reads.
#include "os/process.hpp"

#include "os/interrupt.hpp"
#include "os/process_impl.hpp"

namespace shmbench {

std::string ExitStatus::describe() const {
  return signaled ? "killed by signal " + std::to_string(code) : "exit code " + std::to_string(code);
}

ChildProcess::ChildProcess(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ChildProcess::~ChildProcess() {
  if (!wait(std::chrono::milliseconds(0))) kill();
  impl_->close_pipes();
  (void)wait(std::chrono::seconds(5));
}

Result<std::unique_ptr<ChildProcess>> ChildProcess::start(const std::string& program,
                                                          const std::vector<std::string>& args) {
  auto impl = Impl::spawn(program, args);
  if (!impl.ok()) return impl.error();
  return std::unique_ptr<ChildProcess>(new ChildProcess(std::move(impl.value())));
}

Status ChildProcess::write_line(const std::string& line) { return impl_->write_all(line + "\n"); }

ChildProcess::ReadResult ChildProcess::read_line(std::string& line, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto newline = pending_.find('\n');
    if (newline != std::string::npos) {
      line = pending_.substr(0, newline);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      pending_.erase(0, newline + 1);
      return ReadResult::line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() < 0) return ReadResult::timeout;
    switch (impl_->read_some(pending_, left)) {
      case Impl::ReadSome::data: break;
      case Impl::ReadSome::timeout:
        // Early wake-ups (a signal) end the wait only if they came from an interrupt.
        if (interrupted() || std::chrono::steady_clock::now() >= deadline) return ReadResult::timeout;
        break;
      case Impl::ReadSome::closed: return ReadResult::closed;
    }
  }
}

std::optional<ExitStatus> ChildProcess::wait(std::chrono::milliseconds timeout) { return impl_->wait(timeout); }
void ChildProcess::kill() { impl_->kill(); }
long ChildProcess::pid() const { return impl_->pid(); }

}  // namespace shmbench
