// Linux descriptors for the transports: an owning descriptor, and the Pollable over one
// (a pipe's or FIFO's end with read/write, a socket with recv/send). A descriptor is
// non-blocking for spin and yield, blocking for kernel (io_loop.hpp): a socket then with
// SO_RCVTIMEO / SO_SNDTIMEO of one wait slice, a pipe's end without any timeout.
#pragma once

#include <memory>
#include <string>

#include "transports/io_loop.hpp"

namespace shmbench {

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = other.release();
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset();

 private:
  int fd_ = -1;
};

// A write to a pipe whose reader is gone raises SIGPIPE, which would kill the worker
// before it could say so: ignored, the write fails with EPIPE and the row says "closed".
void ignore_broken_pipes();

class FdPollable final : public Pollable {
 public:
  enum class Calls { read_write, socket, seqpacket };
  FdPollable(Fd fd, Calls calls) : fd_(std::move(fd)), calls_(calls) {}
  Attempt try_read(std::byte* data, std::size_t size) override;
  Attempt try_write(const std::byte* data, std::size_t size) override;
  bool keeps_boundaries() const override { return calls_ == Calls::seqpacket; }
  int fd() const { return fd_.get(); }

 private:
  Fd fd_;
  Calls calls_;
};

// The Pollable over `fd`, its blocking mode set for `wait` (see the top of this file).
Result<std::shared_ptr<Pollable>> fd_pollable(Fd fd, FdPollable::Calls calls, IoWait wait);

// What a failed read or write says: would_block for EAGAIN and EINTR, closed for EPIPE
// and ECONNRESET, failed otherwise (with errno's text).
Attempt attempt_from_errno(int code, const char* call);
// poll() on one descriptor for `events`, up to `slice`; a hang-up or error counts as
// ready (the next call then says what happened). For accept, which waits a slice at a time.
Status poll_one(int fd, short events, std::chrono::milliseconds slice);
// Sets a descriptor blocking or not.
Status set_blocking(int fd, bool blocking);

}  // namespace shmbench
