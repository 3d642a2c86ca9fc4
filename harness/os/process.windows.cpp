#include <windows.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cwchar>
#include <mutex>
#include <random>

#include "common/utf8.hpp"
#include "os/filetime.windows.hpp"
#include "os/interrupt_impl.hpp"
#include "os/process_impl.hpp"

namespace shmbench {

namespace {
// Quotes one argument by the rules CommandLineToArgvW and the C runtime parse with.
std::wstring quote_argument(const std::wstring& arg) {
  if (!arg.empty() && arg.find_first_of(L" \t\n\v\"") == std::wstring::npos) return arg;
  std::wstring out = L"\"";
  std::size_t backslashes = 0;
  for (wchar_t c : arg) {
    if (c == L'\\') {
      ++backslashes;
      continue;
    }
    if (c == L'"') out.append(backslashes * 2 + 1, L'\\');
    else out.append(backslashes, L'\\');
    backslashes = 0;
    out += c;
  }
  out.append(backslashes * 2, L'\\');
  return out + L"\"";
}

// Every child joins this job; when the controller dies its handle closes and the
// system kills whatever is still in the job.
HANDLE kill_on_close_job() {
  static HANDLE job = [] {
    HANDLE h = CreateJobObjectW(nullptr, nullptr);
    if (h != nullptr) {
      JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
      limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
      SetInformationJobObject(h, JobObjectExtendedLimitInformation, &limits, sizeof limits);
    }
    return h;
  }();
  return job;
}

// Closes its handle once; empty when holding nullptr. Local to this file, where every
// early return of spawn() must release what it made so far.
class UniqueHandle {
 public:
  UniqueHandle() = default;
  explicit UniqueHandle(HANDLE h) : h_(h == INVALID_HANDLE_VALUE ? nullptr : h) {}
  ~UniqueHandle() { reset(); }
  UniqueHandle(const UniqueHandle&) = delete;
  UniqueHandle& operator=(const UniqueHandle&) = delete;
  HANDLE get() const { return h_; }
  HANDLE release() {
    HANDLE h = h_;
    h_ = nullptr;
    return h;
  }
  void reset(HANDLE h = nullptr) {
    if (h_ != nullptr) CloseHandle(h_);
    h_ = h;
  }

 private:
  HANDLE h_ = nullptr;
};

DWORD wait_ms(std::chrono::milliseconds timeout) {
  return static_cast<DWORD>(std::clamp<long long>(timeout.count(), 0, INFINITE - 1));
}

class WindowsChild final : public ChildProcess::Impl {
 public:
  WindowsChild(PROCESS_INFORMATION info, HANDLE to_child, HANDLE from_child, HANDLE read_done)
      : process_(info.hProcess), pid_(static_cast<long>(info.dwProcessId)), to_child_(to_child),
        from_child_(from_child), read_done_(read_done) {
    CloseHandle(info.hThread);
  }
  ~WindowsChild() override {
    close_pipes();
    CloseHandle(process_);
  }

  Status write_all(const std::string& text) override {
    if (to_child_ == nullptr) return Error{ErrorKind::other, 0, "WriteFile to child", "its stdin is closed"};
    std::size_t done = 0;
    while (done < text.size()) {
      DWORD n = 0;
      if (!WriteFile(to_child_, text.data() + done, static_cast<DWORD>(text.size() - done), &n, nullptr))
        return last_os_error("WriteFile to child");
      done += n;
    }
    return {};
  }

  std::optional<ExitStatus> wait(std::chrono::milliseconds timeout) override {
    if (!status_) {
      if (WaitForSingleObject(process_, wait_ms(timeout)) != WAIT_OBJECT_0) return std::nullopt;
      DWORD code = 0;
      GetExitCodeProcess(process_, &code);
      status_ = ExitStatus{static_cast<int>(code), false};
    }
    return status_;
  }

  void close_stdin() override {
    if (to_child_ != nullptr) CloseHandle(to_child_);
    to_child_ = nullptr;
  }
  void terminate() override {}  // closing stdin was the request (see process_impl.hpp)
  void kill() override {
    if (!status_) TerminateProcess(process_, 137);
  }

  void close_pipes() override {
    close_stdin();
    if (reading_) {
      // The pending read writes into chunk_ and ov_: it must be over before they go.
      DWORD n = 0;
      CancelIoEx(from_child_, &ov_);
      GetOverlappedResult(from_child_, &ov_, &n, TRUE);
      reading_ = false;
    }
    if (from_child_ != nullptr) CloseHandle(from_child_);
    if (read_done_ != nullptr) CloseHandle(read_done_);
    from_child_ = read_done_ = nullptr;
    closed_ = true;
  }

  long pid() const override { return pid_; }

