#include <windows.h>

#include "os/interrupt.hpp"
#include "os/interrupt_impl.hpp"

namespace shmbench {

void note_interrupt();

namespace {
// Runs on a thread of its own; setting an event is safe there, and it wakes any wait
// over children's pipes (read_some_any includes it).
BOOL WINAPI on_console_event(DWORD event) {
  if (event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT || event == CTRL_CLOSE_EVENT) {
    note_interrupt();
    if (HANDLE wake = interrupt_event()) SetEvent(wake);
    return TRUE;
  }
  return FALSE;
}
}  // namespace

void* interrupt_event() {
  // Manual-reset: once set it stays set, as interrupted() stays true.
  static HANDLE event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  return event;
}

void install_interrupt_handlers() {
  (void)interrupt_event();
  SetConsoleCtrlHandler(on_console_event, TRUE);
}

}  // namespace shmbench
