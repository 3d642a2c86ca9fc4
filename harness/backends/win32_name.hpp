// Kernel object names for the Win32 backends: the per-session "Local\" namespace by
// default, so no SeCreateGlobalPrivilege is needed; "Global\" only when a run asks for
// it (shmbench run --global, see names.hpp's NameScope).
#pragma once

#include <string>

#include "backends/names.hpp"
#include "common/error.hpp"
#include "common/platform.hpp"

namespace shmbench {

inline std::string win32_namespace() { return name_scope() == NameScope::global ? "Global\\" : "Local\\"; }

inline std::wstring win32_object_name(const std::string& name) {
  // Names are ASCII (see names.hpp), so widening byte by byte is exact.
  const std::string full = win32_namespace() + name;
  return std::wstring(full.begin(), full.end());
}

inline std::string win32_object_name_narrow(const std::string& name) { return win32_namespace() + name; }

// A Win32 backend's flags() text: how it creates its section, the namespace its names are
// in (which --global changes), and what it does after that.
inline std::string win32_flags(const char* creation, const char* mapping) {
  return std::string(creation) + ", " + win32_namespace() + " names, " + mapping;
}

#if defined(SHMBENCH_OS_WINDOWS)
// Creates and closes a one-page section called `name` in the current namespace: the
// system's refusal (e.g. access_denied for Global\ without SeCreateGlobalPrivilege) as an
// Error, before a run depends on it. Implemented in win32.cpp.
Status probe_win32_namespace(const std::string& name);
#endif

}  // namespace shmbench
