// The safety tests' accomplice (tests/cli/safety_test.py drives it); argv[1] picks:
//
//   squat BACKEND TOKEN INDEX RUN-ARGS...
//       Starts shmbench (beside this program) with "run RUN-ARGS..." held before its
//       first instruction (Linux: forked, waiting on a pipe before exec; Windows:
//       CREATE_SUSPENDED), with SHMBENCH_TEST_NAME_TOKEN=TOKEN, so the name its run will
//       create as object INDEX is known: shmbench-<its pid>-TOKEN-INDEX. Plants an
//       object of its own under that name with BACKEND, fills it with a pattern, lets
//       shmbench go and waits for it. Then checks the planted object is still there,
//       same size and contents, and removes it. Prints "planted: NAME", "shmbench exit:
//       N", "present: yes|no", "intact: yes|no"; exits 0 when present and intact.
//
//   clean
//       Plants files where shmbench's leftover scan looks (/dev/shm on Linux, Boost's
//       emulation folder on Windows): foreign ones with similar names, one named for a
//       live run (this process's pid), one for a dead run (a child that has exited), one
//       under this process's pid but written an hour before it started (a dead run whose
//       pid came round again), and the same for ab's temporary folders
//       (shmbench-ab-<pid>-<8 hex>, in the temporary folder). Runs "shmbench clean" and
//       prints "kept: NAME" / "removed: NAME" for each, then removes what is left of its
//       own. Exits 0 when only the two dead runs' files and the two dead ab's folders went.
//
//   global
//       Windows: creates a section in Global\ and reports whether it can be opened there
//       and under Local\ (what the system does with the two namespaces).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "backends/backend.hpp"
#include "backends/leftovers.hpp"
#include "backends/names.hpp"
#include "common/utf8.hpp"
#include "os/process.hpp"
#include "support/sibling_program.hpp"

#if defined(_WIN32)
#include <windows.h>

#include "backends/boost_shared_dir.hpp"
#else
#include <sys/wait.h>
#include <unistd.h>
#endif

namespace {
using namespace shmbench;

constexpr std::uint64_t kPlantedSize = 64 * 1024;

std::byte planted_byte(std::uint64_t offset) { return static_cast<std::byte>((offset * 131 + 7) & 0xff); }

// A child held before it runs: its pid is known, and it starts when released.
class HeldChild {
 public:
  HeldChild(const std::string& program, const std::vector<std::string>& args) {
#if defined(_WIN32)
    std::string line = "\"" + program + "\"";
    for (const auto& arg : args) line += " \"" + arg + "\"";
    STARTUPINFOA startup{};
    startup.cb = sizeof startup;
    std::vector<char> text(line.begin(), line.end());
    text.push_back('\0');
    if (!CreateProcessA(nullptr, text.data(), nullptr, nullptr, TRUE, CREATE_SUSPENDED, nullptr, nullptr, &startup,
                        &info_)) {
      std::cerr << "safety-probe: CreateProcess failed: " << GetLastError() << std::endl;
      std::exit(3);
    }
    pid_ = static_cast<long>(info_.dwProcessId);
#else
    int gate[2];
    if (::pipe(gate) != 0) std::exit(3);
    pid_ = ::fork();
    if (pid_ < 0) std::exit(3);
    if (pid_ == 0) {
      ::close(gate[1]);
      char go = 0;
      if (::read(gate[0], &go, 1) != 1) ::_exit(3);  // the planter died: run nothing
      ::close(gate[0]);
      std::vector<char*> argv;
      argv.push_back(const_cast<char*>(program.c_str()));
      for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
      argv.push_back(nullptr);
      ::execv(program.c_str(), argv.data());
      ::_exit(3);
    }
    ::close(gate[0]);
    gate_ = gate[1];
#endif
  }

  long pid() const { return pid_; }

