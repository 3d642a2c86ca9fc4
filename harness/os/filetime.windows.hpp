// A FILETIME as one number: its 100 ns units (a duration, or for a date the time since
// 1601-01-01), and as seconds. The Windows files of os/ read process, thread and system
// times and the wall clock in this form.
#pragma once

#include <windows.h>

#include <cstdint>

namespace shmbench {

inline std::uint64_t filetime_ticks(const FILETIME& t) {
  return (std::uint64_t{t.dwHighDateTime} << 32) | t.dwLowDateTime;
}
inline double filetime_seconds(const FILETIME& t) { return static_cast<double>(filetime_ticks(t)) * 1e-7; }
// A date as milliseconds since 1970-01-01 (UTC), 11,644,473,600 s after FILETIME's start.
inline std::int64_t filetime_unix_ms(const FILETIME& t) {
  return static_cast<std::int64_t>(filetime_ticks(t) / 10'000) - 11'644'473'600'000;
}

}  // namespace shmbench
