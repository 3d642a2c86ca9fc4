// POSIX shared memory: shm_open / ftruncate / mmap / munmap / close / shm_unlink, and its
// variant posix-populate, which maps with MAP_POPULATE: the pages are faulted in by the
// map call instead of by the first touch (the prefault flag; win32-prefetch is Windows').
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "backends/backend.hpp"
#include "backends/fd_object.hpp"

namespace shmbench {

namespace {
// POSIX names are one path component with a leading slash.
std::string posix_name(const std::string& name) { return "/" + name; }

Status unlink_posix_name(const std::string& name) {
  if (::shm_unlink(posix_name(name).c_str()) != 0) return last_os_error("shm_unlink");
  return {};
}

class PosixBackend final : public Backend {
 public:
  explicit PosixBackend(bool populate) : populate_(populate) {}
  std::string_view name() const override { return populate_ ? "posix-populate" : "posix"; }
  std::string_view flags() const override {
    return populate_ ? "shm_open(O_CREAT | O_EXCL | O_RDWR, 0600) + ftruncate, "
                       "mmap(PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE)"
                     : "shm_open(O_CREAT | O_EXCL | O_RDWR, 0600) + ftruncate, mmap(PROT_READ | PROT_WRITE, MAP_SHARED)";
  }
  // tmpfs charges a page when it is allocated: by the first write, or by MAP_POPULATE.
  Charge commit_charge() const override { return populate_ ? Charge::at_map : Charge::at_first_touch; }

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
    return object(fd, name, size, &unlink_posix_name);
  }

  Result<std::unique_ptr<SharedObject>> open(const std::string& name, std::uint64_t size) override {
    int fd = ::shm_open(posix_name(name).c_str(), O_RDWR, 0);
    if (fd < 0) return last_os_error("shm_open");
    return object(fd, name, size, nullptr);
  }

  Status remove(const std::string& name) override {
    if (::shm_unlink(posix_name(name).c_str()) != 0 && errno != ENOENT) return last_os_error("shm_unlink");
    return {};
  }

 private:
  std::unique_ptr<SharedObject> object(int fd, const std::string& name, std::uint64_t size, ReleaseName release) const {
    const auto bytes = static_cast<std::size_t>(size);
    return std::unique_ptr<SharedObject>(
        new FdObject(fd, name, {bytes, bytes, populate_ ? MAP_POPULATE : 0}, release));
  }

  bool populate_;
};
}  // namespace

std::unique_ptr<Backend> make_posix_backend() { return std::make_unique<PosixBackend>(false); }
std::unique_ptr<Backend> make_posix_populate_backend() { return std::make_unique<PosixBackend>(true); }

}  // namespace shmbench
