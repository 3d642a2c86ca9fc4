// On Linux the posix and boost-portable objects are files in /dev/shm, and so are the
// links that name memfd and posix-huge objects (memfd_link.hpp). SysV segments (sysv)
// have no name: the scan finds those with shmbench's key tag (sysv_key.hpp) that nobody
// has attached and whose creator is gone.
#include <dirent.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "backends/leftovers.hpp"
#include "backends/names.hpp"
#include "backends/sysv_key.hpp"
#include "os/process.hpp"

namespace shmbench {

namespace {
constexpr const char* kSysvPath = "SysV segment ";

// /proc/sysvipc/shm: "key shmid perms size cpid lpid nattch uid ...", one segment a line.
void add_sysv_orphans(std::vector<Leftover>& found) {
  std::ifstream in("/proc/sysvipc/shm");
  std::string line;
  std::getline(in, line);  // the heading
  while (std::getline(in, line)) {
    long long key = 0, id = 0, size = 0, creator = 0, last = 0, attached = 0, uid = 0;
    unsigned perms = 0;
    if (std::sscanf(line.c_str(), "%lld %lld %o %lld %lld %lld %lld %lld", &key, &id, &perms, &size, &creator, &last,
                    &attached, &uid) != 8)
      continue;
    if (!is_sysv_key_of_ours(key) || uid != static_cast<long long>(::getuid()) || attached != 0 ||
        process_alive(static_cast<long>(creator)))
      continue;
    char key_text[16];
    std::snprintf(key_text, sizeof key_text, "%08x", static_cast<unsigned>(key));
    found.push_back(Leftover{std::string("sysv-key-") + key_text,
                             kSysvPath + std::to_string(id) + " (key 0x" + key_text + ")", static_cast<long>(creator)});
  }
}
}  // namespace

std::vector<Leftover> find_leftovers(const std::string& prefix) {
  std::vector<Leftover> found;
  DIR* dir = ::opendir("/dev/shm");
  if (dir != nullptr) {
    while (const dirent* entry = ::readdir(dir)) {
      const std::string name = entry->d_name;
      const auto owner = owner_pid_of(name);
      if (!owner || name.rfind(prefix, 0) != 0) continue;
      found.push_back(Leftover{name, "/dev/shm/" + name, *owner});
    }
    ::closedir(dir);
  }
  // Segments carry no run's name, so only a search for every shmbench object finds them.
  if (std::string(kNamePrefix).rfind(prefix, 0) == 0) add_sysv_orphans(found);
  return found;
}

// /dev/shm is tmpfs, whose folders cost nothing to search however many names passed.
void tidy_object_folder() {}

Status remove_leftover(const Leftover& leftover) {
  if (leftover.path.rfind(kSysvPath, 0) == 0) {
    const int id = std::atoi(leftover.path.c_str() + std::char_traits<char>::length(kSysvPath));
    if (::shmctl(id, IPC_RMID, nullptr) != 0 && errno != EINVAL && errno != EIDRM) return last_os_error("shmctl(IPC_RMID)");
    return {};
  }
  // Also removes a memfd's link: shm_unlink unlinks /dev/shm/<name> whatever it is.
  if (::shm_unlink(("/" + leftover.name).c_str()) != 0 && errno != ENOENT) return last_os_error("shm_unlink");
  return {};
}

}  // namespace shmbench
