// pipe: two anonymous pipes, one each way. A parent would hand the ends to its child at
// fork; here writer and reader are sibling processes, so the reader opens the writer's
// ends through /proc/<writer pid>/fd/<n>, which opens the same pipe (not a copy of the
// descriptor, but the same kernel object, as an inherited one would be). The writer closes
// its copies of the reader's ends once the reader has them, so either side's death shows
// as end-of-file or EPIPE. Nothing has a name: nothing can outlive the run.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

#include "transports/fd.linux.hpp"

namespace shmbench {

namespace {
class PipeTransport final : public Transport {
 public:
  std::string_view name() const override { return "pipe"; }
  std::string_view flags() const override {
    return "pipe2(O_CLOEXEC) x2 (one each way, default 64 KiB capacity; O_NONBLOCK for spin and yield); the reader "
           "opens the writer's ends as /proc/<pid>/fd/<n>; read / write";
  }
  std::string_view kernel_wait() const override { return "a blocking read / write (no timeout: a hung peer is ended by --timeout)"; }
  std::optional<std::string> unavailable(std::uint64_t) const override { return std::nullopt; }

  Result<CreatedEnd> create(const std::string&, const ChannelShape& shape) override {
    ignore_broken_pipes();
    int to_reader[2], to_writer[2];
    if (::pipe2(to_reader, O_CLOEXEC | O_NONBLOCK) != 0) return last_os_error("pipe2");
    Fd reader_in(to_reader[0]), writer_out(to_reader[1]);
    if (::pipe2(to_writer, O_CLOEXEC | O_NONBLOCK) != 0) return last_os_error("pipe2");
    Fd writer_in(to_writer[0]), reader_out(to_writer[1]);
    const std::string address =
        std::to_string(::getpid()) + ":" + std::to_string(reader_in.get()) + ":" + std::to_string(reader_out.get());
    // The reader's ends stay open here until accept: they are what /proc shows the reader.
    auto kept = std::make_shared<std::pair<Fd, Fd>>(std::move(reader_in), std::move(reader_out));
    auto in = fd_pollable(std::move(writer_in), FdPollable::Calls::read_write, shape.wait);
    if (!in.ok()) return in.error();
    auto out = fd_pollable(std::move(writer_out), FdPollable::Calls::read_write, shape.wait);
    if (!out.ok()) return out.error();
    auto end = std::make_unique<PollableConnection>(
        in.value(), out.value(),
        [kept](const IoLimit&, PollableConnection&) {
          kept->first.reset();
          kept->second.reset();
          return Status{};
        },
        [kept] {
          kept->first.reset();
          kept->second.reset();
        });
    return CreatedEnd{std::move(end), address};
  }

  Result<std::unique_ptr<Connection>> open(const std::string&, const std::string& address,
                                           const ChannelShape& shape) override {
    ignore_broken_pipes();
    long pid = 0;
    int read_fd = -1, write_fd = -1;
    char tail = 0;
    if (std::sscanf(address.c_str(), "%ld:%d:%d%c", &pid, &read_fd, &write_fd, &tail) != 3)
      return Error{ErrorKind::invalid_argument, 0, "pipe open", "bad address '" + address + "'"};
    const std::string base = "/proc/" + std::to_string(pid) + "/fd/";
    Fd in(::open((base + std::to_string(read_fd)).c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    if (!in.valid()) return last_os_error("open(" + base + std::to_string(read_fd) + ")");
    Fd out(::open((base + std::to_string(write_fd)).c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC));
    if (!out.valid()) return last_os_error("open(" + base + std::to_string(write_fd) + ")");
    auto in_end = fd_pollable(std::move(in), FdPollable::Calls::read_write, shape.wait);
    if (!in_end.ok()) return in_end.error();
    auto out_end = fd_pollable(std::move(out), FdPollable::Calls::read_write, shape.wait);
    if (!out_end.ok()) return out_end.error();
    return std::unique_ptr<Connection>(new PollableConnection(in_end.value(), out_end.value()));
  }

  Status remove(const std::string&) override { return {}; }
};
}  // namespace

std::unique_ptr<Transport> make_pipe_transport() { return std::make_unique<PipeTransport>(); }

}  // namespace shmbench
