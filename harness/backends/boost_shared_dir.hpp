// On Windows Boost emulates shared_memory_object with files in a folder. Its default
// folder lookup (a boot stamp read through WMI) fails under Wine, so the build defines
// BOOST_INTERPROCESS_SHARED_DIR_FUNC and this file's folder is used instead: one fixed
// folder under %TEMP% that shmbench creates, and that its leftover scan searches.
#pragma once

#include <string>

namespace shmbench {

// The folder's path (created on first use). Windows only.
std::string boost_shared_dir();

}  // namespace shmbench
