// Ctrl-C and termination requests: instead of dying with objects left behind, the
// controller notices, stops its workers, removes what the run created and exits 130.
#pragma once

namespace shmbench {

// Installs the handlers (SIGINT/SIGTERM; a console control handler on Windows).
void install_interrupt_handlers();
// True once an interrupt arrived.
bool interrupted();

}  // namespace shmbench
