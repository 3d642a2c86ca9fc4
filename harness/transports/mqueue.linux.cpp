// mqueue: two POSIX message queues, "/<name>-to-reader" (messages) and "/<name>-to-writer"
// (answers), created 0600 and exclusively, removed (mq_unlink) once the reader has opened
// both. A queue's message size is fixed when it is made and capped for ordinary programs
// by /proc/sys/fs/mqueue/msgsize_max (8 KiB by default): larger messages are "not
// available", with that limit named, even where root could raise it.
#include <fcntl.h>
#include <mqueue.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

#include "backends/leftovers.hpp"
#include "transports/fd.linux.hpp"

namespace shmbench {

namespace {
constexpr const char* kMsgsizeMax = "/proc/sys/fs/mqueue/msgsize_max";
constexpr const char* kMsgMax = "/proc/sys/fs/mqueue/msg_max";
// Per message the kernel also charges a pointer and its bookkeeping against
// RLIMIT_MSGQUEUE; 64 bytes covers it.
constexpr std::uint64_t kPerMessageOverhead = 64;

long read_limit(const char* path, long fallback) {
  std::ifstream in(path);
  long value = 0;
  return in >> value ? value : fallback;
}

std::uint64_t queue_rlimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_MSGQUEUE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return UINT64_MAX;
  return limit.rlim_cur;
}

// How many messages the queue of `size`-byte messages holds: the system's default of 10
// (or msg_max, if lower), fewer when both queues would not fit RLIMIT_MSGQUEUE; 0 when
// not even one fits.
long depth_for(std::uint64_t size, std::uint64_t answer_size) {
  const long depth = std::min(10L, read_limit(kMsgMax, 10));
  const std::uint64_t budget = queue_rlimit();
  for (long d = depth; d >= 1; --d)
    if (static_cast<std::uint64_t>(d) * (size + answer_size + 2 * kPerMessageOverhead) <= budget) return d;
  return 0;
}

// A queue non-blocking (spin, yield), or blocking with mq_timedreceive / mq_timedsend giving
// up after a slice (kernel).
class MqPollable final : public Pollable {
 public:
  MqPollable(mqd_t queue, bool blocking) : queue_(queue), blocking_(blocking) {}
  ~MqPollable() override { ::mq_close(queue_); }
  Attempt try_read(std::byte* data, std::size_t size) override {
    char* into = reinterpret_cast<char*>(data);
    const ssize_t got = blocking_ ? ::mq_timedreceive(queue_, into, size, nullptr, &slice_end())
                                  : ::mq_receive(queue_, into, size, nullptr);
    if (got >= 0) return {Attempt::Kind::moved, static_cast<std::size_t>(got), {}};
    return timed_out(errno) ? Attempt{Attempt::Kind::would_block, 0, {}} : attempt_from_errno(errno, "mq_receive");
  }
  Attempt try_write(const std::byte* data, std::size_t size) override {
    const char* from = reinterpret_cast<const char*>(data);
    const int put = blocking_ ? ::mq_timedsend(queue_, from, size, 0, &slice_end()) : ::mq_send(queue_, from, size, 0);
    if (put == 0) return {Attempt::Kind::moved, size, {}};
    return timed_out(errno) ? Attempt{Attempt::Kind::would_block, 0, {}} : attempt_from_errno(errno, "mq_send");
  }
  bool keeps_boundaries() const override { return true; }

 private:
  static bool timed_out(int code) { return code == ETIMEDOUT; }
  // The end of this call's slice on CLOCK_REALTIME, the clock mq_timed* take.
  const timespec& slice_end() {
    ::clock_gettime(CLOCK_REALTIME, &until_);
    until_.tv_nsec += static_cast<long>(kWaitSlice.count()) * 1'000'000;
    if (until_.tv_nsec >= 1'000'000'000) {
      until_.tv_sec += 1;
      until_.tv_nsec -= 1'000'000'000;
    }
    return until_;
  }
  mqd_t queue_;
  bool blocking_;
  timespec until_{};
};

Result<std::shared_ptr<Pollable>> queue_pollable(mqd_t queue, IoWait wait) {
  const bool blocking = wait == IoWait::kernel;
  mq_attr attr{};
  attr.mq_flags = blocking ? 0 : O_NONBLOCK;
  if (::mq_setattr(queue, &attr, nullptr) != 0) {
    Error e = last_os_error("mq_setattr");
    ::mq_close(queue);
    return e;
  }
  return std::shared_ptr<Pollable>(std::make_shared<MqPollable>(queue, blocking));
}

// The two queues, and the marker that lets a crashed run's queues be found where the
// mqueue file system is not mounted (leftovers.hpp): made before them, removed after.
struct QueueNames {
  std::string to_reader, to_writer, marker;
  explicit QueueNames(const std::string& name)
      : to_reader("/" + name + "-to-reader"), to_writer("/" + name + "-to-writer"),
        marker("/" + name + std::string(kMessageQueueMarker)) {}
  Status mark() const {
    const int fd = ::shm_open(marker.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) return last_os_error("shm_open(" + marker + ", O_CREAT | O_EXCL)");
    ::close(fd);
    return {};
  }
  void remove() const {
    ::mq_unlink(to_reader.c_str());
    ::mq_unlink(to_writer.c_str());
    ::shm_unlink(marker.c_str());
  }
};

Result<mqd_t> create_queue(const std::string& name, long depth, std::uint64_t size) {
  mq_attr attr{};
  attr.mq_maxmsg = depth;
  attr.mq_msgsize = static_cast<long>(size);
  const mqd_t q = ::mq_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR | O_NONBLOCK | O_CLOEXEC, 0600, &attr);
  if (q == static_cast<mqd_t>(-1)) return last_os_error("mq_open(" + name + ", O_CREAT | O_EXCL)");
  return q;
}

