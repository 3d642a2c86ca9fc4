// The object and view the Linux backends built on a file descriptor share (posix,
// posix-populate, memfd, posix-huge): mmap of the whole object, munmap, close. What
// differs between them is how the fd is made and found, and how the creator gives its
// name up, which each backend's file says.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <memory>
#include <string>

#include "backends/backend.hpp"

namespace shmbench {

class FdView final : public View {
 public:
  // `length` is what was mapped: `size` rounded up to the object's page size.
  FdView(std::byte* data, std::size_t size, std::size_t length) : View(data, size), length_(length) {}
  ~FdView() override { (void)unmap(); }
  Status unmap() override {
    if (data_ == nullptr) return {};
    const int rc = ::munmap(data_, length_);
    data_ = nullptr;
    if (rc != 0) return last_os_error("munmap");
    return {};
  }

 private:
  std::size_t length_;
};

// How the creator gives its object's name up when it closes (shm_unlink, unlink of a
// link): nothing for an object opened by name.
using ReleaseName = Status (*)(const std::string& name);

class FdObject final : public SharedObject {
 public:
  struct Mapping {
    std::size_t size = 0;    // the bytes the harness uses
    std::size_t length = 0;  // the bytes mapped: size rounded up to the object's page size
    int extra_flags = 0;     // beside MAP_SHARED, e.g. MAP_POPULATE
  };
  FdObject(int fd, std::string name, Mapping mapping, ReleaseName release)
      : fd_(fd), name_(std::move(name)), mapping_(mapping), release_(release) {}
  ~FdObject() override { (void)close(); }

  Result<std::unique_ptr<View>> map() override {
    void* data = ::mmap(nullptr, mapping_.length, PROT_READ | PROT_WRITE, MAP_SHARED | mapping_.extra_flags, fd_, 0);
    if (data == MAP_FAILED) return last_os_error("mmap");
    return std::unique_ptr<View>(new FdView(static_cast<std::byte*>(data), mapping_.size, mapping_.length));
  }

  // The name goes first, so that nobody can open it once its fd may be gone.
  Status close() override {
    if (fd_ < 0) return {};
    Status status;
    if (release_ != nullptr) status = release_(name_);
    if (::close(fd_) != 0 && status.ok()) status = last_os_error("close");
    fd_ = -1;
    return status;
  }

 private:
  int fd_;
  std::string name_;
  Mapping mapping_;
  ReleaseName release_;
};

}  // namespace shmbench
