#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "transports/fd.linux.hpp"
#include "transports/socket_address.hpp"
#include "transports/socket.hpp"

namespace shmbench {

namespace {
int type_of(SocketKind kind) { return kind == SocketKind::unix_seqpacket ? SOCK_SEQPACKET : SOCK_STREAM; }
int family_of(SocketKind kind) { return kind == SocketKind::tcp_loopback ? AF_INET : AF_UNIX; }
int fd_of(const Socket& s) { return static_cast<int>(s.get()); }

Result<Socket> make(SocketKind kind) {
  const int fd = ::socket(family_of(kind), type_of(kind) | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return last_os_error("socket");
  return Socket(static_cast<Socket::Native>(fd));
}

Result<sockaddr_un> unix_address(const std::string& path) {
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  if (path.size() >= sizeof a.sun_path)
    return Error{ErrorKind::invalid_argument, 0, "bind", "socket path longer than " + std::to_string(sizeof a.sun_path - 1) +
                                                             " bytes: " + path};
  std::memcpy(a.sun_path, path.c_str(), path.size() + 1);
  return a;
}

Status nodelay(const Socket& s) {
  const int on = 1;
  if (::setsockopt(fd_of(s), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) != 0) return last_os_error("setsockopt(TCP_NODELAY)");
  return {};
}
}  // namespace

void Socket::reset() {
  if (valid()) ::close(static_cast<int>(handle_));
  handle_ = invalid();
}

Socket::Native Socket::invalid() { return static_cast<Native>(-1); }

bool socket_kind_available(SocketKind kind, std::string& why) {
  auto probe = make(kind);
  if (!probe.ok()) why = probe.error().describe();
  return probe.ok();
}

Result<Socket> listen_socket(SocketKind kind, const std::string& path, std::string& address) {
  auto made = make(kind);
  if (!made.ok()) return made.error();
  Socket s = std::move(made.value());
  if (kind == SocketKind::tcp_loopback) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;  // the system picks a free port
    if (::bind(fd_of(s), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return last_os_error("bind(127.0.0.1:0)");
    socklen_t length = sizeof a;
    if (::getsockname(fd_of(s), reinterpret_cast<sockaddr*>(&a), &length) != 0) return last_os_error("getsockname");
    address = std::to_string(ntohs(a.sin_port));
  } else {
    auto a = unix_address(path);
    if (!a.ok()) return a.error();
    // bind refuses a path that exists (EADDRINUSE): never attached to somebody else's.
    if (::bind(fd_of(s), reinterpret_cast<sockaddr*>(&a.value()), sizeof a.value()) != 0) {
      Error e = last_os_error("bind(" + path + ")");
      if (e.native_code == EADDRINUSE) e.kind = ErrorKind::already_exists;
      return e;
    }
  }
  if (::listen(fd_of(s), 1) != 0) return last_os_error("listen");
  return s;
}

Result<Socket> connect_socket(SocketKind kind, const std::string& path, const std::string& address) {
  auto made = make(kind);
  if (!made.ok()) return made.error();
  Socket s = std::move(made.value());
  int rc = 0;
  if (kind == SocketKind::tcp_loopback) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const auto port = parse_port(address);
    if (!port) return Error{ErrorKind::invalid_argument, 0, "connect", "bad TCP port '" + address + "'"};
    a.sin_port = htons(*port);
    rc = ::connect(fd_of(s), reinterpret_cast<sockaddr*>(&a), sizeof a);
  } else {
    auto a = unix_address(path);
    if (!a.ok()) return a.error();
    rc = ::connect(fd_of(s), reinterpret_cast<sockaddr*>(&a.value()), sizeof a.value());
  }
  // Non-blocking: a loopback connect completes at once or is in progress; the listener's
  // backlog holds it either way, so wait until it is writable (connected).
  if (rc != 0 && errno != EINPROGRESS && errno != EAGAIN) return last_os_error("connect");
  if (rc != 0) {
    pollfd entry{fd_of(s), POLLOUT, 0};
    if (::poll(&entry, 1, 10'000) <= 0) return Error{ErrorKind::other, 0, "connect", "not connected within 10 s"};
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(fd_of(s), SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) return error_from_errno(error, "connect");
  }
  if (kind == SocketKind::tcp_loopback) {
    Status set = nodelay(s);
    if (!set.ok()) return set.error();
  }
  return s;
}

Result<Socket> accept_socket(Socket& listener, SocketKind kind, const IoLimit& limit) {
  for (;;) {
    const int fd = ::accept4(fd_of(listener), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd >= 0) {
      Socket s(static_cast<Socket::Native>(fd));
      if (kind == SocketKind::tcp_loopback) {
        Status set = nodelay(s);
        if (!set.ok()) return set.error();
      }
      return s;
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return last_os_error("accept");
    if (std::chrono::steady_clock::now() >= limit.deadline)
      return Error{ErrorKind::other, 0, "accept", "the reader did not connect in time"};
    Status waited = poll_one(fd_of(listener), POLLIN, kWaitSlice);
    if (!waited.ok()) return waited.error();
  }
}

Result<std::shared_ptr<Pollable>> socket_pollable(Socket socket, SocketKind kind, IoWait wait) {
  return fd_pollable(Fd(static_cast<int>(socket.release())),
                     kind == SocketKind::unix_seqpacket ? FdPollable::Calls::seqpacket : FdPollable::Calls::socket, wait);
}

Status remove_socket_file(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return last_os_error("unlink(" + path + ")");
  return {};
}

Status size_buffers(Socket& socket, SocketKind kind, std::uint64_t message_size) {
  if (kind != SocketKind::unix_seqpacket) return {};
  // Room for one message and its bookkeeping; the kernel doubles the value it is given.
  const int bytes = static_cast<int>(std::min<std::uint64_t>(message_size + 65536, 1u << 30));
  if (::setsockopt(fd_of(socket), SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes) != 0) return last_os_error("setsockopt(SO_SNDBUF)");
  if (::setsockopt(fd_of(socket), SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes) != 0) return last_os_error("setsockopt(SO_RCVBUF)");
  return {};
}

std::optional<std::string> socket_message_limit(SocketKind kind, std::uint64_t size) {
  if (kind != SocketKind::unix_seqpacket) return std::nullopt;
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, pair) != 0)
    return last_os_error("socketpair(AF_UNIX, SOCK_SEQPACKET)").describe();
  Socket a(static_cast<Socket::Native>(pair[0])), b(static_cast<Socket::Native>(pair[1]));
  (void)size_buffers(a, kind, size);
  (void)size_buffers(b, kind, size);
  std::vector<char> message(static_cast<std::size_t>(size));
  if (::send(pair[0], message.data(), message.size(), MSG_DONTWAIT | MSG_NOSIGNAL) >= 0) return std::nullopt;
  return "one SOCK_SEQPACKET message must fit the socket's send buffer: " + last_os_error("send").describe() +
         " with SO_SNDBUF asked for " + std::to_string(size + 65536) + " bytes (net.core.wmem_max caps it)";
}

}  // namespace shmbench
