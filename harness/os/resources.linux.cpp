#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/resource.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "os/resources.hpp"

namespace shmbench {

ResourceCounts count_resources() {
  ResourceCounts counts;
  if (DIR* dir = ::opendir("/proc/self/fd")) {
    long entries = 0;
    while (const dirent* entry = ::readdir(dir))
      if (entry->d_name[0] != '.') ++entries;
    ::closedir(dir);
    counts.handles = entries - 1;  // the descriptor opendir itself holds
  }
  std::ifstream maps("/proc/self/maps");
  if (maps) {
    long shared = 0;
    std::string line;
    // "start-end perms offset dev inode path": perms is e.g. "rw-s" for MAP_SHARED.
    while (std::getline(maps, line)) {
      const auto space = line.find(' ');
      if (space != std::string::npos && space + 4 < line.size() && line[space + 4] == 's') ++shared;
    }
    counts.shared_mappings = shared;
  }
  return counts;
}

long raise_open_file_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    (void)::setrlimit(RLIMIT_NOFILE, &limit);
    (void)::getrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur == RLIM_INFINITY ? -1 : static_cast<long>(limit.rlim_cur);
}

namespace {
sigjmp_buf touch_escape;
volatile sig_atomic_t touching = 0;

void on_sigbus(int) {
  if (touching) siglongjmp(touch_escape, 1);
  ::signal(SIGBUS, SIG_DFL);
  ::raise(SIGBUS);
}
}  // namespace

bool touch_pages(std::byte* data, std::size_t size, std::size_t page_size, std::string& fault) {
  struct sigaction action{}, previous{};
  action.sa_handler = on_sigbus;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGBUS, &action, &previous);
  volatile std::size_t offset = 0;
  bool ok = true;
  if (sigsetjmp(touch_escape, 1) == 0) {
    touching = 1;
    for (; offset < size; offset = offset + page_size) data[offset] = std::byte{1};
  } else {
    ok = false;
    fault = "SIGBUS on first touch at offset " + std::to_string(offset) + " (the backing store is full)";
  }
  touching = 0;
  ::sigaction(SIGBUS, &previous, nullptr);
  return ok;
}

}  // namespace shmbench
