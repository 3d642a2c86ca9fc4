// On Windows Boost emulates shared_memory_object with files in a folder. Its default
// folder lookup (a boot stamp read through WMI) fails under Wine, so the build defines
// BOOST_INTERPROCESS_SHARED_DIR_FUNC and this file's folder is used instead: one fixed
// folder under %TEMP% that shmbench creates, and that its leftover scan searches, or the
// folder named by the environment variable SHMBENCH_BOOST_SHARED_DIR (scripts/wine-run.sh
// puts it on tmpfs, and says why).
#pragma once

#include <string>

namespace shmbench {

// The folder's path (created on first use). Windows only.
std::string boost_shared_dir();

// Creates the folder again if it is gone: another run may have removed it to start it
// afresh (tidy_object_folder) and not yet made it, or been killed in between. Boost does
// not create this folder itself when the program names it. Windows only.
void recreate_boost_shared_dir();

}  // namespace shmbench
