// On Linux both posix and boost-portable objects are files in /dev/shm.
#include <dirent.h>
#include <sys/mman.h>

#include <cerrno>

#include "backends/leftovers.hpp"
#include "backends/names.hpp"

namespace shmbench {

std::vector<Leftover> find_leftovers(const std::string& prefix) {
  std::vector<Leftover> found;
  DIR* dir = ::opendir("/dev/shm");
  if (dir == nullptr) return found;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    const auto owner = owner_pid_of(name);
    if (!owner || name.rfind(prefix, 0) != 0) continue;
    found.push_back(Leftover{name, "/dev/shm/" + name, *owner});
  }
  ::closedir(dir);
  return found;
}

// /dev/shm is tmpfs, whose folders cost nothing to search however many names passed.
void tidy_object_folder() {}

Status remove_leftover(const Leftover& leftover) {
  if (::shm_unlink(("/" + leftover.name).c_str()) != 0 && errno != ENOENT) return last_os_error("shm_unlink");
  return {};
}

}  // namespace shmbench
