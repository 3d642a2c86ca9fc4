// What environment.cpp shares with environment.linux.cpp and environment.windows.cpp.
#pragma once

#include "os/environment.hpp"

namespace shmbench {

// The hypervisor bit and vendor, by CPUID (the same on every OS).
void read_hypervisor(Environment& environment);

}  // namespace shmbench
