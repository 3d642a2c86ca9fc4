#include "common/utf8.hpp"

namespace shmbench {

#if defined(SHMBENCH_OS_WINDOWS)
std::filesystem::path path_from_utf8(std::string_view utf8) { return std::filesystem::path(widen_utf8(utf8)); }
std::string utf8_from_path(const std::filesystem::path& path) { return narrow_to_utf8(path.native()); }
#else
// The native encoding is bytes: a path is whatever its text is.
std::filesystem::path path_from_utf8(std::string_view utf8) { return std::filesystem::path(std::string(utf8)); }
std::string utf8_from_path(const std::filesystem::path& path) { return path.native(); }
#endif

}  // namespace shmbench
