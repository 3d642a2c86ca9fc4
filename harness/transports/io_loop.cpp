#include "transports/io_loop.hpp"

#include "common/cpu_relax.hpp"
#include "os/thread.hpp"

namespace shmbench {

namespace {
using Clock = std::chrono::steady_clock;

IoResult from(const Attempt& attempt) {
  if (attempt.kind == Attempt::Kind::closed) return {IoResult::Kind::closed, attempt.error};
  return IoResult::failure(attempt.error);
}

// The loop both directions share: `attempt(offset)` moves what it can of the rest of
// the message; nothing moved is retried as the strategy says.
template <typename Try>
IoResult move_message(Pollable& channel, std::size_t size, const IoLimit& limit, Try attempt) {
  Backoff backoff(limit);
  std::size_t done = 0;
  while (done < size) {
    const Attempt a = attempt(done);
    switch (a.kind) {
      case Attempt::Kind::moved:
        if (channel.keeps_boundaries() && a.bytes != size)
          return IoResult::failure(Error{ErrorKind::data_mismatch, 0, "receive",
                                         "a message of " + std::to_string(a.bytes) + " bytes, expected " +
                                             std::to_string(size)});
        done += a.bytes;
        continue;
      case Attempt::Kind::would_block:
        // kernel: a blocking call's slice passed; spin and yield: the channel was not ready.
        if (limit.wait == IoWait::kernel ? Clock::now() >= limit.deadline : backoff.pause())
          return {IoResult::Kind::timed_out, {}};
        continue;
      case Attempt::Kind::closed:
      case Attempt::Kind::failed: return from(a);
    }
  }
  return {};
}
}  // namespace

bool Backoff::pause() {
  if (limit_.wait == IoWait::yield) yield_current_thread();
  else cpu_relax();
  const unsigned check_every = limit_.wait == IoWait::yield ? 16 : 1024;
  return ++tries_ % check_every == 0 && Clock::now() >= limit_.deadline;
}

IoResult read_message(Pollable& channel, std::byte* data, std::size_t size, const IoLimit& limit) {
  return move_message(channel, size, limit, [&](std::size_t done) { return channel.try_read(data + done, size - done); });
}

IoResult write_message(Pollable& channel, const std::byte* data, std::size_t size, const IoLimit& limit) {
  return move_message(channel, size, limit,
                      [&](std::size_t done) { return channel.try_write(data + done, size - done); });
}

Status PollableConnection::accept(const IoLimit& limit) {
  if (!accept_) return {};
  const AcceptStep step = std::move(accept_);
  accept_ = nullptr;
  Status accepted = step(limit, *this);
  return accepted;
}

IoResult PollableConnection::send(const std::byte* data, std::size_t size, const IoLimit& limit) {
  if (!out_) return IoResult::failure(Error{ErrorKind::invalid_argument, 0, "send", "the connection is closed"});
  return write_message(*out_, data, size, limit);
}

IoResult PollableConnection::receive(std::byte* data, std::size_t size, const IoLimit& limit) {
  if (!in_) return IoResult::failure(Error{ErrorKind::invalid_argument, 0, "receive", "the connection is closed"});
  return read_message(*in_, data, size, limit);
}

Status PollableConnection::close() {
  in_.reset();
  out_.reset();
  accept_ = nullptr;
  if (release_) {
    auto release = std::move(release_);
    release_ = nullptr;
    release();
  }
  return {};
}

}  // namespace shmbench
