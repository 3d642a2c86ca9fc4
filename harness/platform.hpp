// The one place that decides which platform is being built. Everything else asks these
// macros instead of testing compiler-specific ones.
#pragma once

#if defined(_WIN32)
#define SHMBENCH_OS_WINDOWS 1
#define SHMBENCH_OS_NAME "windows"
#elif defined(__linux__)
#define SHMBENCH_OS_LINUX 1
#define SHMBENCH_OS_POSIX 1
#define SHMBENCH_OS_NAME "linux"
#elif defined(__unix__) || defined(__APPLE__)
#define SHMBENCH_OS_POSIX 1
#define SHMBENCH_OS_NAME "posix"
#else
#error "shmbench supports Windows and POSIX systems"
#endif

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86)
#define SHMBENCH_ARCH_X86 1
#endif
