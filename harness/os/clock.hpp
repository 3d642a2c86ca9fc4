// The OS's monotonic clock, one implementation per platform: what measure/timer.hpp
// calibrates the cycle counter against, or uses directly where there is none.
#pragma once

#include <cstdint>

namespace shmbench {

std::uint64_t os_clock_ns();
const char* os_clock_name();

}  // namespace shmbench
