// errno → ErrorKind, the only place that knows POSIX error numbers.
#include <cerrno>
#include <cstring>

#include "common/error.hpp"

namespace shmbench {

namespace {
ErrorKind kind_of_errno(int code) {
  switch (code) {
    case EEXIST: return ErrorKind::already_exists;
    case ENOENT: return ErrorKind::not_found;
    case EACCES:
    case EPERM: return ErrorKind::access_denied;
    case EINVAL:
    case ENAMETOOLONG: return ErrorKind::invalid_argument;
    case ENOMEM:
    case ENOSPC:
    case EFBIG:
    case EMFILE:
    case ENFILE: return ErrorKind::out_of_memory;
    case ENOSYS:
    case ENOTSUP: return ErrorKind::unsupported;
    default: return ErrorKind::other;
  }
}
}  // namespace

Error error_from_errno(int code, std::string call) {
  return Error{kind_of_errno(code), code, std::move(call), std::strerror(code)};
}

Error last_os_error(std::string call) { return error_from_errno(errno, std::move(call)); }

}  // namespace shmbench
