#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <mutex>

#include "os/interrupt.hpp"
#include "os/interrupt_impl.hpp"

namespace shmbench {

void note_interrupt();

namespace {
// The self-pipe: made once, before any handler can run, and never closed. Atomic so the
// handler reads the write end without a lock (std::atomic<int> is lock-free here).
std::atomic<int> wake_write{-1};
int wake_read = -1;
std::once_flag wake_made;

void make_wake_pipe() {
  int fds[2];
  // Non-blocking: a handler that finds the pipe full must not block (one byte is enough).
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return;
  wake_read = fds[0];
  wake_write.store(fds[1]);
}

void on_signal(int) {
  const int saved_errno = errno;
  note_interrupt();
  const int fd = wake_write.load();
  if (fd >= 0) {
    const char byte = 1;
    (void)!::write(fd, &byte, 1);
  }
  errno = saved_errno;
}
}  // namespace

int interrupt_wake_fd() {
  std::call_once(wake_made, make_wake_pipe);
  return wake_read;
}

void install_interrupt_handlers() {
  (void)interrupt_wake_fd();
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  // No SA_RESTART: other blocking calls wake up too. Waits on children do not depend on
  // that: they include the self-pipe.
  action.sa_flags = 0;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace shmbench
