#include "report/report_context.hpp"

#include "os/process.hpp"
#include "report/environment_report.hpp"

namespace shmbench {

namespace {
// Ordered, so a report reads in Google Benchmark's field order.
using json = nlohmann::ordered_json;
}  // namespace

json platform_json(const SystemInfo& system) {
  return {{"os", system.os},
          {"os_version", system.os_version},
          {"wine_version", system.wine_version.empty() ? json(nullptr) : json(system.wine_version)},
          {"cpu_model", system.cpu_model},
          {"allowed_cpus", system.allowed_cpus},
          {"page_size", system.page_size},
          {"allocation_granularity", system.allocation_granularity},
          {"large_page_minimum", system.large_page_minimum},
          {"physical_memory", system.physical_memory},
          {"boot_id", system.boot_id}};
}

json timer_json(const std::optional<TimerInfo>& timer) {
  if (!timer) return json::object();
  return {{"source", timer->source},
          {"resolution_ns", timer->resolution_ns},
          {"read_overhead_ns", timer->read_overhead_ns},
          {"os_clock", timer->os_clock},
          {"os_clock_resolution_ns", timer->os_clock_resolution_ns},
          {"tsc_ghz", timer->tsc_ghz}};
}

json build_json(const BuildInfo& build) {
  return {{"shmbench_version", build.version},
          {"compiler", build.compiler},
          {"build_type", build.build_type},
          {"boost_version", build.boost_version},
          {"git_revision", build.git_revision}};
}

json benchmark_context(const SystemInfo& system, const BuildInfo& build, const std::string& date, json shmbench) {
  // The machine's state and its warnings, last, where the command read it.
  if (system.environment) shmbench["environment"] = environment_json(system, build);
  json caches = json::array();
  for (const auto& c : system.caches)
    caches.push_back({{"type", c.type}, {"level", c.level}, {"size", c.size}, {"num_sharing", c.num_sharing}});
  return {
      {"date", date},
      {"host_name", system.host_name},
      {"executable", current_executable()},
      {"num_cpus", system.num_cpus},
      {"mhz_per_cpu", static_cast<long long>(system.mhz_per_cpu)},
      {"cpu_scaling_enabled", system.cpu_scaling_enabled},
      {"caches", caches},
      {"load_avg", system.load_avg},
      {"library_build_type", build.build_type == "Debug" ? "debug" : "release"},
      {"shmbench", std::move(shmbench)},
  };
}

}  // namespace shmbench
