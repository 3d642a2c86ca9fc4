// On Windows only files can outlive their handles: Boost's file-emulated
// shared_memory_object, in boost_shared_dir(); win32-file's backing files, in
// file_backing_dir() (deleted on close; a machine crash could leave one); and the AF_UNIX
// socket files of the transports, in transport_folder() (named pipes die with their last
// handle). Boost's own remove() is not trusted (it fails under Wine), so leftovers are
// deleted as plain files.
#include <windows.h>

#include <algorithm>

#include "backends/boost_shared_dir.hpp"
#include "backends/leftovers.hpp"
#include "backends/names.hpp"
#include "backends/win32_file_dir.hpp"
#include "common/utf8.hpp"
#include "os/filetime.windows.hpp"

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
    found.push_back(Leftover{name, folder + "\\" + name, *owner, filetime_unix_ms(entry.ftLastWriteTime)});
  } while (FindNextFileW(search, &entry));
  FindClose(search);
}
}  // namespace

std::string transport_folder() {
  wchar_t buffer[MAX_PATH + 1];
  const DWORD length = GetTempPathW(MAX_PATH + 1, buffer);
  std::string folder = length > 0 && length <= MAX_PATH ? narrow_to_utf8(std::wstring_view(buffer, length)) : ".";
  while (folder.size() > 3 && (folder.back() == '\\' || folder.back() == '/')) folder.pop_back();
  return folder;
}

std::vector<Leftover> find_leftovers(const std::string& prefix) {
  std::vector<Leftover> found;
  add_files(boost_shared_dir(), prefix, found);
  add_files(file_backing_dir(), prefix, found);
  // Only the transports' socket files: by default win32-file's folder is this one too, and
  // its files are listed above already.
  std::vector<Leftover> files;
  add_files(transport_folder(), prefix, files);
  for (auto& file : files) {
    const bool socket = file.name.size() > 5 && file.name.compare(file.name.size() - 5, 5, "-sock") == 0;
    const bool listed = std::any_of(found.begin(), found.end(), [&](const Leftover& f) { return f.path == file.path; });
    if (socket && !listed) found.push_back(std::move(file));
  }
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

// SysV ledgers exist on Linux only.
std::vector<Leftover> spent_ledgers() { return {}; }

Status remove_leftover(const Leftover& leftover) {
  if (!DeleteFileW(widen_utf8(leftover.path).c_str()) && GetLastError() != ERROR_FILE_NOT_FOUND)
    return last_os_error("DeleteFileW");
  return {};
}

}  // namespace shmbench
