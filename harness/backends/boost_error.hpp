// Turns a Boost.Interprocess exception into our typed Error: the native code when Boost
// has one (it maps through the platform's own table), else Boost's own error class.
#pragma once

#include <boost/interprocess/exceptions.hpp>

#include "common/error.hpp"
#include "common/platform.hpp"

namespace shmbench {

inline Error error_from_boost(const boost::interprocess::interprocess_exception& e,
                              std::string call) {
  namespace bip = boost::interprocess;
  const auto native = e.get_native_error();
  if (native != 0) {
#if defined(SHMBENCH_OS_WINDOWS)
    Error error = error_from_win32(static_cast<unsigned long>(native), std::move(call));
#else
    Error error = error_from_errno(static_cast<int>(native), std::move(call));
#endif
    // Boost knows the intent better than a bare native code does in a few cases.
    if (e.get_error_code() == bip::already_exists_error) error.kind = ErrorKind::already_exists;
    return error;
  }
  ErrorKind kind = ErrorKind::other;
  switch (e.get_error_code()) {
    case bip::already_exists_error: kind = ErrorKind::already_exists; break;
    case bip::not_found_error: kind = ErrorKind::not_found; break;
    case bip::security_error: kind = ErrorKind::access_denied; break;
    case bip::out_of_space_error:
    case bip::out_of_memory_error: kind = ErrorKind::out_of_memory; break;
    default: break;
  }
  return Error{kind, 0, std::move(call), e.what()};
}

}  // namespace shmbench
