// shmbench keeps all text as UTF-8 in std::string, paths included, on every platform.
// On Windows the narrow encoding of the C runtime and of std::filesystem::path(string)
// is the ANSI code page (or, under MinGW's libstdc++, one byte per character), so a
// path such as C:\Users\José\… would change on its way to the file system. Every path
// that reaches the file system goes through path_from_utf8, and every path that becomes
// text (a message, a report, a child's command line) through utf8_from_path.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/platform.hpp"

namespace shmbench {

std::filesystem::path path_from_utf8(std::string_view utf8);
std::string utf8_from_path(const std::filesystem::path& path);

#if defined(SHMBENCH_OS_WINDOWS)
// UTF-8 ↔ UTF-16 for the wide Win32 calls. Invalid input is replaced (U+FFFD), never
// dropped: a name that cannot be converted must still fail loudly where it is used.
std::wstring widen_utf8(std::string_view utf8);
std::string narrow_to_utf8(std::wstring_view wide);
#endif

}  // namespace shmbench
