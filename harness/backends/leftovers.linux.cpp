// On Linux the posix and boost-portable objects are files in /dev/shm, and so are the
// links that name memfd and posix-huge objects (memfd_link.hpp). SysV segments (sysv)
// have no name: the scan finds those with shmbench's key tag (sysv_key.hpp) that nobody
// has attached, whose creator is gone, and whose creator a run's ledger names
// (sysv_ledger.hpp). The transports' FIFOs and socket files live in /dev/shm too
// (transport_folder()), their message queues in the mqueue file system (listed where
// /dev/mqueue is mounted; everywhere, their marker in /dev/shm names them: leftovers.hpp).
#include <dirent.h>
#include <mqueue.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>

#include "backends/leftovers.hpp"
#include "backends/names.hpp"
#include "backends/sysv_key.hpp"
#include "backends/sysv_ledger.hpp"
#include "os/process.hpp"

namespace shmbench {

namespace {
constexpr const char* kShmFolder = "/dev/shm";
constexpr const char* kQueueFolder = "/dev/mqueue";
constexpr const char* kSysvPath = "SysV segment ";

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
    const std::int64_t changed = std::int64_t{info.st_mtim.tv_sec} * 1000 + info.st_mtim.tv_nsec / 1'000'000;
    found.push_back(Leftover{name, path, *owner, changed});
  }
  ::closedir(dir);
}

// A ledger (sysv_ledger.hpp) by the creator pid it names.
using LedgersByCreator = std::map<long, Leftover>;

// A segment (sysv_segments) is taken for a leftover of the run whose ledger names its
// creator; it then carries that run's prefix in its name, and its controller as its owner.
// Returns the ledgers' creators that have any segment still there (listed, or attached).
std::set<long> add_sysv_orphans(const LedgersByCreator& ledgers, std::vector<Leftover>& found) {
  std::set<long> with_segments;
  if (ledgers.empty()) return with_segments;
  for (const SysvSegment& segment : sysv_segments()) {
    const auto ledger = ledgers.find(static_cast<long>(segment.creator));
    if (!is_sysv_key_of_ours(segment.key) || segment.uid != static_cast<long long>(::getuid()) ||
        ledger == ledgers.end())
      continue;
    with_segments.insert(ledger->first);
    if (segment.attached != 0 || process_alive_since(ledger->first, ledger->second.changed_unix_ms)) continue;
    char key_text[16];
    std::snprintf(key_text, sizeof key_text, "%08x", static_cast<unsigned>(segment.key));
    found.push_back(Leftover{run_prefix_of(ledger->second.name) + "sysv-key-" + key_text,
                             kSysvPath + std::to_string(segment.id) + " (key 0x" + key_text + ")",
                             ledger->second.owner_pid, ledger->second.changed_unix_ms});
  }
  return with_segments;
}
}  // namespace

// Beside the mappings: a crashed run's FIFOs and socket files are then found by the one
// scan of /dev/shm, whatever $TMPDIR the run and the later `clean` had. (In $TMPDIR, a
// `clean` with another one never saw them.) tmpfs takes FIFOs and sockets; their data
// never touches the file.
std::string transport_folder() { return kShmFolder; }

std::vector<Leftover> find_leftovers(const std::string& prefix) {
  std::vector<Leftover> in_shm, found;
  scan(kShmFolder, prefix, [](const struct stat&) { return true; }, in_shm);
  // Ledgers are bookkeeping, not objects: they only say whose segments are shmbench's.
  LedgersByCreator ledgers;
  for (auto& leftover : in_shm) {
    if (const auto creator = sysv_ledger_creator(leftover.name)) ledgers.emplace(*creator, std::move(leftover));
    else found.push_back(std::move(leftover));
  }
  (void)add_sysv_orphans(ledgers, found);
  // The transports' FIFOs and socket files are in /dev/shm too (transport_folder), listed above.
  scan(kQueueFolder, prefix, [](const struct stat&) { return true; }, found);
  return found;
}

std::vector<Leftover> spent_ledgers() {
  std::vector<Leftover> in_shm, spent;
  scan(kShmFolder, std::string(kNamePrefix), [](const struct stat&) { return true; }, in_shm);
  LedgersByCreator ledgers;
  for (auto& leftover : in_shm)
    if (const auto creator = sysv_ledger_creator(leftover.name);
        creator && !process_alive_since(*creator, leftover.changed_unix_ms))
      ledgers.emplace(*creator, std::move(leftover));
  // A creator with a segment still there keeps its ledger, until the segment is gone.
  std::vector<Leftover> segments;
  const std::set<long> with_segments = add_sysv_orphans(ledgers, segments);
  for (auto& [creator, ledger] : ledgers)
    if (with_segments.count(creator) == 0) spent.push_back(std::move(ledger));
  return spent;
}

// /dev/shm is tmpfs, whose folders cost nothing to search however many names passed.
void tidy_object_folder() {}

Status remove_leftover(const Leftover& leftover) {
  if (leftover.path.rfind(kSysvPath, 0) == 0) {
    const int id = std::atoi(leftover.path.c_str() + std::char_traits<char>::length(kSysvPath));
    if (::shmctl(id, IPC_RMID, nullptr) != 0 && errno != EINVAL && errno != EIDRM) return last_os_error("shmctl(IPC_RMID)");
    return {};
  }
  const auto in = [&](const char* folder) { return leftover.path.rfind(std::string(folder) + "/", 0) == 0; };
  if (in(kShmFolder)) {
    const std::string& name = leftover.name;
    const std::size_t marker = name.size() - std::min(name.size(), kMessageQueueMarker.size());
    if (name.compare(marker, std::string::npos, kMessageQueueMarker) == 0) {
      const std::string base = "/" + name.substr(0, marker);
      for (const char* queue : {"-to-reader", "-to-writer"})
        if (::mq_unlink((base + queue).c_str()) != 0 && errno != ENOENT) return last_os_error("mq_unlink");
    }
    // Also removes a memfd's link: shm_unlink unlinks /dev/shm/<name> whatever it is.
    if (::shm_unlink(("/" + leftover.name).c_str()) != 0 && errno != ENOENT) return last_os_error("shm_unlink");
  } else if (in(kQueueFolder)) {
    if (::mq_unlink(("/" + leftover.name).c_str()) != 0 && errno != ENOENT) return last_os_error("mq_unlink");
  } else if (::unlink(leftover.path.c_str()) != 0 && errno != ENOENT) {
    return last_os_error("unlink");
  }
  return {};
}

}  // namespace shmbench
