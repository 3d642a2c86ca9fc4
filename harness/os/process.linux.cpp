#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <mutex>
#include <thread>

#include "os/interrupt_impl.hpp"
#include "os/process_impl.hpp"

namespace shmbench {

namespace {
class PosixChild final : public ChildProcess::Impl {
 public:
  PosixChild(pid_t pid, int to_child, int from_child) : pid_(pid), to_child_(to_child), from_child_(from_child) {}
  ~PosixChild() override { close_pipes(); }

  Status write_all(const std::string& text) override {
    if (to_child_ < 0) return Error{ErrorKind::other, 0, "write to child", "its stdin is closed"};
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(to_child_, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return last_os_error("write to child");
      done += static_cast<std::size_t>(n);
    }
    return {};
  }

  std::optional<ExitStatus> wait(std::chrono::milliseconds timeout) override {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!status_) {
      int raw = 0;
      const pid_t done = ::waitpid(pid_, &raw, WNOHANG);
      if (done == pid_) {
        status_ = WIFSIGNALED(raw) ? ExitStatus{WTERMSIG(raw), true} : ExitStatus{WEXITSTATUS(raw), false};
      } else if (done < 0 && errno != EINTR) {
        status_ = ExitStatus{-1, false};  // not our child any more: nothing to wait for
      } else if (std::chrono::steady_clock::now() >= deadline) {
        return std::nullopt;
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
    return status_;
  }

  void close_stdin() override { close_fd(to_child_); }

  // Only while the child is unreaped: after that its pid may belong to someone else.
  void terminate() override {
    if (!status_) ::kill(pid_, SIGTERM);
  }
  void kill() override {
    if (!status_) ::kill(pid_, SIGKILL);
  }

  void close_pipes() override {
    close_fd(to_child_);
    close_fd(from_child_);
  }

  long pid() const override { return pid_; }

  int stdout_fd() const { return from_child_; }

  // Reads what the child wrote; on end-of-file (or a broken pipe) closes our end, so
  // the child is reported closed from then on.
  ReadSome::Kind read_into(std::string& buffer) {
    char chunk[4096];
    const ssize_t n = ::read(from_child_, chunk, sizeof chunk);
    if (n > 0) {
      buffer.append(chunk, static_cast<std::size_t>(n));
      return ReadSome::Kind::data;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return ReadSome::Kind::data;
    close_fd(from_child_);
    return ReadSome::Kind::closed;
  }

 private:
  static void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }

  pid_t pid_;
  int to_child_;
  int from_child_;
  std::optional<ExitStatus> status_;
};
// PR_SET_PDEATHSIG fires when the *thread* that forked the child ends, not the process
// (prctl(2)): a worker started from a short-lived thread would be killed with it. So
// every fork happens on one thread that lives as long as the process.
class ForkThread {
 public:
  static ForkThread& get() {
    static ForkThread* thread = new ForkThread;  // never destroyed: callers may run until exit
    return *thread;
  }

  // Runs `fork_call` on the fork thread; returns its result with its errno.
  pid_t run(const std::function<pid_t()>& fork_call) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return job_ == nullptr; });
    job_ = &fork_call;
    done_ = false;
    changed_.notify_all();
    changed_.wait(lock, [this] { return done_; });
    const pid_t result = result_;
    const int error = errno_;
    job_ = nullptr;
    changed_.notify_all();
    errno = error;
    return result;
  }

 private:
  ForkThread() { std::thread([this] { serve(); }).detach(); }

  void serve() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      changed_.wait(lock, [this] { return job_ != nullptr && !done_; });
      result_ = (*job_)();
      errno_ = errno;
      done_ = true;
      changed_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  const std::function<pid_t()>* job_ = nullptr;
  bool done_ = false;
  pid_t result_ = -1;
  int errno_ = 0;
};
}  // namespace

