#include "backends/sysv_ledger.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <mutex>

#include "backends/names.hpp"
#include "os/process.hpp"

namespace shmbench {

namespace {
constexpr std::string_view kLedgerMark = "sysv-creator-";

// The pid a ledger was made for: a child forked without exec inherits this table, and
// must make a ledger of its own (its segments carry its pid as their creator).
struct Ledger {
  long made_for = 0;
  long live_segments = 0;
};

// This process's ledgers by run prefix. Its destructor runs at a normal exit (a return
// from main or exit()), not when the process is killed: then the ledger stays for the scan.
class Ledgers {
 public:
  ~Ledgers() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [prefix, ledger] : by_prefix_)
      if (ledger.made_for == current_pid() && ledger.live_segments <= 0)
        ::shm_unlink(("/" + ledger_name(prefix)).c_str());
  }

  Status record(const std::string& prefix) {
    std::lock_guard<std::mutex> lock(mutex_);
    Ledger& ledger = by_prefix_[prefix];
    if (ledger.made_for == current_pid()) return {};
    const int fd = ::shm_open(("/" + ledger_name(prefix)).c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
    // One already there is this pid's from before (a reused pid): it names this creator too.
    if (fd < 0 && errno != EEXIST) return last_os_error("shm_open(SysV creator ledger)");
    if (fd >= 0) ::close(fd);
    ledger = Ledger{current_pid(), 0};
    return {};
  }

  void count(const std::string& prefix, int change) {
    std::lock_guard<std::mutex> lock(mutex_);
    by_prefix_[prefix].live_segments += change;
  }

 private:
  static std::string ledger_name(const std::string& prefix) {
    return prefix + std::string(kLedgerMark) + std::to_string(current_pid());
  }

  std::mutex mutex_;
  std::map<std::string, Ledger> by_prefix_;
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

void count_sysv_segment(const std::string& name, int change) {
  const std::string prefix = run_prefix_of(name);
  if (!prefix.empty()) ledgers().count(prefix, change);
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
