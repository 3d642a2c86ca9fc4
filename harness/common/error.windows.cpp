// GetLastError() / errno → ErrorKind, the only place that knows Win32 error numbers.
#include <windows.h>

#include <cerrno>
#include <cstring>

#include "common/error.hpp"

namespace shmbench {

namespace {
ErrorKind kind_of_win32(DWORD code) {
  switch (code) {
    case ERROR_ALREADY_EXISTS:
    case ERROR_FILE_EXISTS: return ErrorKind::already_exists;
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND: return ErrorKind::not_found;
    case ERROR_ACCESS_DENIED:
    case ERROR_PRIVILEGE_NOT_HELD: return ErrorKind::access_denied;
    case ERROR_INVALID_PARAMETER:
    case ERROR_INVALID_NAME:
    case ERROR_INVALID_HANDLE:
    case ERROR_BAD_PATHNAME: return ErrorKind::invalid_argument;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
    case ERROR_COMMITMENT_LIMIT:
    case ERROR_DISK_FULL: return ErrorKind::out_of_memory;
    case ERROR_NOT_SUPPORTED:
    case ERROR_CALL_NOT_IMPLEMENTED: return ErrorKind::unsupported;
    default: return ErrorKind::other;
  }
}

std::string win32_message(DWORD code) {
  char buffer[512];
  DWORD length = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                                nullptr, code, 0, buffer, sizeof buffer, nullptr);
  std::string text(buffer, length);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == '.'))
    text.pop_back();
  return text;
}
}  // namespace

Error error_from_win32(unsigned long code, std::string call) {
  return Error{kind_of_win32(code), static_cast<std::int64_t>(code), std::move(call),
               win32_message(code)};
}

Error error_from_errno(int code, std::string call) {
  ErrorKind kind = code == EEXIST   ? ErrorKind::already_exists
                   : code == ENOENT ? ErrorKind::not_found
                   : code == EACCES ? ErrorKind::access_denied
                                    : ErrorKind::other;
  return Error{kind, code, std::move(call), std::strerror(code)};
}

Error last_os_error(std::string call) { return error_from_win32(GetLastError(), std::move(call)); }

}  // namespace shmbench
