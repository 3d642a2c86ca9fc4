// Kernel object names for the Win32 backends: per-session "Local\" namespace, so no
// SeCreateGlobalPrivilege is needed.
#pragma once

#include <string>

namespace shmbench {

inline std::wstring win32_object_name(const std::string& name) {
  // Names are ASCII (see names.hpp), so widening byte by byte is exact.
  return L"Local\\" + std::wstring(name.begin(), name.end());
}

inline std::string win32_object_name_narrow(const std::string& name) { return "Local\\" + name; }

}  // namespace shmbench
