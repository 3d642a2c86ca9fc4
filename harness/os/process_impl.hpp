// What each platform's process file provides to process.cpp.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "os/process.hpp"

namespace shmbench {

struct ChildProcess::Impl {
  static Result<std::unique_ptr<Impl>> spawn(const std::string& program,
                                             const std::vector<std::string>& args);
  virtual ~Impl() = default;

  enum class ReadSome { data, timeout, closed };
  // Appends whatever is available (waiting up to `timeout` for something) to `buffer`.
  virtual ReadSome read_some(std::string& buffer, std::chrono::milliseconds timeout) = 0;
  virtual Status write_all(const std::string& text) = 0;
  virtual std::optional<ExitStatus> wait(std::chrono::milliseconds timeout) = 0;
  virtual void kill() = 0;
  virtual void close_pipes() = 0;
  virtual long pid() const = 0;
};

}  // namespace shmbench