  // Lets it run and waits for its exit code.
  int release_and_wait() {
#if defined(_WIN32)
    ResumeThread(info_.hThread);
    WaitForSingleObject(info_.hProcess, INFINITE);
    DWORD code = 3;
    GetExitCodeProcess(info_.hProcess, &code);
    CloseHandle(info_.hThread);
    CloseHandle(info_.hProcess);
    return static_cast<int>(code);
#else
    const char go = 1;
    if (::write(gate_, &go, 1) != 1) return 3;
    ::close(gate_);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
#endif
  }

 private:
  long pid_ = 0;
#if defined(_WIN32)
  PROCESS_INFORMATION info_{};
#else
  int gate_ = -1;
#endif
};

void set_environment(const char* name, const std::string& value) {
#if defined(_WIN32)
  SetEnvironmentVariableA(name, value.c_str());
#else
  ::setenv(name, value.c_str(), 1);
#endif
}

int squat(const std::string& backend_name, const std::string& token, const std::string& index,
          const std::vector<std::string>& run_args) {
  std::unique_ptr<Backend> backend = make_backend(backend_name);
  if (!backend) {
    std::cerr << "safety-probe: no backend '" << backend_name << "' here" << std::endl;
    return 2;
  }
  set_environment(kTestNameTokenVariable, token);
  std::vector<std::string> args = {"run"};
  args.insert(args.end(), run_args.begin(), run_args.end());
  HeldChild child(test::sibling_program("shmbench"), args);
  const std::string name = std::string(kNamePrefix) + std::to_string(child.pid()) + "-" + token + "-" + index;

  auto planted = backend->create(name, kPlantedSize);
  if (!planted.ok()) {
    std::cerr << "safety-probe: cannot plant " << name << ": " << planted.error().describe() << std::endl;
    child.release_and_wait();
    return 3;
  }
  {
    auto view = planted.value()->map();
    if (!view.ok()) {
      std::cerr << "safety-probe: cannot map " << name << ": " << view.error().describe() << std::endl;
      child.release_and_wait();
      return 3;
    }
    for (std::uint64_t i = 0; i < kPlantedSize; ++i) view.value()->data()[i] = planted_byte(i);
  }
  std::cout << "planted: " << name << " (" << backend_name << ")" << std::endl;

  const int code = child.release_and_wait();
  std::cout << "shmbench exit: " << code << std::endl;

  // A second handle, opened by name now: the object must still be there, unchanged.
  bool present = false, intact = false;
  auto reopened = backend->open(name, kPlantedSize);
  if (reopened.ok()) {
    present = true;
    auto view = reopened.value()->map();
    if (view.ok()) {
      intact = true;
      for (std::uint64_t i = 0; i < kPlantedSize && intact; ++i)
        intact = view.value()->data()[i] == planted_byte(i);
    }
    reopened.value()->close();
  } else {
    std::cout << "reopen: " << reopened.error().describe() << std::endl;
  }
  std::cout << "present: " << (present ? "yes" : "no") << "\nintact: " << (intact ? "yes" : "no") << std::endl;
  planted.value()->close();  // the creator's close removes the name
  clean_object(name);        // and Boost's emulation file, which may survive that on Windows
  return present && intact ? 0 : 1;
}

// Where shmbench's leftover scan looks.
std::string scan_folder() {
#if defined(_WIN32)
  return boost_shared_dir() + "\\";
#else
  return "/dev/shm/";
#endif
}

bool file_exists(const std::string& path) { return std::ifstream(path).good(); }

// Sets a file's or folder's last write time an hour back, to before this process started.
// (MinGW's std::filesystem::last_write_time cannot set a folder's: it goes through _wutime.)
bool age_by_an_hour(const std::filesystem::path& path) {
#if defined(_WIN32)
  HANDLE handle = CreateFileW(path.c_str(), FILE_WRITE_ATTRIBUTES | FILE_READ_ATTRIBUTES,
                              FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING,
                              FILE_FLAG_BACKUP_SEMANTICS, nullptr);
  if (handle == INVALID_HANDLE_VALUE) return false;
  FILETIME written{};
  bool aged = GetFileTime(handle, nullptr, nullptr, &written) != 0;
  if (aged) {
    ULARGE_INTEGER ticks{};
    ticks.LowPart = written.dwLowDateTime;
    ticks.HighPart = written.dwHighDateTime;
    ticks.QuadPart -= 3600ULL * 10'000'000;  // 100 ns units
    written.dwLowDateTime = ticks.LowPart;
    written.dwHighDateTime = ticks.HighPart;
    aged = SetFileTime(handle, nullptr, nullptr, &written) != 0;
  }
  CloseHandle(handle);
  return aged;
#else
  std::error_code ec;
  std::filesystem::last_write_time(path, std::filesystem::last_write_time(path, ec) - std::chrono::hours(1), ec);
  return !ec;
#endif
}

int clean() {
  const std::string folder = scan_folder();
  // A process that has come and gone: its pid names a dead run.
  long dead_pid = 0;
  for (int attempt = 0; attempt < 5 && dead_pid == 0; ++attempt) {
    auto child = ChildProcess::start(test::sibling_program("shmbench-test-child"), {"quit", "0"});
    if (!child.ok()) {
      std::cerr << "safety-probe: cannot start a child: " << child.error().describe() << std::endl;
      return 3;
    }
    const long pid = child.value()->pid();
    child.value()->wait(std::chrono::seconds(30));
    child.value().reset();
    if (!process_alive(pid)) dead_pid = pid;
  }
  if (dead_pid == 0) {
    std::cerr << "safety-probe: no dead pid found" << std::endl;
    return 3;
  }
  const std::string own = std::to_string(current_pid());
  const std::string dead = std::to_string(dead_pid);
  struct Plant {
    std::string name;
    bool should_survive;
    const char* why;
    bool older_than_this_process = false;  // last written an hour ago, before this process started
  };
  const std::vector<Plant> plants = {
      {"shmbench-notapid-x", true, "foreign: no pid"},
      {"shmbenchX-" + dead + "-1a2b3c4d-0", true, "foreign: another prefix"},
      {"shmbench-" + dead + "-x", true, "foreign: no run token"},
      // Not "1A2B3C4D": Windows names ignore case, so that would be the dead run's file below.
      {"shmbench-" + dead + "-ABCDEF12-0", true, "foreign: token not lowercase hex"},
      {"notshmbench-" + dead + "-1a2b3c4d-0", true, "foreign: prefix inside the name"},
      {"shmbench-" + own + "-1a2b3c4d-0", true, "a live run's (this process's pid)"},
      {"shmbench-" + dead + "-1a2b3c4d-0", false, "a dead run's"},
      {"shmbench-" + own + "-2b3c4d5e-0", false, "a dead run's whose pid this process took later", true},
  };
  // A killed `ab` leaves its temporary folder of run reports (shmbench-ab-<pid>-<8 hex>).
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path temp = fs::temp_directory_path(ec);
  const std::vector<Plant> ab_plants = {
      {"shmbench-ab-" + own + "-1a2b3c4d", true, "a live ab's folder (this process's pid)"},
      {"shmbench-ab-" + dead + "-ABCDEF12", true, "foreign: token not lowercase hex"},
      {"shmbench-ab-" + dead + "-1a2b3c4d", false, "a dead ab's folder"},
      {"shmbench-ab-" + own + "-2b3c4d5e", false, "a dead ab's folder whose pid this process took later", true},
  };
  // Whatever happens below, nothing planted stays: a probe that stopped half-way used to
  // leave its look-alikes, which no clean takes.
  struct RemovedAtExit {
    std::function<void()> remove;
    ~RemovedAtExit() { remove(); }
  } plants_removed{[&] {
    for (const auto& plant : plants) std::remove((folder + plant.name).c_str());
    for (const auto& plant : ab_plants) fs::remove_all(temp / plant.name, ec);
  }};
  for (const auto& plant : plants) {
    {
      std::ofstream file(folder + plant.name, std::ios::binary);
      file << "planted by shmbench-safety-probe\n";
      if (!file) {
        std::cerr << "safety-probe: cannot plant " << folder + plant.name << std::endl;
        return 3;
      }
    }
    if (plant.older_than_this_process && !age_by_an_hour(path_from_utf8(folder + plant.name))) {
      std::cerr << "safety-probe: cannot age " << folder + plant.name << std::endl;
      return 3;
    }
  }
  for (const auto& plant : ab_plants) {
    fs::create_directories(temp / plant.name / "round-1", ec);
    std::ofstream(temp / plant.name / "round-1" / "baseline.json") << "{}\n";
    if (ec || !fs::is_directory(temp / plant.name) ||
        (plant.older_than_this_process && !age_by_an_hour(temp / plant.name))) {
      std::cerr << "safety-probe: cannot plant " << utf8_from_path(temp / plant.name) << std::endl;
      return 3;
    }
  }
  auto cleaner = ChildProcess::start(test::sibling_program("shmbench"), {"clean"}, ChildStderr::with_stdout);
  if (!cleaner.ok()) {
    std::cerr << "safety-probe: cannot start shmbench clean: " << cleaner.error().describe() << std::endl;
    return 3;
  }
  std::string line;
  while (cleaner.value()->read_line(line, std::chrono::seconds(60)) == ChildProcess::ReadResult::line)
    std::cout << "  clean: " << line << std::endl;
  const auto status = cleaner.value()->wait(std::chrono::seconds(30));
  std::cout << "shmbench clean: " << (status ? status->describe() : std::string("still running")) << std::endl;

  bool right = status && !status->signaled && status->code == 0;
  for (const auto& plant : plants) {
    const bool there = file_exists(folder + plant.name);
    std::cout << (there ? "kept: " : "removed: ") << plant.name << " (" << plant.why << ")"
              << (there == plant.should_survive ? "" : "  <-- WRONG") << std::endl;
    right = right && there == plant.should_survive;
  }
  for (const auto& plant : ab_plants) {
    const bool there = fs::exists(temp / plant.name, ec);
    std::cout << (there ? "kept: " : "removed: ") << plant.name << " (" << plant.why << ")"
              << (there == plant.should_survive ? "" : "  <-- WRONG") << std::endl;
    right = right && there == plant.should_survive;
  }
  return right ? 0 : 1;
}

int global() {
#if defined(_WIN32)
  const std::string name = "shmbench-safety-probe-" + std::to_string(current_pid());
  const std::string global_name = "Global\\" + name;
  HANDLE section = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, global_name.c_str());
  if (section == nullptr) {
    std::cout << "create Global\\: refused, error " << GetLastError() << std::endl;
    return 0;
  }
  std::cout << "create Global\\: ok" << std::endl;
  HANDLE global_open = OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, global_name.c_str());
  std::cout << "open Global\\: " << (global_open ? "ok" : "error " + std::to_string(GetLastError())) << std::endl;
  HANDLE local_open = OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, ("Local\\" + name).c_str());
  std::cout << "open Local\\ (same name): " << (local_open ? "ok" : "error " + std::to_string(GetLastError()))
            << std::endl;
  if (global_open) CloseHandle(global_open);
  if (local_open) CloseHandle(local_open);
  CloseHandle(section);
  return 0;
#else
  std::cout << "no Global\\ namespace on this platform" << std::endl;
  return 0;
#endif
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() >= 4 && args[0] == "squat")
    return squat(args[1], args[2], args[3], std::vector<std::string>(args.begin() + 4, args.end()));
  if (args.size() == 1 && args[0] == "clean") return clean();
  if (args.size() == 1 && args[0] == "global") return global();
  std::cerr << "usage: shmbench-safety-probe squat BACKEND TOKEN INDEX RUN-ARGS... | clean | global\n";
  return 2;
}
