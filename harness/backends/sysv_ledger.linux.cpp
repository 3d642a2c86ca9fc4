#include "backends/sysv_ledger.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>

#include "backends/names.hpp"
#include "os/process.hpp"

namespace shmbench {

namespace {
constexpr std::string_view kLedgerMark = "sysv-creator-";

// Whether a segment this process created is still there. (Read once, at exit: nothing is
// counted on the timed create and close.)
bool created_a_live_segment(long pid) {
  for (const SysvSegment& segment : sysv_segments())
    if (segment.creator == pid) return true;
  return false;
}

// This process's ledgers by run prefix, with the pid each was made for: a child forked
// without exec inherits this table and must make a ledger of its own (its segments carry
// its pid as their creator). The destructor runs at a normal exit (a return from main or
// exit()), not when the process is killed: then the ledger stays for the scan.
class Ledgers {
 public:
  ~Ledgers() {
    std::lock_guard<std::mutex> lock(mutex_);
    const long pid = current_pid();
    if (created_a_live_segment(pid)) return;
    for (const auto& [prefix, made_for] : made_for_)
      if (made_for == pid) ::shm_unlink(("/" + ledger_name(prefix)).c_str());
  }

  Status record(const std::string& prefix) {
    std::lock_guard<std::mutex> lock(mutex_);
    long& made_for = made_for_[prefix];
    if (made_for == current_pid()) return {};
    const int fd = ::shm_open(("/" + ledger_name(prefix)).c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
    // One already there is this pid's from before (a reused pid): it names this creator too.
    if (fd < 0 && errno != EEXIST) return last_os_error("shm_open(SysV creator ledger)");
    if (fd >= 0) ::close(fd);
    made_for = current_pid();
    return {};
  }

 private:
  static std::string ledger_name(const std::string& prefix) {
    return prefix + std::string(kLedgerMark) + std::to_string(current_pid());
  }

  std::mutex mutex_;
  std::map<std::string, long> made_for_;
};

Ledgers& ledgers() {
  static Ledgers instance;
  return instance;
}
}  // namespace

std::string run_prefix_of(std::string_view name) {
  if (!owner_pid_of(name)) return {};
  // "shmbench-", the pid's digits, "-", the 8-digit token, "-" (owner_pid_of checked the shape).
  const std::size_t pid_end = name.find('-', kNamePrefix.size());
  return std::string(name.substr(0, pid_end + 1 + 9));
}

Status record_sysv_creator(const std::string& name) {
  const std::string prefix = run_prefix_of(name);
  if (prefix.empty()) return {};
  return ledgers().record(prefix);
}

std::vector<SysvSegment> sysv_segments() {
  std::vector<SysvSegment> segments;
  std::ifstream in("/proc/sysvipc/shm");
  std::string line;
  std::getline(in, line);  // the heading
  while (std::getline(in, line)) {
    SysvSegment s;
    long long size = 0, last = 0;
    unsigned perms = 0;
    if (std::sscanf(line.c_str(), "%lld %lld %o %lld %lld %lld %lld %lld", &s.key, &s.id, &perms, &size, &s.creator,
                    &last, &s.attached, &s.uid) == 8)
      segments.push_back(s);
  }
  return segments;
}

std::optional<long> sysv_ledger_creator(std::string_view file_name) {
  const std::string prefix = run_prefix_of(file_name);
  if (prefix.empty()) return std::nullopt;
  std::string_view rest = file_name.substr(prefix.size());
  if (rest.substr(0, kLedgerMark.size()) != kLedgerMark) return std::nullopt;
  rest.remove_prefix(kLedgerMark.size());
  if (rest.empty() || rest.size() > 10) return std::nullopt;
  long long pid = 0;
  for (char c : rest) {
    if (c < '0' || c > '9') return std::nullopt;
    pid = pid * 10 + (c - '0');
  }
  if (pid <= 0 || pid > 0x7fffffffLL) return std::nullopt;
  return static_cast<long>(pid);
}

}  // namespace shmbench
