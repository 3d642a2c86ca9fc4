// POSIX shared memory: shm_open / ftruncate / mmap / munmap / close / shm_unlink.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "backends/backend.hpp"

namespace shmbench {

namespace {
// POSIX names are one path component with a leading slash.
std::string posix_name(const std::string& name) { return "/" + name; }

class PosixView final : public View {
 public:
  using View::View;
  ~PosixView() override { (void)unmap(); }
  Status unmap() override {
    if (data_ == nullptr) return {};
    int rc = ::munmap(data_, size_);
    data_ = nullptr;
    if (rc != 0) return last_os_error("munmap");
    return {};
  }
};

class PosixObject final : public SharedObject {
 public:
  PosixObject(int fd, std::string name, std::size_t size, bool owner)
      : fd_(fd), name_(std::move(name)), size_(size), owner_(owner) {}
  ~PosixObject() override { (void)close(); }

  Result<std::unique_ptr<View>> map() override {
    void* data = ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
    if (data == MAP_FAILED) return last_os_error("mmap");
    return std::unique_ptr<View>(new PosixView(static_cast<std::byte*>(data), size_));
  }

  Status close() override {
    if (fd_ < 0) return {};
    Status status;
    if (::close(fd_) != 0) status = last_os_error("close");
    fd_ = -1;
    if (owner_ && ::shm_unlink(posix_name(name_).c_str()) != 0 && status.ok())
      status = last_os_error("shm_unlink");
    return status;
  }

 private:
  int fd_;
  std::string name_;
  std::size_t size_;
  bool owner_;
};

class PosixBackend final : public Backend {
 public:
  std::string_view name() const override { return "posix"; }
  std::string_view flags() const override {
    return "shm_open(O_CREAT | O_EXCL | O_RDWR, 0600) + ftruncate, mmap(PROT_READ | PROT_WRITE, MAP_SHARED)";
  }

  Result<std::unique_ptr<SharedObject>> create(const std::string& name, std::uint64_t size) override {
    // O_EXCL: an existing object under this name is refused, never attached to.
    int fd = ::shm_open(posix_name(name).c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) return last_os_error("shm_open");
    if (::ftruncate(fd, static_cast<off_t>(size)) != 0) {
      Error error = last_os_error("ftruncate");
      ::close(fd);
      ::shm_unlink(posix_name(name).c_str());
      return error;
    }
    return std::unique_ptr<SharedObject>(new PosixObject(fd, name, size, true));
  }

  Result<std::unique_ptr<SharedObject>> open(const std::string& name, std::uint64_t size) override {
    int fd = ::shm_open(posix_name(name).c_str(), O_RDWR, 0);
    if (fd < 0) return last_os_error("shm_open");
    return std::unique_ptr<SharedObject>(new PosixObject(fd, name, size, false));
  }

  Status remove(const std::string& name) override {
    if (::shm_unlink(posix_name(name).c_str()) != 0 && errno != ENOENT)
      return last_os_error("shm_unlink");
    return {};
  }
};
}  // namespace

std::unique_ptr<Backend> make_posix_backend() { return std::make_unique<PosixBackend>(); }

}  // namespace shmbench
