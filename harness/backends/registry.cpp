// The one registration of every backend: its name, in report order, and its factory,
// which its own file defines. A backend whose file this platform does not build is still
// listed, with no factory, so "--backends win32" on Linux is skipped with a note rather
// than refused as unknown.
//
// Adding a backend: write its file (a Backend subclass and its make_*_backend factory),
// declare the factory and give it a line in kBackends below, and list the file in
// backends/CMakeLists.txt. Nothing else names backends: the report, the operations and
// the command line ask the registry and the Backend itself.
#include "backends/backend.hpp"
#include "common/platform.hpp"

namespace shmbench {

std::unique_ptr<Backend> make_win32_backend();
std::unique_ptr<Backend> make_boost_windows_backend();
std::unique_ptr<Backend> make_posix_backend();
std::unique_ptr<Backend> make_boost_portable_backend();
std::unique_ptr<Backend> make_heap_backend();

namespace {
using Factory = std::unique_ptr<Backend> (*)();

// A factory where its file is built, nullptr elsewhere.
#if defined(SHMBENCH_OS_WINDOWS)
#define SHMBENCH_ON_WINDOWS(factory) &factory
#define SHMBENCH_ON_LINUX(factory) nullptr
#else
#define SHMBENCH_ON_WINDOWS(factory) nullptr
#define SHMBENCH_ON_LINUX(factory) &factory
#endif

struct Registration {
  const char* name;
  Factory make;  // nullptr: not built on this platform
};

const Registration kBackends[] = {
    {"win32", SHMBENCH_ON_WINDOWS(make_win32_backend)},
    {"boost-windows", SHMBENCH_ON_WINDOWS(make_boost_windows_backend)},
    {"posix", SHMBENCH_ON_LINUX(make_posix_backend)},
    {"boost-portable", &make_boost_portable_backend},
    {"heap", &make_heap_backend},
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

std::vector<std::string> all_backend_names() {
  std::vector<std::string> names;
  for (const auto& backend : kBackends) names.emplace_back(backend.name);
  return names;
}

}  // namespace shmbench
