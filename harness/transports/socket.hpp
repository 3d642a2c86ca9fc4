// Sockets for the transports, the same calls on both platforms (BSD sockets on Linux,
// Winsock on Windows; socket.linux.cpp / socket.windows.cpp): a listening socket the
// writer makes, the reader's connect, the writer's accept, and the Pollable over a
// connected socket. TCP runs over loopback with TCP_NODELAY on both ends (small messages
// leave at once, as a latency-minded program would set it); AF_UNIX sockets are bound to a
// file, which the writer removes once it has accepted.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "transports/io_loop.hpp"

namespace shmbench {

enum class SocketKind { tcp_loopback, unix_stream, unix_seqpacket };

class Socket {
 public:
  using Native = std::uintptr_t;  // int on Linux, SOCKET on Windows
  Socket() = default;
  explicit Socket(Native handle) : handle_(handle) {}
  ~Socket() { reset(); }
  Socket(Socket&& other) noexcept : handle_(other.release()) {}
  Socket& operator=(Socket&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = other.release();
    }
    return *this;
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  Native get() const { return handle_; }
  bool valid() const { return handle_ != invalid(); }
  Native release() {
    const Native h = handle_;
    handle_ = invalid();
    return h;
  }
  void reset();
  static Native invalid();

 private:
  Native handle_ = invalid();
};

// Whether this system makes sockets of `kind` at all; if not, `why` holds the native error
// (AF_UNIX on a Windows without it, or under Wine).
bool socket_kind_available(SocketKind kind, std::string& why);

// The writer's listening socket: TCP on 127.0.0.1 and a port the system picks (`address`
// is then that port), or AF_UNIX bound to `path` (an existing file is refused:
// ErrorKind::already_exists).
Result<Socket> listen_socket(SocketKind kind, const std::string& path, std::string& address);
// The reader's end: connects to the writer's listening socket (`address` for TCP, `path`
// for AF_UNIX).
Result<Socket> connect_socket(SocketKind kind, const std::string& path, const std::string& address);
// The writer's end: the connection the reader made, waiting up to the limit.
Result<Socket> accept_socket(Socket& listener, SocketKind kind, const IoLimit& limit);

// The Pollable over a connected socket, blocking (with a slice's timeout) for kernel,
// non-blocking for spin and yield.
Result<std::shared_ptr<Pollable>> socket_pollable(Socket socket, SocketKind kind, IoWait wait);

// A SOCK_SEQPACKET message must fit its socket's send buffer whole: sizes both buffers
// for `message_size` (the kernel caps them at net.core.wmem_max / rmem_max). Other kinds
// stream, and keep the system's buffers. No-op on Windows.
Status size_buffers(Socket& socket, SocketKind kind, std::uint64_t message_size);
// Why a socket of `kind` cannot carry one message of `size` bytes here (seqpacket: what
// send() says on a socket pair with buffers sized as above), or nullopt.
std::optional<std::string> socket_message_limit(SocketKind kind, std::uint64_t size);

// Removes an AF_UNIX socket's file; one that is not there is fine.
Status remove_socket_file(const std::string& path);

}  // namespace shmbench
