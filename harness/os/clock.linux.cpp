#include <time.h>

#include "os/clock.hpp"

namespace shmbench {

std::uint64_t os_clock_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(ts.tv_nsec);
}

const char* os_clock_name() { return "clock_gettime(CLOCK_MONOTONIC)"; }

}  // namespace shmbench
