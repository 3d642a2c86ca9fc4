// Which backends this platform's build offers; the factories live in each backend's file.
#include "backends/backend.hpp"
#include "common/platform.hpp"

namespace shmbench {

std::unique_ptr<Backend> make_heap_backend();
std::unique_ptr<Backend> make_boost_portable_backend();
#if defined(SHMBENCH_OS_WINDOWS)
std::unique_ptr<Backend> make_win32_backend();
std::unique_ptr<Backend> make_boost_windows_backend();
#else
std::unique_ptr<Backend> make_posix_backend();
#endif

namespace {
struct Entry {
  const char* name;
  std::unique_ptr<Backend> (*make)();
};

const std::vector<Entry>& entries() {
  static const std::vector<Entry> list = {
#if defined(SHMBENCH_OS_WINDOWS)
      {"win32", make_win32_backend},
      {"boost-windows", make_boost_windows_backend},
#else
      {"posix", make_posix_backend},
#endif
      {"boost-portable", make_boost_portable_backend},
      {"heap", make_heap_backend},
  };
  return list;
}
}  // namespace

std::unique_ptr<Backend> make_backend(std::string_view name) {
  for (const auto& entry : entries())
    if (name == entry.name) return entry.make();
  return nullptr;
}

std::vector<std::string> available_backends() {
  std::vector<std::string> names;
  for (const auto& entry : entries()) names.emplace_back(entry.name);
  return names;
}

std::vector<std::string> all_backend_names() {
  return {"win32", "boost-windows", "boost-portable", "posix", "heap"};
}

}  // namespace shmbench
