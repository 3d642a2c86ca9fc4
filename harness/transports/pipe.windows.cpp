// pipe: two anonymous pipes (CreatePipe), one each way. A parent would hand the ends to
// its child by inheritance; here writer and reader are sibling processes, so the reader
// copies the writer's ends into itself with DuplicateHandle (the writer's pid and handle
// values travel as the channel's address), and the writer closes its copies of the
// reader's ends on its first run, so either side's death shows as a broken pipe. Nothing
// has a name: nothing can outlive the run. Anonymous pipes have no overlapped mode, so
// the kernel strategy's reads are plain blocking ReadFile calls (pipe_io.windows.hpp).
#include <cstdio>

#include "transports/pipe_io.windows.hpp"

namespace shmbench {

namespace {
constexpr DWORD kPipeBytes = 65536;  // the buffer asked of CreatePipe, as Linux's default

class AnonymousPipeConnection final : public Connection {
 public:
  AnonymousPipeConnection(PipeHandle in, PipeHandle out, PipeHandle kept_a = {}, PipeHandle kept_b = {})
      : in_(std::move(in)), out_(std::move(out)), kept_a_(std::move(kept_a)), kept_b_(std::move(kept_b)) {}
  Status accept(const IoLimit&) override {
    kept_a_.reset();
    kept_b_.reset();
    return {};
  }
  IoResult send(const std::byte* data, std::size_t size, const IoLimit& limit) override {
    return pipe_write(PipeEnd{out_.get(), nullptr, false, false}, data, size, limit);
  }
  IoResult receive(std::byte* data, std::size_t size, const IoLimit& limit) override {
    return pipe_read(PipeEnd{in_.get(), nullptr, false, false}, data, size, limit);
  }
  Status close() override {
    in_.reset();
    out_.reset();
    kept_a_.reset();
    kept_b_.reset();
    return {};
  }

 private:
  PipeHandle in_, out_;
  PipeHandle kept_a_, kept_b_;  // the writer's copies of the reader's ends, until accept
};

Result<PipeHandle> copy_from(HANDLE process, unsigned long long value, const char* what) {
  HANDLE mine = nullptr;
  if (!DuplicateHandle(process, reinterpret_cast<HANDLE>(static_cast<std::uintptr_t>(value)), GetCurrentProcess(), &mine, 0,
                       FALSE, DUPLICATE_SAME_ACCESS))
    return last_os_error(std::string("DuplicateHandle(") + what + ")");
  return PipeHandle(mine);
}

class PipeTransport final : public Transport {
 public:
  std::string_view name() const override { return "pipe"; }
  std::string_view flags() const override {
    return "CreatePipe x2 (one each way, 64 KiB asked); the reader copies the writer's ends with DuplicateHandle; "
           "ReadFile / WriteFile; spin and yield poll PeekNamedPipe";
  }
  std::string_view kernel_wait() const override { return "a blocking ReadFile (anonymous pipes have no overlapped mode)"; }
  std::optional<std::string> unavailable(std::uint64_t) const override { return std::nullopt; }

  Result<CreatedEnd> create(const std::string&, const ChannelShape&) override {
    HANDLE r1 = nullptr, w1 = nullptr, r2 = nullptr, w2 = nullptr;
    if (!CreatePipe(&r1, &w1, nullptr, kPipeBytes)) return last_os_error("CreatePipe");
    PipeHandle reader_in(r1), writer_out(w1);
    if (!CreatePipe(&r2, &w2, nullptr, kPipeBytes)) return last_os_error("CreatePipe");
    PipeHandle writer_in(r2), reader_out(w2);
    char address[96];
    std::snprintf(address, sizeof address, "%lu:%llu:%llu", static_cast<unsigned long>(GetCurrentProcessId()),
                  static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(reader_in.get())),
                  static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(reader_out.get())));
    return CreatedEnd{std::make_unique<AnonymousPipeConnection>(std::move(writer_in), std::move(writer_out),
                                                                std::move(reader_in), std::move(reader_out)),
                      address};
  }

  Result<std::unique_ptr<Connection>> open(const std::string&, const std::string& address, const ChannelShape&) override {
    unsigned long pid = 0;
    unsigned long long in_value = 0, out_value = 0;
    char tail = 0;
    if (std::sscanf(address.c_str(), "%lu:%llu:%llu%c", &pid, &in_value, &out_value, &tail) != 3)
      return Error{ErrorKind::invalid_argument, 0, "pipe open", "bad address '" + address + "'"};
    PipeHandle writer(OpenProcess(PROCESS_DUP_HANDLE, FALSE, pid));
    if (!writer.valid()) return last_os_error("OpenProcess(PROCESS_DUP_HANDLE)");
    auto in = copy_from(writer.get(), in_value, "read end");
    if (!in.ok()) return in.error();
    auto out = copy_from(writer.get(), out_value, "write end");
    if (!out.ok()) return out.error();
    return std::unique_ptr<Connection>(new AnonymousPipeConnection(std::move(in.value()), std::move(out.value())));
  }

  Status remove(const std::string&) override { return {}; }
};
}  // namespace

std::unique_ptr<Transport> make_pipe_transport() { return std::make_unique<PipeTransport>(); }

}  // namespace shmbench
