// On Windows only files can outlive their handles: Boost's file-emulated
// shared_memory_object, in boost_shared_dir(), and win32-file's backing files, in
// file_backing_dir() (deleted on close; a machine crash could leave one). Boost's own
// remove() is not trusted (it fails under Wine), so leftovers are deleted as plain files.
#include <windows.h>

#include "backends/boost_shared_dir.hpp"
#include "backends/leftovers.hpp"
#include "backends/names.hpp"
#include "backends/win32_file_dir.hpp"
#include "common/utf8.hpp"

namespace shmbench {

namespace {
void add_files(const std::string& folder, const std::string& prefix, std::vector<Leftover>& found) {
  WIN32_FIND_DATAW entry;
  HANDLE search = FindFirstFileW(widen_utf8(folder + "\\*").c_str(), &entry);
  if (search == INVALID_HANDLE_VALUE) return;
  do {
    const std::string name = narrow_to_utf8(entry.cFileName);
    const auto owner = owner_pid_of(name);
    if (!owner || name.rfind(prefix, 0) != 0 || (entry.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0) continue;
    found.push_back(Leftover{name, folder + "\\" + name, *owner});
  } while (FindNextFileW(search, &entry));
  FindClose(search);
}
}  // namespace

std::vector<Leftover> find_leftovers(const std::string& prefix) {
  std::vector<Leftover> found;
  add_files(boost_shared_dir(), prefix, found);
  add_files(file_backing_dir(), prefix, found);
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
