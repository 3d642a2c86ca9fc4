// Winsock: the same sockets as socket.linux.cpp. AF_UNIX comes with Windows 10 1803 and
// later (afunix.h); where the system lacks it (older Windows, Wine), socket() says so
// and the rows say "not available" with that error.
#include <winsock2.h>
#include <ws2tcpip.h>
// After winsock2.h: afunix.h uses its types.
#include <afunix.h>
#include <windows.h>

#include <cstring>
#include <mutex>

#include "common/utf8.hpp"
#include "transports/socket.hpp"
#include "transports/socket_address.hpp"

namespace shmbench {

namespace {
SOCKET native(const Socket& s) { return static_cast<SOCKET>(s.get()); }

Error last_socket_error(std::string call) {
  Error e = error_from_win32(static_cast<unsigned long>(WSAGetLastError()), std::move(call));
  if (e.native_code == WSAEAFNOSUPPORT || e.native_code == WSAEPROTONOSUPPORT || e.native_code == WSAESOCKTNOSUPPORT)
    e.kind = ErrorKind::unsupported;
  return e;
}

// Winsock needs WSAStartup once per process before any other call.
Status start_winsock() {
  static std::once_flag once;
  static int result = 0;
  std::call_once(once, [] {
    WSADATA data;
    result = WSAStartup(MAKEWORD(2, 2), &data);
  });
  if (result != 0) return error_from_win32(static_cast<unsigned long>(result), "WSAStartup");
  return {};
}

Status set_nonblocking(const Socket& s, bool nonblocking = true) {
  u_long on = nonblocking ? 1 : 0;
  if (ioctlsocket(native(s), FIONBIO, &on) != 0) return last_socket_error("ioctlsocket(FIONBIO)");
  return {};
}

Status nodelay(const Socket& s) {
  const BOOL on = TRUE;
  if (setsockopt(native(s), IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char*>(&on), sizeof on) != 0)
    return last_socket_error("setsockopt(TCP_NODELAY)");
  return {};
}

Result<Socket> make(SocketKind kind) {
  Status started = start_winsock();
  if (!started.ok()) return started.error();
  if (kind == SocketKind::unix_seqpacket)
    return Error{ErrorKind::unsupported, 0, "socket(AF_UNIX, SOCK_SEQPACKET)", "Windows has no SOCK_SEQPACKET"};
  const SOCKET s = kind == SocketKind::tcp_loopback ? socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)
                                                    : socket(AF_UNIX, SOCK_STREAM, 0);
  if (s == INVALID_SOCKET)
    return last_socket_error(kind == SocketKind::tcp_loopback ? "socket(AF_INET)" : "socket(AF_UNIX)");
  Socket owned(static_cast<Socket::Native>(s));
  Status set = set_nonblocking(owned);
  if (!set.ok()) return set.error();
  return owned;
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

Status wait_for(const Socket& s, SHORT events, std::chrono::milliseconds slice) {
  WSAPOLLFD entry{native(s), events, 0};
  if (WSAPoll(&entry, 1, static_cast<INT>(slice.count())) == SOCKET_ERROR) return last_socket_error("WSAPoll");
  return {};
}

class SocketPollable final : public Pollable {
 public:
  explicit SocketPollable(Socket s) : s_(std::move(s)) {}
  Attempt try_read(std::byte* data, std::size_t size) override {
    const int got = recv(native(s_), reinterpret_cast<char*>(data), static_cast<int>(chunk(size)), 0);
    if (got > 0) return {Attempt::Kind::moved, static_cast<std::size_t>(got), {}};
    if (got == 0) return {Attempt::Kind::closed, 0, {}};
    return failed("recv");
  }
  Attempt try_write(const std::byte* data, std::size_t size) override {
    const int put = send(native(s_), reinterpret_cast<const char*>(data), static_cast<int>(chunk(size)), 0);
    if (put >= 0) return {Attempt::Kind::moved, static_cast<std::size_t>(put), {}};
    return failed("send");
  }

