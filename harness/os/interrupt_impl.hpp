// What the interrupt files offer the rest of the os layer: something a wait can include
// so that an interrupt wakes it, instead of relying on a signal interrupting a call.
// Once interrupted it stays signalled, like interrupted() itself.
#pragma once

#include "common/platform.hpp"

namespace shmbench {

#if defined(SHMBENCH_OS_WINDOWS)
// A manual-reset event the console control handler sets (a HANDLE; nullptr if it could
// not be created).
void* interrupt_event();
#else
// The read end of a non-blocking self-pipe the signal handler writes a byte to; it
// becomes readable on the first interrupt and is never drained. -1 if none.
int interrupt_wake_fd();
#endif

}  // namespace shmbench
