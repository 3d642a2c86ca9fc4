// memfd_create objects have no name another process can open, only an fd. The memfd and
// posix-huge backends give one a name: the creator puts a symbolic link in /dev/shm,
// under the object's name, to its own fd, "/proc/<creator pid>/fd/<n>"; a reader's
// open("/dev/shm/<name>") follows it, and the kernel reopens the creator's memfd (a new
// open file description of the same memory).
//
// Why /proc/<pid>/fd/<n> and not pidfd_getfd(2): pidfd_getfd needs ptrace-attach rights
// over the creator (PTRACE_MODE_ATTACH_REALCREDS), which Yama's default
// kernel.yama.ptrace_scope = 1 refuses between two siblings such as the writer and the
// reader, and it needs the creator's pid and fd number passed over some other channel
// and two calls (pidfd_open, pidfd_getfd). Opening /proc/<pid>/fd/<n> needs only
// ptrace-read rights (a process of the same user), which Yama leaves alone, and the link
// in /dev/shm is the channel: one open() by name, as shm_open is, whose lookup in
// /dev/shm is the same as posix's, so `open` compares the procfs reopen with shm_open's.
//
// The link is the only thing that can outlive a crashed creator (its fd dies with it):
// it sits among the posix objects in /dev/shm, and the leftover scan removes it by name.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "backends/backend.hpp"
#include "backends/fd_object.hpp"
#include "common/error.hpp"

namespace shmbench {

// memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING | `extra_flags`), ftruncate to
// `length`, sealed against growing and shrinking (F_SEAL_SHRINK | F_SEAL_GROW |
// F_SEAL_SEAL: a reader can trust the size it maps), then linked as /dev/shm/<name>; an
// existing name is refused (already_exists), never replaced. Returns the fd.
Result<int> create_linked_memfd(const std::string& name, std::uint64_t length, unsigned extra_flags);

// open("/dev/shm/<name>", O_RDWR) through the link, and a check that what it reached is a
// sealed memfd (F_GET_SEALS): anything else is refused. Returns the fd.
Result<int> open_linked_memfd(const std::string& name);

// Removes the link (the memory dies with the last fd and mapping): the creator's close.
Status unlink_memfd_link(const std::string& name);
// The same for Backend::remove, where the name may never have been made (ENOENT is ok).
Status remove_memfd_link(const std::string& name);

// The backends whose objects are linked memfds (memfd, posix-huge): create, open and
// remove are the same for both but for memfd_create's flags, which each passes in. Sizes
// are rounded up to large_page_size() where a backend has one.
class LinkedMemfdBackend : public Backend {
 public:
  explicit LinkedMemfdBackend(unsigned memfd_flags) : memfd_flags_(memfd_flags) {}
  Result<std::unique_ptr<SharedObject>> create(const std::string& name, std::uint64_t size) override {
    Result<int> fd = create_linked_memfd(name, allocation_size(size), memfd_flags_);
    if (!fd.ok()) return fd.error();
    return object(fd.value(), name, size, &unlink_memfd_link);
  }
  Result<std::unique_ptr<SharedObject>> open(const std::string& name, std::uint64_t size) override {
    Result<int> fd = open_linked_memfd(name);
    if (!fd.ok()) return fd.error();
    return object(fd.value(), name, size, nullptr);
  }
  Status remove(const std::string& name) override { return remove_memfd_link(name); }

 private:
  std::unique_ptr<SharedObject> object(int fd, const std::string& name, std::uint64_t size, ReleaseName release) const {
    return std::unique_ptr<SharedObject>(new FdObject(
        fd, name, {static_cast<std::size_t>(size), static_cast<std::size_t>(allocation_size(size)), 0}, release));
  }

  unsigned memfd_flags_;
};

}  // namespace shmbench
