// Moving whole messages through a Windows pipe handle, anonymous or named, with the
// transfer scenario's wait strategies:
//   spin, yield  PeekNamedPipe until the bytes (or a whole message) are there, then a
//                ReadFile that does not wait; no overlapped completion is polled, since
//                under Wine a completion is delivered only when the thread next calls in
//   kernel       an overlapped ReadFile and WaitForSingleObject on its event (named
//                pipes opened with FILE_FLAG_OVERLAPPED), or a plain blocking ReadFile
//                (anonymous pipes, which have no overlapped mode: a peer that hangs is
//                then ended by the controller's --timeout, not by this side)
// Writes go out with WriteFile, overlapped where the handle is, and wait as above when
// the pipe is full.
#pragma once

#include <windows.h>

#include "transports/io_loop.hpp"

namespace shmbench {

class PipeHandle {
 public:
  PipeHandle() = default;
  explicit PipeHandle(HANDLE h) : h_(h) {}
  ~PipeHandle() { reset(); }
  PipeHandle(PipeHandle&& other) noexcept : h_(other.release()) {}
  PipeHandle& operator=(PipeHandle&& other) noexcept {
    if (this != &other) {
      reset();
      h_ = other.release();
    }
    return *this;
  }
  PipeHandle(const PipeHandle&) = delete;
  PipeHandle& operator=(const PipeHandle&) = delete;
  HANDLE get() const { return h_; }
  bool valid() const { return h_ != nullptr && h_ != INVALID_HANDLE_VALUE; }
  HANDLE release() {
    HANDLE h = h_;
    h_ = nullptr;
    return h;
  }
  void reset() {
    if (valid()) CloseHandle(h_);
    h_ = nullptr;
  }

 private:
  HANDLE h_ = nullptr;
};

struct PipeEnd {
  HANDLE handle = nullptr;
  HANDLE event = nullptr;   // a manual-reset event for overlapped operations (one at a time)
  bool overlapped = false;  // opened with FILE_FLAG_OVERLAPPED (named pipes)
  bool messages = false;    // read in PIPE_READMODE_MESSAGE: one ReadFile per message
};

IoResult pipe_read(const PipeEnd& end, std::byte* data, std::size_t size, const IoLimit& limit);
IoResult pipe_write(const PipeEnd& end, const std::byte* data, std::size_t size, const IoLimit& limit);

// Whether a Win32 error means the other end is gone (broken pipe, no longer connected).
bool peer_gone(DWORD code);

}  // namespace shmbench
