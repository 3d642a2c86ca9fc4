#include "transports/fd.linux.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>

namespace shmbench {

void Fd::reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void ignore_broken_pipes() { ::signal(SIGPIPE, SIG_IGN); }

Status set_blocking(int fd, bool blocking) {
  const int flags = ::fcntl(fd, F_GETFL);
  const int wanted = blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK;
  if (flags < 0 || ::fcntl(fd, F_SETFL, wanted) != 0) return last_os_error("fcntl(O_NONBLOCK)");
  return {};
}

Result<std::shared_ptr<Pollable>> fd_pollable(Fd fd, FdPollable::Calls calls, IoWait wait) {
  const bool blocking = wait == IoWait::kernel;
  Status set = set_blocking(fd.get(), blocking);
  if (!set.ok()) return set.error();
  if (blocking && calls != FdPollable::Calls::read_write) {
    // A blocking recv or send gives up after a slice (EAGAIN), so the deadline is seen.
    timeval slice{0, static_cast<suseconds_t>(kWaitSlice.count() * 1000)};
    if (::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &slice, sizeof slice) != 0 ||
        ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &slice, sizeof slice) != 0)
      return last_os_error("setsockopt(SO_RCVTIMEO / SO_SNDTIMEO)");
  }
  return std::shared_ptr<Pollable>(std::make_shared<FdPollable>(std::move(fd), calls));
}

Attempt attempt_from_errno(int code, const char* call) {
  if (code == EAGAIN || code == EWOULDBLOCK || code == EINTR) return {Attempt::Kind::would_block, 0, {}};
  if (code == EPIPE || code == ECONNRESET) return {Attempt::Kind::closed, 0, error_from_errno(code, call)};
  return {Attempt::Kind::failed, 0, error_from_errno(code, call)};
}

Status poll_one(int fd, short events, std::chrono::milliseconds slice) {
  pollfd entry{fd, events, 0};
  const int got = ::poll(&entry, 1, static_cast<int>(slice.count()));
  if (got < 0 && errno != EINTR) return last_os_error("poll");
  return {};
}

Attempt FdPollable::try_read(std::byte* data, std::size_t size) {
  ssize_t got = 0;
  switch (calls_) {
    case Calls::read_write: got = ::read(fd_.get(), data, size); break;
    case Calls::socket: got = ::recv(fd_.get(), data, size, 0); break;
    // MSG_TRUNC: a longer message says its real length instead of being cut silently.
    case Calls::seqpacket: got = ::recv(fd_.get(), data, size, MSG_TRUNC); break;
  }
  if (got > 0) return {Attempt::Kind::moved, static_cast<std::size_t>(got), {}};
  if (got == 0) return {Attempt::Kind::closed, 0, {}};
  return attempt_from_errno(errno, calls_ == Calls::read_write ? "read" : "recv");
}

Attempt FdPollable::try_write(const std::byte* data, std::size_t size) {
  const ssize_t put = calls_ == Calls::read_write ? ::write(fd_.get(), data, size)
                                                  : ::send(fd_.get(), data, size, MSG_NOSIGNAL);
  if (put >= 0) return {Attempt::Kind::moved, static_cast<std::size_t>(put), {}};
  return attempt_from_errno(errno, calls_ == Calls::read_write ? "write" : "send");
}


}  // namespace shmbench
