#include <signal.h>

#include "os/interrupt.hpp"

namespace shmbench {

void note_interrupt();

namespace {
void on_signal(int) { note_interrupt(); }
}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a controller waiting in poll() wakes up at once
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace shmbench