class MqueueTransport final : public Transport {
 public:
  std::string_view name() const override { return "mqueue"; }
  std::string_view flags() const override {
    return "mq_open(O_CREAT | O_EXCL, 0600) x2 (messages, answers), mq_maxmsg 10 (fewer where RLIMIT_MSGQUEUE "
           "demands), removed once both sides have them, O_NONBLOCK for spin and yield; mq_send / mq_receive";
  }
  std::string_view kernel_wait() const override { return "mq_timedreceive / mq_timedsend on a blocking queue, 100 ms slices to see the deadline"; }
  std::optional<std::string> unavailable(std::uint64_t size) const override {
    const long max = read_limit(kMsgsizeMax, 8192);
    if (size > static_cast<std::uint64_t>(max))
      return "a message of " + std::to_string(size) + " bytes exceeds " + kMsgsizeMax + " (" + std::to_string(max) + ")";
    if (depth_for(size, 8) == 0)
      return "one message of " + std::to_string(size) + " bytes does not fit RLIMIT_MSGQUEUE (" +
             std::to_string(queue_rlimit()) + " bytes)";
    return std::nullopt;
  }

  Result<CreatedEnd> create(const std::string& name, const ChannelShape& shape) override {
    const QueueNames names(name);
    const long depth = depth_for(shape.message_size, shape.answer_size);
    if (depth == 0) return Error{ErrorKind::unsupported, 0, "mq_open", *unavailable(shape.message_size)};
    Status marked = names.mark();
    if (!marked.ok()) return marked.error();
    auto out = create_queue(names.to_reader, depth, shape.message_size);
    if (!out.ok()) {
      ::shm_unlink(names.marker.c_str());
      return out.error();
    }
    auto out_end = queue_pollable(out.value(), shape.wait);
    auto in = out_end.ok() ? create_queue(names.to_writer, depth, shape.answer_size) : Result<mqd_t>(out_end.error());
    if (!in.ok()) {
      names.remove();
      return in.error();
    }
    auto in_end = queue_pollable(in.value(), shape.wait);
    if (!in_end.ok()) {
      names.remove();
      return in_end.error();
    }
    // The reader has opened both queues by this side's first run: the names can go.
    auto accept = [names](const IoLimit&, PollableConnection&) {
      names.remove();
      return Status{};
    };
    return CreatedEnd{std::make_unique<PollableConnection>(in_end.value(), out_end.value(), accept,
                                                           [names] { names.remove(); }),
                      std::string()};
  }

  Result<std::unique_ptr<Connection>> open(const std::string& name, const std::string&, const ChannelShape& shape) override {
    const QueueNames names(name);
    const mqd_t in = ::mq_open(names.to_reader.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (in == static_cast<mqd_t>(-1)) return last_os_error("mq_open(" + names.to_reader + ")");
    auto in_end = queue_pollable(in, shape.wait);
    if (!in_end.ok()) return in_end.error();
    const mqd_t out = ::mq_open(names.to_writer.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (out == static_cast<mqd_t>(-1)) return last_os_error("mq_open(" + names.to_writer + ")");
    auto out_end = queue_pollable(out, shape.wait);
    if (!out_end.ok()) return out_end.error();
    return std::unique_ptr<Connection>(new PollableConnection(in_end.value(), out_end.value()));
  }

  Status remove(const std::string& name) override {
    QueueNames(name).remove();
    return {};
  }
};
}  // namespace

std::unique_ptr<Transport> make_mqueue_transport() { return std::make_unique<MqueueTransport>(); }

}  // namespace shmbench
