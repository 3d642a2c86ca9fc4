// On Windows only Boost's file-emulated shared_memory_object can outlive its handles:
// its files sit in boost_shared_dir(). Boost's own remove() is not trusted (it fails
// under Wine), so leftovers are deleted as plain files.
#include <windows.h>

#include "backends/boost_shared_dir.hpp"
#include "backends/leftovers.hpp"
#include "backends/names.hpp"

namespace shmbench {

std::vector<Leftover> find_leftovers(const std::string& prefix) {
  std::vector<Leftover> found;
  const std::string folder = boost_shared_dir();
  WIN32_FIND_DATAA entry;
  HANDLE search = FindFirstFileA((folder + "\\*").c_str(), &entry);
  if (search == INVALID_HANDLE_VALUE) return found;
  do {
    const std::string name = entry.cFileName;
    const auto owner = owner_pid_of(name);
    if (!owner || name.rfind(prefix, 0) != 0) continue;
    found.push_back(Leftover{name, folder + "\\" + name, *owner});
  } while (FindNextFileA(search, &entry));
  FindClose(search);
  return found;
}

Status remove_leftover(const Leftover& leftover) {
  if (!DeleteFileA(leftover.path.c_str()) && GetLastError() != ERROR_FILE_NOT_FOUND)
    return last_os_error("DeleteFileA");
  return {};
}

}  // namespace shmbench
