#include "transports/pipe_io.windows.hpp"

#include <algorithm>

namespace shmbench {

namespace {
using Clock = std::chrono::steady_clock;

IoResult from_code(DWORD code, const char* call) {
  if (peer_gone(code)) return {IoResult::Kind::closed, error_from_win32(code, call)};
  return IoResult::failure(error_from_win32(code, call));
}

DWORD chunk(std::size_t size) { return static_cast<DWORD>(std::min<std::size_t>(size, 1u << 30)); }

// Waits for an overlapped operation already pending on `end`: in the kernel, or, for
// spin and yield, asking the event without sleeping (a call in, which is also how Wine
// delivers the completion). On the deadline the operation is cancelled.
IoResult finish_overlapped(const PipeEnd& end, OVERLAPPED& ov, DWORD& moved, const IoLimit& limit, const char* call,
                           bool* more_data = nullptr) {
  Backoff backoff(limit);
  for (;;) {
    DWORD slice = 0;
    if (limit.wait == IoWait::kernel) {
      const auto now = Clock::now();
      const auto left = now >= limit.deadline ? std::chrono::milliseconds(0)
                                              : std::chrono::ceil<std::chrono::milliseconds>(limit.deadline - now);
      slice = static_cast<DWORD>(std::min(left, kWaitSlice).count());
    }
    const DWORD waited = WaitForSingleObject(ov.hEvent, slice);
    if (waited == WAIT_OBJECT_0) break;
    if (waited != WAIT_TIMEOUT) return IoResult::failure(last_os_error("WaitForSingleObject"));
    const bool late = limit.wait == IoWait::kernel ? Clock::now() >= limit.deadline : backoff.pause();
    if (late) {
      CancelIoEx(end.handle, &ov);
      GetOverlappedResult(end.handle, &ov, &moved, TRUE);
      return {IoResult::Kind::timed_out, {}};
    }
  }
  if (!GetOverlappedResult(end.handle, &ov, &moved, FALSE)) {
    const DWORD code = GetLastError();
    if (code != ERROR_MORE_DATA) return from_code(code, call);
    if (more_data != nullptr) *more_data = true;
  }
  return {};
}

// One ReadFile of up to `want` bytes; `message_done` says whether a message-mode read
// ended its message (not ERROR_MORE_DATA).
IoResult read_once(const PipeEnd& end, std::byte* data, DWORD want, DWORD& got, bool& message_done,
                   const IoLimit& limit) {
  message_done = true;
  got = 0;
  if (!end.overlapped) {
    if (ReadFile(end.handle, data, want, &got, nullptr)) return {};
    const DWORD code = GetLastError();
    if (code == ERROR_MORE_DATA) {
      message_done = false;
      return {};
    }
    return from_code(code, "ReadFile");
  }
  OVERLAPPED ov{};
  ov.hEvent = end.event;
  if (ReadFile(end.handle, data, want, nullptr, &ov)) {
    GetOverlappedResult(end.handle, &ov, &got, FALSE);
    return {};
  }
  const DWORD code = GetLastError();
  if (code == ERROR_MORE_DATA) {
    GetOverlappedResult(end.handle, &ov, &got, FALSE);
    message_done = false;
    return {};
  }
  if (code != ERROR_IO_PENDING) return from_code(code, "ReadFile");
  bool more = false;
  IoResult done = finish_overlapped(end, ov, got, limit, "ReadFile", &more);
  message_done = !more;
  return done;
}
}  // namespace

bool peer_gone(DWORD code) {
  return code == ERROR_BROKEN_PIPE || code == ERROR_NO_DATA || code == ERROR_PIPE_NOT_CONNECTED;
}

IoResult pipe_read(const PipeEnd& end, std::byte* data, std::size_t size, const IoLimit& limit) {
  Backoff backoff(limit);
  std::size_t done = 0;
  while (done < size) {
    DWORD want = chunk(size - done);
    if (limit.wait != IoWait::kernel) {
      DWORD available = 0;
      if (!PeekNamedPipe(end.handle, nullptr, 0, nullptr, &available, nullptr))
        return from_code(GetLastError(), "PeekNamedPipe");
      if (available == 0) {
        if (backoff.pause()) return {IoResult::Kind::timed_out, {}};
        continue;
      }
      want = std::min<DWORD>(want, available);
    }
    DWORD got = 0;
    bool message_done = true;
    IoResult read = read_once(end, data + done, want, got, message_done, limit);
    if (!read.ok()) return read;
    if (got == 0 && !end.overlapped && limit.wait == IoWait::kernel)
      return {IoResult::Kind::closed, {}};  // a blocking read of nothing: end of file
    done += got;
    if (end.messages && message_done && done != size)
      return IoResult::failure(Error{ErrorKind::data_mismatch, 0, "ReadFile",
                                     "a message of " + std::to_string(done) + " bytes, expected " + std::to_string(size)});
  }
  return {};
}

IoResult pipe_write(const PipeEnd& end, const std::byte* data, std::size_t size, const IoLimit& limit) {
  std::size_t done = 0;
  while (done < size) {
    DWORD put = 0;
    if (!end.overlapped) {
      // Anonymous pipes: the write waits in the kernel until the pipe has taken it all.
      if (!WriteFile(end.handle, data + done, chunk(size - done), &put, nullptr)) return from_code(GetLastError(), "WriteFile");
    } else {
      OVERLAPPED ov{};
      ov.hEvent = end.event;
      if (WriteFile(end.handle, data + done, chunk(size - done), nullptr, &ov)) {
        GetOverlappedResult(end.handle, &ov, &put, FALSE);
      } else {
        const DWORD code = GetLastError();
        if (code != ERROR_IO_PENDING) return from_code(code, "WriteFile");
        IoResult finished = finish_overlapped(end, ov, put, limit, "WriteFile");
        if (!finished.ok()) return finished;
      }
    }
    done += put;
  }
  return {};
}

}  // namespace shmbench
