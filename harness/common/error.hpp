// Typed errors for backend and process operations: a portable kind, the native code
// (errno or GetLastError) and the call that failed. Backends return these instead of
// throwing; only the command-line edges turn them into messages and exit codes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "common/platform.hpp"

namespace shmbench {

enum class ErrorKind {
  already_exists,
  not_found,
  access_denied,
  invalid_argument,
  out_of_memory,
  unsupported,
  data_mismatch,
  other,
};

const char* to_string(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::other;
  std::int64_t native_code = 0;  // errno, GetLastError(), or 0 when not from the OS
  std::string call;              // the API call or step that failed, e.g. "shm_open"
  std::string detail;            // the OS's text for native_code, or our own words
  // What would make the call work, where shmbench knows (e.g. how to reserve huge pages);
  // "" otherwise.
  std::string hint = {};

  // "shm_open: already_exists (errno 17: File exists)", then "; " and the hint if any.
  std::string describe() const;
};

// Mapping of native codes to kinds and messages; one implementation per platform.
Error error_from_errno(int code, std::string call);
#if defined(SHMBENCH_OS_WINDOWS)
Error error_from_win32(unsigned long code, std::string call);
#endif
// The calling thread's last OS error (errno, or GetLastError() on Windows).
Error last_os_error(std::string call);

// Success or an Error.
class Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design
  bool ok() const { return !error_.has_value(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

// A value or an Error (std::expected is C++23).
template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design
  bool ok() const { return std::holds_alternative<T>(state_); }
  T& value() { return std::get<T>(state_); }
  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace shmbench
