// The one place that decides which platform is being built, and the one source of its
// name: everything else asks these macros instead of compiler-specific ones.
//
// The platform code (name.linux.cpp / name.windows.cpp) uses Linux-only calls (prctl,
// pipe2, /dev/shm), so other POSIX systems are refused here rather than half-built.
#pragma once

#include <string_view>

#if defined(_WIN32)
#define SHMBENCH_OS_WINDOWS 1
#define SHMBENCH_OS_NAME "windows"
#elif defined(__linux__)
#define SHMBENCH_OS_LINUX 1
#define SHMBENCH_OS_NAME "linux"
#else
#error "shmbench builds for Windows and Linux only"
#endif

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86)
#define SHMBENCH_ARCH_X86 1
#endif

// `&symbol` where this platform builds it, nullptr elsewhere: the backend and transport
// registries list every factory, each defined in a file only one platform compiles.
#if defined(SHMBENCH_OS_WINDOWS)
#define SHMBENCH_ON_WINDOWS(symbol) &symbol
#define SHMBENCH_ON_LINUX(symbol) nullptr
#else
#define SHMBENCH_ON_WINDOWS(symbol) nullptr
#define SHMBENCH_ON_LINUX(symbol) &symbol
#endif

namespace shmbench {

// "linux" or "windows": in reports, messages and the backends' platform lists.
inline constexpr std::string_view kPlatformName = SHMBENCH_OS_NAME;

}  // namespace shmbench
