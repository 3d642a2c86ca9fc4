// The folder win32-file puts its backing files in: the one `shmbench run --file-dir DIR`
// names (passed to the workers, and to later runs' leftover scans, in the environment
// variable SHMBENCH_FILE_DIR), %TEMP% otherwise. Windows only.
#pragma once

#include <string>

namespace shmbench {

inline constexpr const char* kFileDirVariable = "SHMBENCH_FILE_DIR";

// The folder, as UTF-8, without a trailing separator.
std::string file_backing_dir();

}  // namespace shmbench
