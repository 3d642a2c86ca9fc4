#include "os/interrupt.hpp"

#include <atomic>

namespace shmbench {

namespace {
std::atomic<bool> interrupt_flag{false};
}  // namespace

// Called from the platform's handler: lock-free and async-signal-safe.
void note_interrupt() { interrupt_flag.store(true); }

bool interrupted() { return interrupt_flag.load(); }

}  // namespace shmbench
