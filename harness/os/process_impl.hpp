// What each platform's process file provides to process.cpp.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "os/process.hpp"

namespace shmbench {

struct ChildProcess::Impl {
  // `cpus` empty: the child runs where its parent may.
  static Result<std::unique_ptr<Impl>> spawn(const std::string& program, const std::vector<std::string>& args,
                                             ChildStderr stderr_to, const std::vector<int>& cpus);
  virtual ~Impl() = default;

  virtual Status write_all(const std::string& text) = 0;
  virtual std::optional<ExitStatus> wait(std::chrono::milliseconds timeout) = 0;
  // The child sees end-of-file on stdin.
  virtual void close_stdin() = 0;
  // A polite request to end: SIGTERM on Linux; Windows console programs have no such
  // signal for one process, so there closing stdin is the request.
  virtual void terminate() = 0;
  virtual void kill() = 0;
  virtual void close_pipes() = 0;
  virtual long pid() const = 0;
};

// One child in a wait over many: its process and the buffer its output goes to.
struct ReadTarget {
  ChildProcess::Impl* child;
  std::string* buffer;
};

struct ReadSome {
  enum class Kind { data, closed, timeout, interrupted };
  Kind kind = Kind::timeout;
  std::size_t index = 0;  // for closed: which target
};

// Waits up to `timeout` until some target has output (appended to its buffer, possibly
// for several targets at once), a target's stdout is closed, or an interrupt arrives.
// A target whose stdout already closed is reported at once. May return timeout early.
ReadSome read_some_any(const std::vector<ReadTarget>& targets, std::chrono::milliseconds timeout);

}  // namespace shmbench