  // Keeps one overlapped read pending on the child's stdout; false once it is closed.
  bool arm_read() {
    if (closed_) return false;
    if (reading_) return true;
    ov_ = OVERLAPPED{};
    ov_.hEvent = read_done_;
    // Even a read that completes at once signals the event, so completion is handled
    // in one place (collect_read).
    if (ReadFile(from_child_, chunk_, sizeof chunk_, nullptr, &ov_) || GetLastError() == ERROR_IO_PENDING) {
      reading_ = true;
      return true;
    }
    closed_ = true;  // ERROR_BROKEN_PIPE: the child's end is closed
    return false;
  }

  HANDLE read_done() const { return read_done_; }

  // After read_done() was signalled: appends what the read got.
  ReadSome::Kind collect_read(std::string& buffer) {
    DWORD n = 0;
    if (!GetOverlappedResult(from_child_, &ov_, &n, FALSE)) {
      if (GetLastError() == ERROR_IO_INCOMPLETE) return ReadSome::Kind::timeout;
      reading_ = false;
      closed_ = true;  // ERROR_BROKEN_PIPE, or a read that cannot go on
      return ReadSome::Kind::closed;
    }
    reading_ = false;
    buffer.append(chunk_, n);
    return ReadSome::Kind::data;
  }

 private:
  HANDLE process_;
  long pid_;
  HANDLE to_child_;    // anonymous pipe, synchronous writes
  HANDLE from_child_;  // server end of a named pipe opened for overlapped reads
  HANDLE read_done_;   // manual-reset event of ov_
  OVERLAPPED ov_{};
  char chunk_[4096];
  bool reading_ = false;
  bool closed_ = false;
  std::optional<ExitStatus> status_;
};

// A pipe name nobody can guess or have taken: our pid, a counter and random bits.
std::wstring unique_pipe_name() {
  static std::atomic<unsigned> counter{0};
  static std::mt19937_64 random = [] {
    std::random_device device;
    return std::mt19937_64((static_cast<std::uint64_t>(device()) << 32) ^ device() ^
                           static_cast<std::uint64_t>(GetTickCount64()));
  }();
  static std::mutex random_lock;
  std::uint64_t bits = 0;
  {
    std::lock_guard<std::mutex> lock(random_lock);
    bits = random();
  }
  wchar_t hex[17];
  swprintf(hex, 17, L"%016llx", static_cast<unsigned long long>(bits));
  return L"\\\\.\\pipe\\shmbench-" + std::to_wstring(GetCurrentProcessId()) + L"-" +
         std::to_wstring(counter.fetch_add(1)) + L"-" + hex;
}
}  // namespace

ReadSome read_some_any(const std::vector<ReadTarget>& targets, std::chrono::milliseconds timeout) {
  // Slot 0 is the interrupt event: WaitForMultipleObjects reports the lowest signalled
  // slot, so an interrupt wins over output.
  std::vector<HANDLE> events;
  events.reserve(targets.size() + 1);
  HANDLE wake = static_cast<HANDLE>(interrupt_event());
  const std::size_t first = wake != nullptr ? 1 : 0;
  if (wake != nullptr) events.push_back(wake);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    auto* child = static_cast<WindowsChild*>(targets[i].child);
    if (!child->arm_read()) return {ReadSome::Kind::closed, i};
    events.push_back(child->read_done());
  }
  // One wait takes at most MAXIMUM_WAIT_OBJECTS handles; a longer list is waited on in
  // turns of a few milliseconds per slice.
  const std::size_t slice = MAXIMUM_WAIT_OBJECTS - first;
  const bool sliced = targets.size() > slice;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (std::size_t offset = 0;; offset = offset + slice < targets.size() ? offset + slice : 0) {
    std::vector<HANDLE> group;
    if (wake != nullptr) group.push_back(wake);
    const std::size_t count = std::min(slice, targets.size() - offset);
    group.insert(group.end(), events.begin() + static_cast<std::ptrdiff_t>(first + offset),
                 events.begin() + static_cast<std::ptrdiff_t>(first + offset + count));
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    const DWORD ms = sliced ? std::min<DWORD>(wait_ms(left), 5) : wait_ms(left);
    const DWORD got = group.empty() ? (Sleep(ms), WAIT_TIMEOUT)
                                    : WaitForMultipleObjects(static_cast<DWORD>(group.size()), group.data(), FALSE, ms);
    if (got >= WAIT_OBJECT_0 && got < WAIT_OBJECT_0 + group.size()) {
      const std::size_t slot = got - WAIT_OBJECT_0;
      if (slot < first) return {ReadSome::Kind::interrupted, 0};
      const std::size_t index = offset + slot - first;
      const ReadSome::Kind kind = static_cast<WindowsChild*>(targets[index].child)->collect_read(*targets[index].buffer);
      return {kind, index};
    }
    // WAIT_TIMEOUT, or WAIT_FAILED (the caller's deadline still ends the wait).
    if (!sliced || std::chrono::steady_clock::now() >= deadline) return {ReadSome::Kind::timeout, 0};
  }
}

