// System V shared memory: shmget(key, size, IPC_CREAT | IPC_EXCL | 0600) / shmget(key) /
// shmat / shmdt / shmctl(IPC_RMID). The key comes from the name (sysv_key.hpp). Unlike
// tmpfs objects, a segment is charged to the commit charge in full when it is created
// (no SHM_NORESERVE), and IPC_RMID destroys it only when the last process detaches.
//
// A segment has no fd or handle: "open" finds its id by key, and a reader's close has
// nothing to release. The creator's close marks it for removal (IPC_RMID), after which
// its key no longer finds it. A segment whose creator died before that is found by the
// leftover scan (leftovers.linux.cpp: our key tag, nobody attached, its creator gone, and
// a ledger naming that creator: sysv_ledger.hpp says why the tag is not enough).
#include <sys/ipc.h>
#include <sys/shm.h>

#include <cerrno>
#include <string>

#include "backends/backend.hpp"
#include "backends/sysv_key.hpp"
#include "backends/sysv_ledger.hpp"

namespace shmbench {

namespace {
class SysvView final : public View {
 public:
  using View::View;
  ~SysvView() override { (void)unmap(); }
  Status unmap() override {
    if (data_ == nullptr) return {};
    const int rc = ::shmdt(data_);
    data_ = nullptr;
    if (rc != 0) return last_os_error("shmdt");
    return {};
  }
};

class SysvObject final : public SharedObject {
 public:
  SysvObject(int id, std::size_t size, bool owner) : id_(id), size_(size), owner_(owner) {}
  ~SysvObject() override { (void)close(); }

  Result<std::unique_ptr<View>> map() override {
    if (id_ < 0) return Error{ErrorKind::invalid_argument, 0, "shmat", "closed"};
    void* data = ::shmat(id_, nullptr, 0);
    if (data == reinterpret_cast<void*>(-1)) return last_os_error("shmat");
    return std::unique_ptr<View>(new SysvView(static_cast<std::byte*>(data), size_));
  }

  Status close() override {
    if (id_ < 0) return {};
    const int id = id_;
    id_ = -1;
    if (owner_ && ::shmctl(id, IPC_RMID, nullptr) != 0) return last_os_error("shmctl(IPC_RMID)");
    return {};
  }

 private:
  int id_;
  std::size_t size_;
  bool owner_;
};

class SysvBackend final : public Backend {
 public:
  std::string_view name() const override { return "sysv"; }
  std::string_view flags() const override {
    return "shmget(key from the name, IPC_CREAT | IPC_EXCL | 0600), shmat(0), shmdt, shmctl(IPC_RMID) by the creator";
  }
  Charge commit_charge() const override { return Charge::at_create; }

  Result<std::unique_ptr<SharedObject>> create(const std::string& name, std::uint64_t size) override {
    // The create is timed whole: after this backend's first create of a run, one
    // comparison of the name's start. The first makes the ledger (a file create, a few
    // microseconds), which the lifecycle suites do in each new writer's warm-up round.
    if (recorded_prefix_.empty() || name.compare(0, recorded_prefix_.size(), recorded_prefix_) != 0) {
      Status recorded = record_sysv_creator(name);
      if (!recorded.ok()) return recorded.error();
      recorded_prefix_ = run_prefix_of(name);
    }
    const int id = ::shmget(sysv_key(name), static_cast<std::size_t>(size), IPC_CREAT | IPC_EXCL | 0600);
    if (id < 0) return last_os_error("shmget(IPC_CREAT | IPC_EXCL)");
    return std::unique_ptr<SharedObject>(new SysvObject(id, static_cast<std::size_t>(size), true));
  }

  Result<std::unique_ptr<SharedObject>> open(const std::string& name, std::uint64_t size) override {
    // A size larger than the segment's is refused (EINVAL): what was created is checked.
    const int id = ::shmget(sysv_key(name), static_cast<std::size_t>(size), 0600);
    if (id < 0) return last_os_error("shmget");
    return std::unique_ptr<SharedObject>(new SysvObject(id, static_cast<std::size_t>(size), false));
  }

  Status remove(const std::string& name) override {
    const int id = ::shmget(sysv_key(name), 0, 0600);
    if (id < 0) return errno == ENOENT ? Status{} : Status{last_os_error("shmget")};
    if (::shmctl(id, IPC_RMID, nullptr) != 0) return last_os_error("shmctl(IPC_RMID)");
    return {};
  }

 private:
  std::string recorded_prefix_;  // the run whose ledger this backend has made ("": none yet)
};
}  // namespace

std::unique_ptr<Backend> make_sysv_backend() { return std::make_unique<SysvBackend>(); }

}  // namespace shmbench
