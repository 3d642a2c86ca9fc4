#include <windows.h>

#include "os/clock.hpp"

namespace shmbench {

std::uint64_t os_clock_ns() {
  static const std::uint64_t frequency = [] {
    LARGE_INTEGER f;
    QueryPerformanceFrequency(&f);
    return static_cast<std::uint64_t>(f.QuadPart);
  }();
  LARGE_INTEGER now;
  QueryPerformanceCounter(&now);
  const auto ticks = static_cast<std::uint64_t>(now.QuadPart);
  // Split to avoid overflowing ticks * 1e9.
  return ticks / frequency * 1'000'000'000u + ticks % frequency * 1'000'000'000u / frequency;
}

const char* os_clock_name() { return "QueryPerformanceCounter"; }

}  // namespace shmbench
