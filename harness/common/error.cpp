#include "common/error.hpp"

#include "common/platform.hpp"

namespace shmbench {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::already_exists: return "already_exists";
    case ErrorKind::not_found: return "not_found";
    case ErrorKind::access_denied: return "access_denied";
    case ErrorKind::invalid_argument: return "invalid_argument";
    case ErrorKind::out_of_memory: return "out_of_memory";
    case ErrorKind::unsupported: return "unsupported";
    case ErrorKind::data_mismatch: return "data_mismatch";
    case ErrorKind::other: return "other";
  }
  return "other";
}

std::string Error::describe() const {
  std::string text = call + ": " + to_string(kind);
  if (native_code != 0 || !detail.empty()) {
    text += " (";
    if (native_code != 0) {
#if defined(SHMBENCH_OS_WINDOWS)
      text += "error " + std::to_string(native_code);
#else
      text += "errno " + std::to_string(native_code);
#endif
      if (!detail.empty()) text += ": ";
    }
    text += detail + ")";
  }
  if (!hint.empty()) text += "; " + hint;
  return text;
}

}  // namespace shmbench
