// The one registration of every backend: its name, in report order, and its factory,
// which its own file defines. A backend whose file this platform does not build is still
// listed, with no factory, so "--backends win32" on Linux is skipped with a note rather
// than refused as unknown.
//
// Adding a backend: write its file (a Backend subclass and its make_*_backend factory),
// declare the factory and give it a line in kBackends below, and list the file in
// backends/CMakeLists.txt. Nothing else names backends: the report, the operations and
// the command line ask the registry and the Backend itself.
//
// The variants make their memory another way than their base backend (is_variant in
// backend.hpp). Each has a file of its own, but for the two prefault flags, which are one
// flag of their base's file: posix-populate (posix.cpp) and win32-prefetch (win32.cpp).
#include "backends/backend.hpp"
#include "common/platform.hpp"

namespace shmbench {

std::unique_ptr<Backend> make_win32_backend();
std::unique_ptr<Backend> make_boost_windows_backend();
std::unique_ptr<Backend> make_posix_backend();
std::unique_ptr<Backend> make_boost_portable_backend();
std::unique_ptr<Backend> make_heap_backend();
std::unique_ptr<Backend> make_win32_prefetch_backend();
std::unique_ptr<Backend> make_win32_reserve_backend();
std::unique_ptr<Backend> make_win32_large_backend();
std::unique_ptr<Backend> make_win32_file_backend();
std::unique_ptr<Backend> make_posix_populate_backend();
std::unique_ptr<Backend> make_memfd_backend();
std::unique_ptr<Backend> make_sysv_backend();
std::unique_ptr<Backend> make_posix_huge_backend();

namespace {
using Factory = std::unique_ptr<Backend> (*)();

struct Registration {
  const char* name;
  Factory make;  // nullptr: not built on this platform
  bool variant;  // measured only when asked for (backend.hpp, is_variant)
};

const Registration kBackends[] = {
    {"win32", SHMBENCH_ON_WINDOWS(make_win32_backend), false},
    {"boost-windows", SHMBENCH_ON_WINDOWS(make_boost_windows_backend), false},
    {"posix", SHMBENCH_ON_LINUX(make_posix_backend), false},
    {"boost-portable", &make_boost_portable_backend, false},
    {"heap", &make_heap_backend, false},
    {"win32-prefetch", SHMBENCH_ON_WINDOWS(make_win32_prefetch_backend), true},
    {"win32-reserve", SHMBENCH_ON_WINDOWS(make_win32_reserve_backend), true},
    {"win32-large", SHMBENCH_ON_WINDOWS(make_win32_large_backend), true},
    {"win32-file", SHMBENCH_ON_WINDOWS(make_win32_file_backend), true},
    {"posix-populate", SHMBENCH_ON_LINUX(make_posix_populate_backend), true},
    {"memfd", SHMBENCH_ON_LINUX(make_memfd_backend), true},
    {"sysv", SHMBENCH_ON_LINUX(make_sysv_backend), true},
    {"posix-huge", SHMBENCH_ON_LINUX(make_posix_huge_backend), true},
};
}  // namespace

std::unique_ptr<Backend> make_backend(std::string_view name) {
  for (const auto& backend : kBackends)
    if (name == backend.name && backend.make != nullptr) return backend.make();
  return nullptr;
}

std::vector<std::string> available_backends() {
  std::vector<std::string> names;
  for (const auto& backend : kBackends)
    if (backend.make != nullptr) names.emplace_back(backend.name);
  return names;
}

std::vector<std::string> default_backends() {
  std::vector<std::string> names;
  for (const auto& backend : kBackends)
    if (backend.make != nullptr && !backend.variant) names.emplace_back(backend.name);
  return names;
}

bool is_variant(std::string_view name) {
  for (const auto& backend : kBackends)
    if (name == backend.name) return backend.variant;
  return false;
}

std::vector<std::string> all_backend_names() {
  std::vector<std::string> names;
  for (const auto& backend : kBackends) names.emplace_back(backend.name);
  return names;
}

}  // namespace shmbench
