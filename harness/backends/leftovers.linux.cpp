// On Linux both posix and boost-portable objects are files in /dev/shm; the transports'
// FIFOs and socket files live in transport_folder(), their message queues in the mqueue
// file system (listed only where /dev/mqueue is mounted; a queue is removed by name).
#include <dirent.h>
#include <mqueue.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "backends/leftovers.hpp"
#include "backends/names.hpp"

namespace shmbench {

namespace {
constexpr const char* kShmFolder = "/dev/shm";
constexpr const char* kQueueFolder = "/dev/mqueue";

// Ours in `folder`; `keep` says which directory entries count (by their stat).
template <typename Keep>
void scan(const std::string& folder, const std::string& prefix, Keep keep, std::vector<Leftover>& found) {
  DIR* dir = ::opendir(folder.c_str());
  if (dir == nullptr) return;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    const auto owner = owner_pid_of(name);
    if (!owner || name.rfind(prefix, 0) != 0) continue;
    const std::string path = folder + "/" + name;
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0 || !keep(info)) continue;
    found.push_back(Leftover{name, path, *owner});
  }
  ::closedir(dir);
}
}  // namespace

std::string transport_folder() {
  // An AF_UNIX socket's path holds at most 107 bytes: leave room for the name.
  const char* tmp = std::getenv("TMPDIR");
  if (tmp != nullptr && tmp[0] == '/' && std::string(tmp).size() <= 60) {
    std::string folder = tmp;
    while (folder.size() > 1 && folder.back() == '/') folder.pop_back();
    return folder;
  }
  return "/tmp";
}

std::vector<Leftover> find_leftovers(const std::string& prefix) {
  std::vector<Leftover> found;
  scan(kShmFolder, prefix, [](const struct stat&) { return true; }, found);
  scan(transport_folder(), prefix, [](const struct stat& s) { return S_ISFIFO(s.st_mode) || S_ISSOCK(s.st_mode); }, found);
  scan(kQueueFolder, prefix, [](const struct stat&) { return true; }, found);
  return found;
}

// /dev/shm is tmpfs, whose folders cost nothing to search however many names passed.
void tidy_object_folder() {}

Status remove_leftover(const Leftover& leftover) {
  const auto in = [&](const char* folder) { return leftover.path.rfind(std::string(folder) + "/", 0) == 0; };
  if (in(kShmFolder)) {
    if (::shm_unlink(("/" + leftover.name).c_str()) != 0 && errno != ENOENT) return last_os_error("shm_unlink");
  } else if (in(kQueueFolder)) {
    if (::mq_unlink(("/" + leftover.name).c_str()) != 0 && errno != ENOENT) return last_os_error("mq_unlink");
  } else if (::unlink(leftover.path.c_str()) != 0 && errno != ENOENT) {
    return last_os_error("unlink");
  }
  return {};
}

}  // namespace shmbench
