// On Windows only Boost's file-emulated shared_memory_object can outlive its handles:
// its files sit in boost_shared_dir(). Boost's own remove() is not trusted (it fails
// under Wine), so leftovers are deleted as plain files.
#include <windows.h>

#include "backends/boost_shared_dir.hpp"
#include "backends/leftovers.hpp"
#include "backends/names.hpp"
#include "common/utf8.hpp"

namespace shmbench {

std::vector<Leftover> find_leftovers(const std::string& prefix) {
  std::vector<Leftover> found;
  const std::string folder = boost_shared_dir();
  WIN32_FIND_DATAW entry;
  HANDLE search = FindFirstFileW(widen_utf8(folder + "\\*").c_str(), &entry);
  if (search == INVALID_HANDLE_VALUE) return found;
  do {
    const std::string name = narrow_to_utf8(entry.cFileName);
    const auto owner = owner_pid_of(name);
    if (!owner || name.rfind(prefix, 0) != 0) continue;
    found.push_back(Leftover{name, folder + "\\" + name, *owner});
  } while (FindNextFileW(search, &entry));
  FindClose(search);
  return found;
}

// Wine finds a file by reading its whole folder (Windows names ignore case; Linux's do
// not), and an ext4 folder never shrinks once many files have passed through it. After a
// micro-benchmark run had left this folder at 200 KB (empty), one boost-portable create
// of 4 KiB took 1.0 ms instead of 0.1 ms, and creates grew from run to run. So a run
// starts from a fresh folder when the old one is empty. RemoveDirectory refuses a folder
// that still holds files, so another run's objects are never touched.
void tidy_object_folder() {
  const std::wstring folder = widen_utf8(boost_shared_dir());
  if (RemoveDirectoryW(folder.c_str())) CreateDirectoryW(folder.c_str(), nullptr);
}

Status remove_leftover(const Leftover& leftover) {
  if (!DeleteFileW(widen_utf8(leftover.path).c_str()) && GetLastError() != ERROR_FILE_NOT_FOUND)
    return last_os_error("DeleteFileW");
  return {};
}

}  // namespace shmbench
