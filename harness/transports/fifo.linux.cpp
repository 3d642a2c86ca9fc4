// fifo: two named pipes (mkfifo), "<name>-to-reader" and "<name>-to-writer" in
// transport_folder(), created 0600 and exclusively (an existing file is refused). Opening
// a FIFO's write end without O_NONBLOCK waits for a reader, and with it fails (ENXIO)
// until there is one; and a FIFO with no writer reads as end-of-file. So at create the
// writer opens its read end, and "<name>-to-reader" for reading and writing (a stand-in
// writer: the reader's first reads then wait rather than see end-of-file); the reader
// opens both of its ends; on its first run the writer opens its real write end, drops
// the stand-in, and removes both names. From then on either side's death reads as
// end-of-file or writes as EPIPE.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

#include "backends/leftovers.hpp"
#include "transports/fd.linux.hpp"

namespace shmbench {

namespace {
struct FifoPaths {
  std::string to_reader, to_writer;
  explicit FifoPaths(const std::string& name)
      : to_reader(transport_folder() + "/" + name + "-to-reader"), to_writer(transport_folder() + "/" + name + "-to-writer") {}
  void remove() const {
    ::unlink(to_reader.c_str());
    ::unlink(to_writer.c_str());
  }
};

Status make_fifo(const std::string& path) {
  if (::mkfifo(path.c_str(), 0600) != 0) return last_os_error("mkfifo(" + path + ")");
  return {};
}

class FifoTransport final : public Transport {
 public:
  std::string_view name() const override { return "fifo"; }
  std::string_view flags() const override {
    return "mkfifo(0600) x2 in /dev/shm (one each way, removed once both sides have opened them), "
           "opened O_NONBLOCK, blocking again for kernel; read / write";
  }
  std::string_view kernel_wait() const override { return "a blocking read / write (no timeout: a hung peer is ended by --timeout)"; }
  std::optional<std::string> unavailable(std::uint64_t) const override { return std::nullopt; }

  Result<CreatedEnd> create(const std::string& name, const ChannelShape& shape) override {
    ignore_broken_pipes();
    const FifoPaths paths(name);
    Status made = make_fifo(paths.to_reader);
    if (!made.ok()) return made.error();
    made = make_fifo(paths.to_writer);
    if (!made.ok()) {
      ::unlink(paths.to_reader.c_str());
      return made.error();
    }
    Fd in(::open(paths.to_writer.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    if (!in.valid()) {
      Error e = last_os_error("open(" + paths.to_writer + ")");
      paths.remove();
      return e;
    }
    auto stand_in = std::make_shared<Fd>(::open(paths.to_reader.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC));
    if (!stand_in->valid()) {
      Error e = last_os_error("open(" + paths.to_reader + ", O_RDWR)");
      paths.remove();
      return e;
    }
    auto in_end = fd_pollable(std::move(in), FdPollable::Calls::read_write, shape.wait);
    if (!in_end.ok()) {
      paths.remove();
      return in_end.error();
    }
    const IoWait wait = shape.wait;
    auto accept = [paths, in_end = in_end.value(), stand_in, wait](const IoLimit& limit, PollableConnection& self) -> Status {
      // The reader opened its ends before this side's first run; ENXIO (no reader yet)
      // is retried until the limit, in case it has not.
      for (;;) {
        Fd out(::open(paths.to_reader.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC));
        if (out.valid()) {
          stand_in->reset();
          paths.remove();
          auto out_end = fd_pollable(std::move(out), FdPollable::Calls::read_write, wait);
          if (!out_end.ok()) return out_end.error();
          self.attach(in_end, out_end.value());
          return {};
        }
        if (errno != ENXIO || std::chrono::steady_clock::now() >= limit.deadline) {
          Error e = last_os_error("open(" + paths.to_reader + ")");
          paths.remove();
          return e;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    };
    return CreatedEnd{std::make_unique<PollableConnection>(in_end.value(), nullptr, accept, [paths] { paths.remove(); }),
                      std::string()};
  }

  Result<std::unique_ptr<Connection>> open(const std::string& name, const std::string&, const ChannelShape& shape) override {
    ignore_broken_pipes();
    const FifoPaths paths(name);
    Fd in(::open(paths.to_reader.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    if (!in.valid()) return last_os_error("open(" + paths.to_reader + ")");
    // The writer holds this FIFO's read end, so a non-blocking open for writing succeeds.
    Fd out(::open(paths.to_writer.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC));
    if (!out.valid()) return last_os_error("open(" + paths.to_writer + ")");
    auto in_end = fd_pollable(std::move(in), FdPollable::Calls::read_write, shape.wait);
    if (!in_end.ok()) return in_end.error();
    auto out_end = fd_pollable(std::move(out), FdPollable::Calls::read_write, shape.wait);
    if (!out_end.ok()) return out_end.error();
    return std::unique_ptr<Connection>(new PollableConnection(in_end.value(), out_end.value()));
  }

  Status remove(const std::string& name) override {
    FifoPaths(name).remove();
    return {};
  }
};
}  // namespace

std::unique_ptr<Transport> make_fifo_transport() { return std::make_unique<FifoTransport>(); }

}  // namespace shmbench
