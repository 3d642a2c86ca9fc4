#include "cli/selection.hpp"

#include <algorithm>
#include <cstdint>

#include "backends/backend.hpp"
#include "common/sizes.hpp"

namespace shmbench {

Suite select_suite(const std::string& name) {
  if (auto suite = find_suite(name)) return *suite;
  std::vector<std::string> names;
  for (const auto& suite : all_suites()) names.push_back(suite.name);
  throw BadInput{"unknown suite '" + name + "' (suites: " + join(names) + ")"};
}

BackendChoice select_backends(const std::string& option, Variants variants) {
  const auto available = variants == Variants::refused ? default_backends() : available_backends();
  if (option.empty()) return {variants == Variants::all ? available : default_backends(), {}};
  const auto known = all_backend_names();
  BackendChoice choice;
  for (const auto& name : split(option)) {
    if (variants == Variants::refused && is_variant(name))
      throw BadInput{"backend '" + name +
                     "' is a variant of how memory is made, measured by the lifecycle suites only (shmbench run "
                     "--suite quick, default or memory); here: " + join(available)};
    const bool here = std::find(available.begin(), available.end(), name) != available.end();
    if (!here && std::find(known.begin(), known.end(), name) == known.end())
      throw BadInput{"unknown backend '" + name + "' (available here: " + join(available) + ")"};
    auto& list = here ? choice.chosen : choice.skipped;
    if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
  }
  if (choice.chosen.empty())
    throw BadInput{"no backend of --backends runs on " SHMBENCH_OS_NAME " (available: " + join(available) + ")"};
  return choice;
}

std::vector<std::uint64_t> select_sizes(const std::string& option, const Suite& suite, const SystemInfo& system) {
  std::vector<std::uint64_t> sizes = suite.sizes;
  if (!option.empty()) {
    std::string error;
    auto parsed = parse_size_list(option, error);
    if (!parsed) throw BadInput{"--sizes: " + error};
    sizes.clear();
    for (std::uint64_t size : *parsed)  // "4KiB,4096" names one size: measure it once
      if (std::find(sizes.begin(), sizes.end(), size) == sizes.end()) sizes.push_back(size);
  }
  for (std::uint64_t size : sizes) {
    if (size > SIZE_MAX) throw BadInput{"--sizes: " + format_size(size) + " does not fit in this platform's address space"};
    if (system.physical_memory != 0 && size > system.physical_memory / 2)
      throw BadInput{"--sizes: " + format_size(size) + " does not fit: a run needs twice the size in memory and this machine has " +
                     std::to_string(system.physical_memory >> 20) + "MiB"};
  }
  return sizes;
}

double select_timeout(double seconds) {
  if (!(seconds >= 0.001 && seconds <= 1e6))
    throw BadInput{"--timeout must be a number of seconds from 0.001 to 1000000"};
  return seconds;
}

}  // namespace shmbench
