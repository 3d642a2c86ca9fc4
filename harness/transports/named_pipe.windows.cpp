// npipe-byte and npipe-message: one duplex named pipe, \\.\pipe\<name>, in byte or message
// mode. The writer creates the only instance (FILE_FLAG_FIRST_PIPE_INSTANCE: a name that
// exists is refused, never joined), the reader opens it with CreateFileW, and the writer
// completes ConnectNamedPipe on its first run. Both ends are overlapped, so the kernel
// strategy waits on an event with a deadline. A named pipe dies with its last handle:
// nothing can outlive the run.
#include "common/utf8.hpp"
#include "transports/pipe_io.windows.hpp"

namespace shmbench {

namespace {
constexpr DWORD kPipeBytes = 65536;  // each direction's buffer, as Linux's pipe default

std::wstring pipe_path(const std::string& name) { return widen_utf8("\\\\.\\pipe\\" + name); }

class NamedPipeConnection final : public Connection {
 public:
  NamedPipeConnection(PipeHandle pipe, bool messages, bool server)
      : pipe_(std::move(pipe)), event_(CreateEventW(nullptr, TRUE, FALSE, nullptr)), messages_(messages),
        connected_(!server) {}
  Status accept(const IoLimit& limit) override {
    if (connected_) return {};
    OVERLAPPED ov{};
    ov.hEvent = event_.get();
    if (!ConnectNamedPipe(pipe_.get(), &ov)) {
      const DWORD code = GetLastError();
      if (code == ERROR_IO_PENDING) {
        for (;;) {
          if (WaitForSingleObject(ov.hEvent, static_cast<DWORD>(kWaitSlice.count())) == WAIT_OBJECT_0) break;
          if (std::chrono::steady_clock::now() >= limit.deadline) {
            CancelIoEx(pipe_.get(), &ov);
            DWORD ignored = 0;
            GetOverlappedResult(pipe_.get(), &ov, &ignored, TRUE);
            return Error{ErrorKind::other, 0, "ConnectNamedPipe", "the reader did not connect in time"};
          }
        }
        DWORD ignored = 0;
        if (!GetOverlappedResult(pipe_.get(), &ov, &ignored, FALSE)) return last_os_error("ConnectNamedPipe");
      } else if (code != ERROR_PIPE_CONNECTED) {  // connected between create and now: fine
        return error_from_win32(code, "ConnectNamedPipe");
      }
    }
    connected_ = true;
    return {};
  }
  IoResult send(const std::byte* data, std::size_t size, const IoLimit& limit) override {
    return pipe_write(end(), data, size, limit);
  }
  IoResult receive(std::byte* data, std::size_t size, const IoLimit& limit) override {
    return pipe_read(end(), data, size, limit);
  }
  Status close() override {
    pipe_.reset();
    event_.reset();
    return {};
  }

 private:
  PipeEnd end() const { return PipeEnd{pipe_.get(), event_.get(), true, messages_}; }
  PipeHandle pipe_, event_;
  bool messages_;
  bool connected_;
};

class NamedPipeTransport final : public Transport {
 public:
  explicit NamedPipeTransport(bool messages) : messages_(messages) {}
  std::string_view name() const override { return messages_ ? "npipe-message" : "npipe-byte"; }
  std::string_view flags() const override {
    return messages_ ? "CreateNamedPipeW(PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED | FILE_FLAG_FIRST_PIPE_INSTANCE, "
                       "PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_REJECT_REMOTE_CLIENTS, 1 instance, 64 KiB each "
                       "way); CreateFileW(FILE_FLAG_OVERLAPPED) + SetNamedPipeHandleState; ReadFile / WriteFile; spin and "
                       "yield poll PeekNamedPipe"
                     : "CreateNamedPipeW(PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED | FILE_FLAG_FIRST_PIPE_INSTANCE, "
                       "PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_REJECT_REMOTE_CLIENTS, 1 instance, 64 KiB each way); "
                       "CreateFileW(FILE_FLAG_OVERLAPPED); ReadFile / WriteFile; spin and yield poll PeekNamedPipe";
  }
  std::string_view kernel_wait() const override {
    return "an overlapped ReadFile / WriteFile and WaitForSingleObject on its event";
  }
  std::optional<std::string> unavailable(std::uint64_t) const override { return std::nullopt; }

  Result<CreatedEnd> create(const std::string& name, const ChannelShape&) override {
    const DWORD mode = (messages_ ? PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE : PIPE_TYPE_BYTE | PIPE_READMODE_BYTE) |
                       PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS;
    HANDLE h = CreateNamedPipeW(pipe_path(name).c_str(),
                                PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED | FILE_FLAG_FIRST_PIPE_INSTANCE, mode, 1,
                                kPipeBytes, kPipeBytes, 0, nullptr);
    if (h == INVALID_HANDLE_VALUE) {
      Error e = last_os_error("CreateNamedPipeW");
      // FILE_FLAG_FIRST_PIPE_INSTANCE on a name in use fails with access denied.
      if (e.native_code == ERROR_ACCESS_DENIED || e.native_code == ERROR_PIPE_BUSY) e.kind = ErrorKind::already_exists;
      return e;
    }
    return CreatedEnd{std::make_unique<NamedPipeConnection>(PipeHandle(h), messages_, true), std::string()};
  }

  Result<std::unique_ptr<Connection>> open(const std::string& name, const std::string&, const ChannelShape&) override {
    HANDLE h = CreateFileW(pipe_path(name).c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, OPEN_EXISTING,
                           FILE_FLAG_OVERLAPPED, nullptr);
    if (h == INVALID_HANDLE_VALUE) return last_os_error("CreateFileW(\\\\.\\pipe\\" + name + ")");
    PipeHandle pipe(h);
    if (messages_) {
      DWORD read_mode = PIPE_READMODE_MESSAGE;
      if (!SetNamedPipeHandleState(pipe.get(), &read_mode, nullptr, nullptr))
        return last_os_error("SetNamedPipeHandleState(PIPE_READMODE_MESSAGE)");
    }
    return std::unique_ptr<Connection>(new NamedPipeConnection(std::move(pipe), messages_, false));
  }

  Status remove(const std::string&) override { return {}; }

 private:
  bool messages_;
};
}  // namespace

std::unique_ptr<Transport> make_npipe_byte_transport() { return std::make_unique<NamedPipeTransport>(false); }
std::unique_ptr<Transport> make_npipe_message_transport() { return std::make_unique<NamedPipeTransport>(true); }

}  // namespace shmbench
