#include <windows.h>

#include "os/interrupt.hpp"

namespace shmbench {

void note_interrupt();

namespace {
// Runs on a thread of its own; the controller polls its workers' pipes every
// millisecond, so it sees the flag promptly.
BOOL WINAPI on_console_event(DWORD event) {
  if (event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT || event == CTRL_CLOSE_EVENT) {
    note_interrupt();
    return TRUE;
  }
  return FALSE;
}
}  // namespace

void install_interrupt_handlers() { SetConsoleCtrlHandler(on_console_event, TRUE); }

}  // namespace shmbench
