// The socket transports, one class for the three kinds (socket.hpp does the platform's
// calls): tcp (loopback, TCP_NODELAY), unix-stream (AF_UNIX, SOCK_STREAM; Linux, and
// Windows where it has AF_UNIX) and unix-seqpacket (AF_UNIX, SOCK_SEQPACKET; Linux). The
// writer listens, the reader connects, the writer accepts on its first run. An AF_UNIX
// socket's file, "<name>-sock" in transport_folder(), is removed as soon as the writer
// has accepted: from then on the connection needs no name.
#include "backends/leftovers.hpp"
#include "common/platform.hpp"
#include "transports/socket.hpp"

namespace shmbench {

namespace {
struct SocketFacts {
  const char* name;
  SocketKind kind;
  const char* flags;
};

#if defined(SHMBENCH_OS_WINDOWS)
constexpr const char* kSeparator = "\\";
#else
constexpr const char* kSeparator = "/";
#endif

class SocketTransport final : public Transport {
 public:
  explicit SocketTransport(const SocketFacts& facts)
      : facts_(facts), kernel_wait_("a blocking recv / send, SO_RCVTIMEO / SO_SNDTIMEO of 100 ms to see the deadline") {}
  std::string_view name() const override { return facts_.name; }
  std::string_view flags() const override { return facts_.flags; }
  std::string_view kernel_wait() const override { return kernel_wait_; }

  std::optional<std::string> unavailable(std::uint64_t size) const override {
    std::string why;
    if (!socket_kind_available(facts_.kind, why)) return "this system makes no such socket: " + why;
    return socket_message_limit(facts_.kind, size);
  }

  Result<CreatedEnd> create(const std::string& name, const ChannelShape& shape) override {
    const std::string path = path_of(name);
    std::string address;
    auto listening = listen_socket(facts_.kind, path, address);
    if (!listening.ok()) return listening.error();
    auto listener = std::make_shared<Socket>(std::move(listening.value()));
    const SocketKind kind = facts_.kind;
    const bool named = kind != SocketKind::tcp_loopback;
    const std::uint64_t size = shape.message_size;
    const IoWait wait = shape.wait;
    auto accept = [listener, kind, path, named, size, wait](const IoLimit& limit, PollableConnection& self) -> Status {
      auto accepted = accept_socket(*listener, kind, limit);
      listener->reset();
      Status removed = named ? remove_socket_file(path) : Status{};
      if (!accepted.ok()) return accepted.error();
      // An accepted AF_UNIX socket does not inherit the listener's buffer sizes.
      Status sized = size_buffers(accepted.value(), kind, size);
      if (!sized.ok()) return sized;
      auto both = socket_pollable(std::move(accepted.value()), kind, wait);
      if (!both.ok()) return both.error();
      self.attach(both.value(), both.value());
      return removed;
    };
    auto release = [listener, path, named] {
      listener->reset();
      if (named) (void)remove_socket_file(path);
    };
    return CreatedEnd{std::make_unique<PollableConnection>(nullptr, nullptr, accept, release), address};
  }

  Result<std::unique_ptr<Connection>> open(const std::string& name, const std::string& address,
                                           const ChannelShape& shape) override {
    auto connected = connect_socket(facts_.kind, path_of(name), address);
    if (!connected.ok()) return connected.error();
    Status sized = size_buffers(connected.value(), facts_.kind, shape.message_size);
    if (!sized.ok()) return sized.error();
    auto both = socket_pollable(std::move(connected.value()), facts_.kind, shape.wait);
    if (!both.ok()) return both.error();
    return std::unique_ptr<Connection>(new PollableConnection(both.value(), both.value()));
  }

  Status remove(const std::string& name) override {
    return facts_.kind == SocketKind::tcp_loopback ? Status{} : remove_socket_file(path_of(name));
  }

 private:
  std::string path_of(const std::string& name) const {
    return facts_.kind == SocketKind::tcp_loopback ? std::string() : transport_folder() + kSeparator + name + "-sock";
  }
  SocketFacts facts_;
  std::string kernel_wait_;
};
}  // namespace

std::unique_ptr<Transport> make_tcp_transport() {
  return std::make_unique<SocketTransport>(
      SocketFacts{"tcp", SocketKind::tcp_loopback,
                  "TCP over 127.0.0.1 (a port the system picks), TCP_NODELAY on both ends, non-blocking for spin and yield; recv / send"});
}

std::unique_ptr<Transport> make_unix_stream_transport() {
  return std::make_unique<SocketTransport>(
      SocketFacts{"unix-stream", SocketKind::unix_stream,
                  "AF_UNIX, SOCK_STREAM, bound to a file (Linux: in /dev/shm; Windows: in the temporary folder; removed once accepted), "
                  "non-blocking for spin and yield; recv / send"});
}

std::unique_ptr<Transport> make_unix_seqpacket_transport() {
  return std::make_unique<SocketTransport>(
      SocketFacts{"unix-seqpacket", SocketKind::unix_seqpacket,
                  "AF_UNIX, SOCK_SEQPACKET (one recv per message), SO_SNDBUF / SO_RCVBUF sized for one message, "
                  "bound to a file (Linux: in /dev/shm; Windows: in the temporary folder; removed once accepted), non-blocking for spin and yield; recv / send"});
}

}  // namespace shmbench