Result<std::unique_ptr<ChildProcess::Impl>> ChildProcess::Impl::spawn(const std::string& program,
                                                                      const std::vector<std::string>& args,
                                                                      ChildStderr stderr_to,
                                                                      const std::vector<int>& cpus) {
  // stdin: an anonymous pipe; only the child's end is made inheritable.
  HANDLE raw_child_stdin = nullptr, raw_to_child = nullptr;
  if (!CreatePipe(&raw_child_stdin, &raw_to_child, nullptr, 0)) return last_os_error("CreatePipe");
  UniqueHandle child_stdin(raw_child_stdin), to_child(raw_to_child);
  if (!SetHandleInformation(child_stdin.get(), HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT))
    return last_os_error("SetHandleInformation");

  // stdout: a named pipe, because anonymous pipes cannot be read with a timeout. Our
  // end is the overlapped server; the child's end a plain synchronous client.
  const std::wstring pipe_name = unique_pipe_name();
  UniqueHandle from_child(CreateNamedPipeW(
      pipe_name.c_str(), PIPE_ACCESS_INBOUND | FILE_FLAG_OVERLAPPED | FILE_FLAG_FIRST_PIPE_INSTANCE,
      PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS, 1, 0, 64 * 1024, 0, nullptr));
  if (from_child.get() == nullptr) return last_os_error("CreateNamedPipeW");
  SECURITY_ATTRIBUTES inheritable{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  UniqueHandle child_stdout(
      CreateFileW(pipe_name.c_str(), GENERIC_WRITE, 0, &inheritable, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr));
  if (child_stdout.get() == nullptr) return last_os_error("CreateFileW (child's stdout)");
  UniqueHandle read_done(CreateEventW(nullptr, TRUE, FALSE, nullptr));
  if (read_done.get() == nullptr) return last_os_error("CreateEventW");

  // stderr is shared (an inheritable duplicate of ours, if we have one) or the stdout pipe.
  UniqueHandle child_stderr;
  HANDLE our_stderr = GetStdHandle(STD_ERROR_HANDLE);
  if (stderr_to == ChildStderr::shared && our_stderr != nullptr && our_stderr != INVALID_HANDLE_VALUE) {
    HANDLE duplicate = nullptr;
    if (DuplicateHandle(GetCurrentProcess(), our_stderr, GetCurrentProcess(), &duplicate, 0, TRUE,
                        DUPLICATE_SAME_ACCESS))
      child_stderr.reset(duplicate);
  }

  // The child inherits exactly these handles, so children started at the same time
  // from different threads never get each other's pipe ends (which would keep a pipe
  // open after its child exits, hiding the end-of-file).
  std::vector<HANDLE> inherited = {child_stdin.get(), child_stdout.get()};
  if (child_stderr.get() != nullptr) inherited.push_back(child_stderr.get());
  SIZE_T list_size = 0;
  InitializeProcThreadAttributeList(nullptr, 1, 0, &list_size);
  std::vector<char> list_storage(list_size);
  auto* attributes = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(list_storage.data());
  if (!InitializeProcThreadAttributeList(attributes, 1, 0, &list_size))
    return last_os_error("InitializeProcThreadAttributeList");
  struct ListGuard {
    LPPROC_THREAD_ATTRIBUTE_LIST list;
    ~ListGuard() { DeleteProcThreadAttributeList(list); }
  } list_guard{attributes};
  if (!UpdateProcThreadAttribute(attributes, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherited.data(),
                                 inherited.size() * sizeof(HANDLE), nullptr, nullptr))
    return last_os_error("UpdateProcThreadAttribute (handle list)");

  std::wstring command_line = quote_argument(widen_utf8(program));
  for (const auto& arg : args) command_line += L" " + quote_argument(widen_utf8(arg));

  STARTUPINFOEXW startup{};
  startup.StartupInfo.cb = sizeof startup;
  startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
  startup.StartupInfo.hStdInput = child_stdin.get();
  startup.StartupInfo.hStdOutput = child_stdout.get();
  startup.StartupInfo.hStdError = stderr_to == ChildStderr::with_stdout ? child_stdout.get() : child_stderr.get();
  startup.lpAttributeList = attributes;
  PROCESS_INFORMATION info{};
  const std::wstring wide_program = widen_utf8(program);
  // Suspended until it is in the job, so it cannot outlive us even for a moment.
  if (!CreateProcessW(wide_program.c_str(), command_line.data(), nullptr, nullptr, TRUE,
                      CREATE_SUSPENDED | EXTENDED_STARTUPINFO_PRESENT, nullptr, nullptr, &startup.StartupInfo, &info))
    return last_os_error("CreateProcessW");
  if (HANDLE job = kill_on_close_job()) AssignProcessToJobObject(job, info.hProcess);
  if (!cpus.empty()) {
    // Before it runs a single instruction; the processes it starts inherit the mask.
    DWORD_PTR mask = 0;
    for (int cpu : cpus)
      if (cpu >= 0 && cpu < static_cast<int>(8 * sizeof mask)) mask |= DWORD_PTR{1} << cpu;
    SetProcessAffinityMask(info.hProcess, mask);
  }
  ResumeThread(info.hThread);
  // The child's ends now live in the child; ours close here, so its exit closes the pipes.
  return std::unique_ptr<Impl>(new WindowsChild(info, to_child.release(), from_child.release(), read_done.release()));
}

namespace {
std::wstring current_executable_wide() {
  std::wstring path(32768, L'\0');
  const DWORD n = GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
  path.resize(n);
  return path;
}

// A file's size and last write time; empty where they cannot be read.
struct FileStamp {
  std::uint64_t bytes = 0;
  std::uint64_t written = 0;  // FILETIME ticks
  bool known = false;
  bool operator==(const FileStamp& o) const { return known == o.known && bytes == o.bytes && written == o.written; }
};

FileStamp stamp_of(const std::wstring& path) {
  WIN32_FILE_ATTRIBUTE_DATA data{};
  if (!GetFileAttributesExW(path.c_str(), GetFileExInfoStandard, &data)) return {};
  return {(std::uint64_t{data.nFileSizeHigh} << 32) | data.nFileSizeLow, filetime_ticks(data.ftLastWriteTime), true};
}

// The program file as this process found it, read while static objects are made, before
// main() and so before any worker starts (executable_for_workers).
const FileStamp kProgramAtStart = stamp_of(current_executable_wide());
}  // namespace

std::string current_executable() { return narrow_to_utf8(current_executable_wide()); }

Result<std::string> executable_for_workers() {
  const std::wstring path = current_executable_wide();
  // Unread at the start (no right to read the file's attributes): nothing to compare with.
  if (kProgramAtStart.known && !(stamp_of(path) == kProgramAtStart))
    return Error{ErrorKind::other, 0, "worker start",
                 narrow_to_utf8(path) + " is no longer the program this run started from (rebuilt or replaced since): "
                                        "its workers would run another build; run again once the build is done"};
  return narrow_to_utf8(path);
}

void name_process_after_program() {}

long current_pid() { return static_cast<long>(GetCurrentProcessId()); }

// The job's accounting counts its processes that have ended too. Wine answers 0 for it,
// and for the times of a child that has ended (Wine 8, checked with a child that spun
// for 2 s): there the children's time is unknown, not zero.
double process_tree_cpu_seconds() {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  if (ntdll != nullptr && GetProcAddress(ntdll, "wine_get_version") != nullptr) return -1;
  FILETIME created, exited, kernel, user;
  if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user)) return -1;
  double total = filetime_seconds(kernel) + filetime_seconds(user);
  JOBOBJECT_BASIC_ACCOUNTING_INFORMATION job{};
  if (HANDLE h = kill_on_close_job()) {
    if (!QueryInformationJobObject(h, JobObjectBasicAccountingInformation, &job, sizeof job, nullptr)) return -1;
    total += static_cast<double>(job.TotalKernelTime.QuadPart + job.TotalUserTime.QuadPart) * 1e-7;
  }
  return total;
}

// CreateProcessW with no environment block of its own passes this one on.
Status set_environment_variable(const std::string& name, const std::string& value) {
  if (!SetEnvironmentVariableW(widen_utf8(name).c_str(), widen_utf8(value).c_str()))
    return last_os_error("SetEnvironmentVariableW");
  return {};
}

bool process_alive(long pid) {
  if (pid <= 0) return false;
  HANDLE process = OpenProcess(SYNCHRONIZE, FALSE, static_cast<DWORD>(pid));
  if (process == nullptr) return GetLastError() == ERROR_ACCESS_DENIED;
  const bool running = WaitForSingleObject(process, 0) == WAIT_TIMEOUT;
  CloseHandle(process);
  return running;
}

std::optional<std::int64_t> process_start_unix_ms(long pid) {
  HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(pid));
  if (process == nullptr) return std::nullopt;
  FILETIME created{}, exited{}, kernel{}, user{};
  const bool read = GetProcessTimes(process, &created, &exited, &kernel, &user) != 0;
  CloseHandle(process);
  if (!read) return std::nullopt;
  return filetime_unix_ms(created);
}

void die_abruptly() {
  TerminateProcess(GetCurrentProcess(), 137);
  ExitProcess(137);
}

}  // namespace shmbench
