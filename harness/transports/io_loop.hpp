// The one place a transport's wait strategy is carried out. Every descriptor-like channel
// (a pipe, a FIFO, a socket, a message queue) is opened for its cell's strategy: for spin
// and yield non-blocking, and its calls are retried (with a pause, or giving up the time
// slice); for kernel blocking, one call per attempt that sleeps in the kernel as a
// blocking program's would (where the call can carry a timeout, sockets and message
// queues, it gives up after a slice, and the deadline is looked at; a pipe's read cannot,
// and a peer that hangs there is ended by the controller's --timeout). read_message and
// write_message move one whole message that way, so the transports differ only in the
// calls they make.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>

#include "transports/transport.hpp"

namespace shmbench {

struct Attempt {
  enum class Kind { moved, would_block, closed, failed };
  Kind kind = Kind::moved;
  std::size_t bytes = 0;  // moved: how many (a message channel moves a whole message)
  Error error;            // failed (or closed, where the OS said how)
};

class Pollable {
 public:
  virtual ~Pollable() = default;
  // Moves what it can, up to `size` bytes: at once, or, on a blocking channel, once the
  // kernel has something (would_block then means its slice passed without).
  virtual Attempt try_read(std::byte* data, std::size_t size) = 0;
  virtual Attempt try_write(const std::byte* data, std::size_t size) = 0;
  // True when one read returns one whole message (seqpacket, message queue): a read of
  // another length is then an error, never a part to continue.
  virtual bool keeps_boundaries() const { return false; }
};

IoResult read_message(Pollable& channel, std::byte* data, std::size_t size, const IoLimit& limit);
IoResult write_message(Pollable& channel, const std::byte* data, std::size_t size, const IoLimit& limit);

// A Connection over two pollables (the same one both ways for a socket): what every
// descriptor-like transport returns. `accept` runs once, on the writer's first accept(),
// and may attach() the pollables it completes (a socket's accepted connection);
// `release` runs when the end closes (removing a name, closing what the pollables do not
// own).
class PollableConnection final : public Connection {
 public:
  using AcceptStep = std::function<Status(const IoLimit&, PollableConnection&)>;
  PollableConnection(std::shared_ptr<Pollable> in, std::shared_ptr<Pollable> out, AcceptStep accept = {},
                     std::function<void()> release = {})
      : in_(std::move(in)), out_(std::move(out)), accept_(std::move(accept)), release_(std::move(release)) {}
  ~PollableConnection() override { (void)close(); }
  void attach(std::shared_ptr<Pollable> in, std::shared_ptr<Pollable> out) {
    in_ = std::move(in);
    out_ = std::move(out);
  }
  Status accept(const IoLimit& limit) override;
  IoResult send(const std::byte* data, std::size_t size, const IoLimit& limit) override;
  IoResult receive(std::byte* data, std::size_t size, const IoLimit& limit) override;
  Status close() override;

 private:
  std::shared_ptr<Pollable> in_, out_;
  AcceptStep accept_;
  std::function<void()> release_;
};

// How long a blocking call (or an accept) sleeps before it looks at the deadline again.
inline constexpr std::chrono::milliseconds kWaitSlice{100};

// Between tries, as the strategy says (spin: a pause; yield: the time slice); true once
// the deadline has passed (looked at every so often: the clock costs more than a try).
class Backoff {
 public:
  explicit Backoff(const IoLimit& limit) : limit_(limit) {}
  bool pause();

 private:
  const IoLimit& limit_;
  unsigned tries_ = 0;
};

}  // namespace shmbench
