#include "backends/memfd_link.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>

#include "os/process.hpp"

namespace shmbench {

namespace {
constexpr unsigned kSeals = F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL;

std::string link_path(const std::string& name) { return "/dev/shm/" + name; }

Error failed_and_closed(int fd, const char* call) {
  Error error = last_os_error(call);
  ::close(fd);
  return error;
}
}  // namespace

Result<int> create_linked_memfd(const std::string& name, std::uint64_t length, unsigned extra_flags) {
  const int fd = ::memfd_create(name.c_str(), MFD_CLOEXEC | MFD_ALLOW_SEALING | extra_flags);
  if (fd < 0) return last_os_error("memfd_create");
  if (::ftruncate(fd, static_cast<off_t>(length)) != 0) return failed_and_closed(fd, "ftruncate");
  if (::fcntl(fd, F_ADD_SEALS, kSeals) != 0) return failed_and_closed(fd, "fcntl(F_ADD_SEALS)");
  const std::string target = "/proc/" + std::to_string(current_pid()) + "/fd/" + std::to_string(fd);
  // symlink() refuses an existing name (EEXIST): somebody else's object is never replaced.
  if (::symlink(target.c_str(), link_path(name).c_str()) != 0) return failed_and_closed(fd, "symlink");
  return fd;
}

Result<int> open_linked_memfd(const std::string& name) {
  const int fd = ::open(link_path(name).c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return last_os_error("open");
  const int seals = ::fcntl(fd, F_GET_SEALS);
  if (seals < 0) return failed_and_closed(fd, "fcntl(F_GET_SEALS)");
  if ((static_cast<unsigned>(seals) & kSeals) != kSeals) {
    ::close(fd);
    return Error{ErrorKind::invalid_argument, 0, "fcntl(F_GET_SEALS)",
                 "/dev/shm/" + name + " does not lead to a sealed memfd: not one of ours, refusing it"};
  }
  return fd;
}

Status unlink_memfd_link(const std::string& name) {
  if (::unlink(link_path(name).c_str()) != 0) return last_os_error("unlink");
  return {};
}

Status remove_memfd_link(const std::string& name) {
  if (::unlink(link_path(name).c_str()) != 0 && errno != ENOENT) return last_os_error("unlink");
  return {};
}

}  // namespace shmbench
