#include <windows.h>

#include <algorithm>
#include <thread>

#include "os/interrupt.hpp"
#include "os/process_impl.hpp"

namespace shmbench {

namespace {
std::wstring widen(const std::string& text) {
  if (text.empty()) return {};
  const int n = MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
  std::wstring wide(static_cast<std::size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), wide.data(), n);
  return wide;
}

std::string narrow(const std::wstring& wide) {
  if (wide.empty()) return {};
  const int n = WideCharToMultiByte(CP_UTF8, 0, wide.data(), static_cast<int>(wide.size()), nullptr, 0, nullptr, nullptr);
  std::string text(static_cast<std::size_t>(n), '\0');
  WideCharToMultiByte(CP_UTF8, 0, wide.data(), static_cast<int>(wide.size()), text.data(), n, nullptr, nullptr);
  return text;
}

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

class WindowsChild final : public ChildProcess::Impl {
 public:
  WindowsChild(PROCESS_INFORMATION info, HANDLE to_child, HANDLE from_child)
      : process_(info.hProcess), pid_(static_cast<long>(info.dwProcessId)), to_child_(to_child), from_child_(from_child) {
    CloseHandle(info.hThread);
  }
  ~WindowsChild() override {
    close_pipes();
    CloseHandle(process_);
  }

  ReadSome read_some(std::string& buffer, std::chrono::milliseconds timeout) override {
    if (from_child_ == nullptr) return ReadSome::closed;
    // Anonymous pipes have no timed read; poll their byte count instead.
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      DWORD available = 0;
      if (!PeekNamedPipe(from_child_, nullptr, 0, nullptr, &available, nullptr)) return ReadSome::closed;
      if (available > 0) {
        char chunk[4096];
        DWORD n = 0;
        if (!ReadFile(from_child_, chunk, std::min<DWORD>(available, sizeof chunk), &n, nullptr) || n == 0)
          return ReadSome::closed;
        buffer.append(chunk, n);
        return ReadSome::data;
      }
      if (std::chrono::steady_clock::now() >= deadline || interrupted()) return ReadSome::timeout;
      Sleep(1);
    }
  }

  Status write_all(const std::string& text) override {
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
    if (WaitForSingleObject(process_, static_cast<DWORD>(timeout.count())) != WAIT_OBJECT_0) return std::nullopt;
    DWORD code = 0;
    GetExitCodeProcess(process_, &code);
    return ExitStatus{static_cast<int>(code), false};
  }

  void kill() override { TerminateProcess(process_, 137); }

  void close_pipes() override {
    if (to_child_ != nullptr) CloseHandle(to_child_);
    if (from_child_ != nullptr) CloseHandle(from_child_);
    to_child_ = from_child_ = nullptr;
  }

  long pid() const override { return pid_; }

 private:
  HANDLE process_;
  long pid_;
  HANDLE to_child_;
  HANDLE from_child_;
};
}  // namespace

Result<std::unique_ptr<ChildProcess::Impl>> ChildProcess::Impl::spawn(const std::string& program,
                                                                      const std::vector<std::string>& args) {
  SECURITY_ATTRIBUTES inheritable{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  HANDLE child_stdin = nullptr, to_child = nullptr, from_child = nullptr, child_stdout = nullptr;
  if (!CreatePipe(&child_stdin, &to_child, &inheritable, 0)) return last_os_error("CreatePipe");
  if (!CreatePipe(&from_child, &child_stdout, &inheritable, 0)) {
    Error error = last_os_error("CreatePipe");
    CloseHandle(child_stdin);
    CloseHandle(to_child);
    return error;
  }
  // Our ends must not leak into the child, or it would never see end-of-file.
  SetHandleInformation(to_child, HANDLE_FLAG_INHERIT, 0);
  SetHandleInformation(from_child, HANDLE_FLAG_INHERIT, 0);

  std::wstring command_line = quote_argument(widen(program));
  for (const auto& arg : args) command_line += L" " + quote_argument(widen(arg));

  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = child_stdin;
  startup.hStdOutput = child_stdout;
  startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
  PROCESS_INFORMATION info{};
  const std::wstring wide_program = widen(program);
  // Suspended until it is in the job, so it cannot outlive us even for a moment.
  const BOOL created = CreateProcessW(wide_program.c_str(), command_line.data(), nullptr, nullptr, TRUE,
                                      CREATE_SUSPENDED, nullptr, nullptr, &startup, &info);
  Error error = last_os_error("CreateProcessW");
  CloseHandle(child_stdin);
  CloseHandle(child_stdout);
  if (!created) {
    CloseHandle(to_child);
    CloseHandle(from_child);
    return error;
  }
  if (HANDLE job = kill_on_close_job()) AssignProcessToJobObject(job, info.hProcess);
  ResumeThread(info.hThread);
  return std::unique_ptr<Impl>(new WindowsChild(info, to_child, from_child));
}

std::string current_executable() {
  std::wstring path(32768, L'\0');
  const DWORD n = GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
  path.resize(n);
  return narrow(path);
}

long current_pid() { return static_cast<long>(GetCurrentProcessId()); }

bool process_alive(long pid) {
  if (pid <= 0) return false;
  HANDLE process = OpenProcess(SYNCHRONIZE, FALSE, static_cast<DWORD>(pid));
  if (process == nullptr) return GetLastError() == ERROR_ACCESS_DENIED;
  const bool running = WaitForSingleObject(process, 0) == WAIT_TIMEOUT;
  CloseHandle(process);
  return running;
}

void die_abruptly() {
  TerminateProcess(GetCurrentProcess(), 137);
  ExitProcess(137);
}

}  // namespace shmbench
