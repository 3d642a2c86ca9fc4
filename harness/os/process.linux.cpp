#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <thread>

#include "os/process_impl.hpp"

namespace shmbench {

namespace {
class PosixChild final : public ChildProcess::Impl {
 public:
  PosixChild(pid_t pid, int to_child, int from_child) : pid_(pid), to_child_(to_child), from_child_(from_child) {}
  ~PosixChild() override { close_pipes(); }

  ReadSome read_some(std::string& buffer, std::chrono::milliseconds timeout) override {
    if (from_child_ < 0) return ReadSome::closed;
    pollfd p{from_child_, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(timeout.count(), INT_MAX)));
    if (ready == 0) return ReadSome::timeout;
    if (ready < 0) return errno == EINTR ? ReadSome::timeout : ReadSome::closed;
    char chunk[4096];
    const ssize_t n = ::read(from_child_, chunk, sizeof chunk);
    if (n <= 0) return (n < 0 && errno == EINTR) ? ReadSome::data : ReadSome::closed;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return ReadSome::data;
  }

  Status write_all(const std::string& text) override {
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

  void kill() override {
    if (!status_) ::kill(pid_, SIGKILL);
  }

  void close_pipes() override {
    if (to_child_ >= 0) ::close(to_child_);
    if (from_child_ >= 0) ::close(from_child_);
    to_child_ = from_child_ = -1;
  }

  long pid() const override { return pid_; }

 private:
  pid_t pid_;
  int to_child_;
  int from_child_;
  std::optional<ExitStatus> status_;
};
}  // namespace

Result<std::unique_ptr<ChildProcess::Impl>> ChildProcess::Impl::spawn(const std::string& program,
                                                                      const std::vector<std::string>& args) {
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

  std::vector<std::string> argv_storage{program};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    Error error = last_os_error("fork");
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1]}) ::close(fd);
    return error;
  }
  if (pid == 0) {
    // Child: die with the controller, even if it is SIGKILLed.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(in_pipe[0], STDIN_FILENO);
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  return std::unique_ptr<Impl>(new PosixChild(pid, in_pipe[1], out_pipe[0]));
}

std::string current_executable() {
  char path[4096];
  const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return "shmbench";
  return std::string(path, static_cast<std::size_t>(n));
}

long current_pid() { return static_cast<long>(::getpid()); }

bool process_alive(long pid) {
  if (pid <= 0) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

void die_abruptly() {
  ::kill(::getpid(), SIGKILL);
  ::_exit(137);
}

}  // namespace shmbench