ReadSome read_some_any(const std::vector<ReadTarget>& targets, std::chrono::milliseconds timeout) {
  // Slot 0 is the interrupt self-pipe, so an interrupt that arrives at any moment (even
  // just before poll()) wakes the wait: no EINTR race.
  std::vector<pollfd> fds;
  fds.reserve(targets.size() + 1);
  fds.push_back({interrupt_wake_fd(), POLLIN, 0});  // a negative fd is ignored by poll()
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const int fd = static_cast<PosixChild*>(targets[i].child)->stdout_fd();
    if (fd < 0) return {ReadSome::Kind::closed, i};
    fds.push_back({fd, POLLIN, 0});
  }
  const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::min<long long>(timeout.count(), INT_MAX)));
  if (ready <= 0) return {ReadSome::Kind::timeout, 0};  // EINTR from another signal: the caller goes round again
  if (fds[0].revents != 0) return {ReadSome::Kind::interrupted, 0};
  // Take what every ready child wrote, so a chatty child cannot starve the others; a
  // closed one shows up as closed on the next call, after its complete lines.
  for (std::size_t i = 0; i < targets.size(); ++i)
    if (fds[i + 1].revents != 0) (void)static_cast<PosixChild*>(targets[i].child)->read_into(*targets[i].buffer);
  return {ReadSome::Kind::data, 0};
}

Result<std::unique_ptr<ChildProcess::Impl>> ChildProcess::Impl::spawn(const std::string& program,
                                                                      const std::vector<std::string>& args,
                                                                      ChildStderr stderr_to,
                                                                      const std::vector<int>& cpus) {
  // A child that died must show up as a failed write, not kill us with SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);

  int in_pipe[2], out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) return last_os_error("pipe2");
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    Error error = last_os_error("pipe2");
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    return error;
  }

  // The child reports a failed execv through this pipe (its errno); a successful one
  // closes it (O_CLOEXEC), so the parent reads end-of-file. A program that cannot be run
  // (not executable, not a program at all) is then an error of start(), as it is on
  // Windows, instead of a child that exits 127.
  int exec_pipe[2];
  if (::pipe2(exec_pipe, O_CLOEXEC) != 0) {
    Error error = last_os_error("pipe2");
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1]}) ::close(fd);
    return error;
  }

  // The CPU set is built here: the child between fork and exec only calls what is
  // async-signal-safe.
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  for (int cpu : cpus)
    if (cpu >= 0 && cpu < CPU_SETSIZE) CPU_SET(cpu, &allowed);

  std::vector<std::string> argv_storage{program};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t parent = ::getpid();
  const pid_t pid = ForkThread::get().run([&]() -> pid_t {
    const pid_t forked = ::fork();
    if (forked == 0) {
      // Child: die with the controller, even if it is SIGKILLed.
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(127);
      // Affinity survives exec and is inherited by the child's own children.
      if (!cpus.empty()) ::sched_setaffinity(0, sizeof allowed, &allowed);
      ::dup2(in_pipe[0], STDIN_FILENO);
      ::dup2(out_pipe[1], STDOUT_FILENO);
      if (stderr_to == ChildStderr::with_stdout) ::dup2(out_pipe[1], STDERR_FILENO);
      ::execv(program.c_str(), argv.data());
      const int exec_errno = errno;
      (void)!::write(exec_pipe[1], &exec_errno, sizeof exec_errno);
      ::_exit(127);
    }
    return forked;
  });
  if (pid < 0) {
    Error error = last_os_error("fork");
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], exec_pipe[0], exec_pipe[1]}) ::close(fd);
    return error;
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(exec_pipe[1]);
  int exec_errno = 0;
  ssize_t got;
  do got = ::read(exec_pipe[0], &exec_errno, sizeof exec_errno);
  while (got < 0 && errno == EINTR);
  ::close(exec_pipe[0]);
  if (got == static_cast<ssize_t>(sizeof exec_errno)) {
    ::close(in_pipe[1]);
    ::close(out_pipe[0]);
    int ignored = 0;
    while (::waitpid(pid, &ignored, 0) < 0 && errno == EINTR) {
    }
    errno = exec_errno;
    return last_os_error("execv");
  }
  return std::unique_ptr<Impl>(new PosixChild(pid, in_pipe[1], out_pipe[0]));
}