 private:
  static std::size_t chunk(std::size_t size) { return size < (1u << 30) ? size : (1u << 30); }
  static Attempt failed(const char* call) {
    const int code = WSAGetLastError();
    // WSAETIMEDOUT: a blocking call's SO_RCVTIMEO / SO_SNDTIMEO slice passed.
    if (code == WSAEWOULDBLOCK || code == WSAEINTR || code == WSAETIMEDOUT) return {Attempt::Kind::would_block, 0, {}};
    Error e = error_from_win32(static_cast<unsigned long>(code), call);
    if (code == WSAECONNRESET || code == WSAECONNABORTED || code == WSAESHUTDOWN) return {Attempt::Kind::closed, 0, e};
    return {Attempt::Kind::failed, 0, e};
  }
  Socket s_;
};
}  // namespace

void Socket::reset() {
  if (valid()) closesocket(static_cast<SOCKET>(handle_));
  handle_ = invalid();
}

Socket::Native Socket::invalid() { return static_cast<Native>(INVALID_SOCKET); }

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
    if (bind(native(s), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return last_socket_error("bind(127.0.0.1:0)");
    int length = sizeof a;
    if (getsockname(native(s), reinterpret_cast<sockaddr*>(&a), &length) != 0) return last_socket_error("getsockname");
    address = std::to_string(ntohs(a.sin_port));
  } else {
    auto a = unix_address(path);
    if (!a.ok()) return a.error();
    if (bind(native(s), reinterpret_cast<sockaddr*>(&a.value()), sizeof a.value()) != 0) {
      Error e = last_socket_error("bind(" + path + ")");
      if (e.native_code == WSAEADDRINUSE) e.kind = ErrorKind::already_exists;
      return e;
    }
  }
  if (listen(native(s), 1) != 0) return last_socket_error("listen");
  return s;
}

Result<Socket> connect_socket(SocketKind kind, const std::string& path, const std::string& address) {
  auto made = make(kind);
  if (!made.ok()) return made.error();
  Socket s = std::move(made.value());
  int rc = 0;
  if (kind == SocketKind::tcp_loopback) {
    const auto port = parse_port(address);
    if (!port) return Error{ErrorKind::invalid_argument, 0, "connect", "bad TCP port '" + address + "'"};
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(*port);
    rc = connect(native(s), reinterpret_cast<sockaddr*>(&a), sizeof a);
  } else {
    auto a = unix_address(path);
    if (!a.ok()) return a.error();
    rc = connect(native(s), reinterpret_cast<sockaddr*>(&a.value()), sizeof a.value());
  }
  if (rc != 0) {
    if (WSAGetLastError() != WSAEWOULDBLOCK) return last_socket_error("connect");
    // In progress: the listener's backlog holds it; writable means connected.
    WSAPOLLFD entry{native(s), POLLWRNORM, 0};
    const int ready = WSAPoll(&entry, 1, 10'000);
    if (ready == SOCKET_ERROR) return last_socket_error("WSAPoll");
    int error = 0, length = sizeof error;
    getsockopt(native(s), SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&error), &length);
    if (error != 0) return error_from_win32(static_cast<unsigned long>(error), "connect");
    if (ready == 0) return Error{ErrorKind::other, 0, "connect", "not connected within 10 s"};
  }
  if (kind == SocketKind::tcp_loopback) {
    Status set = nodelay(s);
    if (!set.ok()) return set.error();
  }
  return s;
}

Result<Socket> accept_socket(Socket& listener, SocketKind kind, const IoLimit& limit) {
  for (;;) {
    const SOCKET accepted = accept(native(listener), nullptr, nullptr);
    if (accepted != INVALID_SOCKET) {
      Socket s(static_cast<Socket::Native>(accepted));
      // An accepted socket inherits the listener's non-blocking mode; set it anyway.
      Status set = set_nonblocking(s);
      if (set.ok() && kind == SocketKind::tcp_loopback) set = nodelay(s);
      if (!set.ok()) return set.error();
      return s;
    }
    if (WSAGetLastError() != WSAEWOULDBLOCK) return last_socket_error("accept");
    if (std::chrono::steady_clock::now() >= limit.deadline)
      return Error{ErrorKind::other, 0, "accept", "the reader did not connect in time"};
    Status waited = wait_for(listener, POLLRDNORM, kWaitSlice);
    if (!waited.ok()) return waited.error();
  }
}

Result<std::shared_ptr<Pollable>> socket_pollable(Socket socket, SocketKind, IoWait wait) {
  const bool blocking = wait == IoWait::kernel;
  Status set = set_nonblocking(socket, !blocking);
  if (!set.ok()) return set.error();
  if (blocking) {
    // A blocking recv or send gives up after a slice (WSAETIMEDOUT), so the deadline is seen.
    const DWORD slice = static_cast<DWORD>(kWaitSlice.count());
    if (setsockopt(native(socket), SOL_SOCKET, SO_RCVTIMEO, reinterpret_cast<const char*>(&slice), sizeof slice) != 0 ||
        setsockopt(native(socket), SOL_SOCKET, SO_SNDTIMEO, reinterpret_cast<const char*>(&slice), sizeof slice) != 0)
      return last_socket_error("setsockopt(SO_RCVTIMEO / SO_SNDTIMEO)");
  }
  return std::shared_ptr<Pollable>(std::make_shared<SocketPollable>(std::move(socket)));
}

Status remove_socket_file(const std::string& path) {
  if (!DeleteFileW(widen_utf8(path).c_str())) {
    const DWORD code = GetLastError();
    if (code != ERROR_FILE_NOT_FOUND && code != ERROR_PATH_NOT_FOUND) return error_from_win32(code, "DeleteFileW(" + path + ")");
  }
  return {};
}

Status size_buffers(Socket&, SocketKind, std::uint64_t) { return {}; }

std::optional<std::string> socket_message_limit(SocketKind, std::uint64_t) { return std::nullopt; }

}  // namespace shmbench