std::string current_executable() {
  char path[4096];
  const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return "shmbench";
  return std::string(path, static_cast<std::size_t>(n));
}

Result<std::string> executable_for_workers() {
  static const char kSelf[] = "/proc/self/exe";
  return ::access(kSelf, X_OK) == 0 ? std::string(kSelf) : current_executable();
}

void name_process_after_program() {
  std::string path = current_executable();
  static const std::string kDeleted = " (deleted)";  // what readlink adds once a rebuild replaced the file
  if (path.size() > kDeleted.size() && path.compare(path.size() - kDeleted.size(), kDeleted.size(), kDeleted) == 0)
    path.resize(path.size() - kDeleted.size());
  const std::string name = path.substr(path.find_last_of('/') + 1).substr(0, 15);  // the kernel keeps 15 bytes
  if (!name.empty()) ::prctl(PR_SET_NAME, name.c_str());
}

long current_pid() { return static_cast<long>(::getpid()); }

double process_tree_cpu_seconds() {
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
  rusage self{}, children{};
  if (::getrusage(RUSAGE_SELF, &self) != 0 || ::getrusage(RUSAGE_CHILDREN, &children) != 0) return -1;
  return seconds(self.ru_utime) + seconds(self.ru_stime) + seconds(children.ru_utime) + seconds(children.ru_stime);
}

Status set_environment_variable(const std::string& name, const std::string& value) {
  if (::setenv(name.c_str(), value.c_str(), 1) != 0) return last_os_error("setenv");
  return {};
}

bool process_alive(long pid) {
  if (pid <= 0) return false;
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM) return false;
  // A zombie has ended; it only waits to be reaped (by an init that may never reap it,
  // as in some containers), so it is not alive.
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%ld/stat", pid);
  if (FILE* stat = std::fopen(path, "r")) {
    char state = 0;
    const int got = std::fscanf(stat, "%*d (%*[^)]) %c", &state);
    std::fclose(stat);
    if (got == 1 && (state == 'Z' || state == 'X')) return false;
  }
  return true;
}

// /proc/<pid>/stat's 22nd field is the start in clock ticks since boot (CLOCK_BOOTTIME,
// which counts suspended time too); the wall clock's now, less how long ago that was.
std::optional<std::int64_t> process_start_unix_ms(long pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%ld/stat", pid);
  FILE* file = std::fopen(path, "r");
  if (file == nullptr) return std::nullopt;
  char text[1024];
  const std::size_t length = std::fread(text, 1, sizeof text - 1, file);
  std::fclose(file);
  text[length] = '\0';
  // The command name (field 2) may hold spaces and parentheses: fields 3 on follow the last ')'.
  const char* rest = std::strrchr(text, ')');
  unsigned long long ticks = 0;
  if (rest == nullptr ||
      std::sscanf(rest + 1, "%*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu",
                  &ticks) != 1)
    return std::nullopt;
  const long per_second = ::sysconf(_SC_CLK_TCK);
  timespec boot{}, wall{};
  if (per_second <= 0 || ::clock_gettime(CLOCK_BOOTTIME, &boot) != 0 || ::clock_gettime(CLOCK_REALTIME, &wall) != 0)
    return std::nullopt;
  const auto ms = [](const timespec& t) { return std::int64_t{t.tv_sec} * 1000 + t.tv_nsec / 1'000'000; };
  return ms(wall) - (ms(boot) - static_cast<std::int64_t>(ticks * 1000 / static_cast<unsigned long long>(per_second)));
}

void die_abruptly() {
  ::kill(::getpid(), SIGKILL);
  ::_exit(137);
}

}  // namespace shmbench
