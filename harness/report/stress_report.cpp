#include "report/stress_report.hpp"

#include <map>

#include "report/report_context.hpp"
#include "report/report_json.hpp"

namespace shmbench {

namespace {
using json = nlohmann::ordered_json;

json row_json(const StressRow& row, int family, int instance) {
  json r = {{"name", row.name()},
            {"family_index", family},
            {"per_family_instance_index", instance},
            {"run_name", row.name()},
            {"run_type", "iteration"},
            {"repetitions", 1},
            {"repetition_index", 0},
            {"threads", row.processes},
            {"iterations", row.error.empty() ? row.iterations : 0},
            {"real_time", row.error.empty() ? row.real_time_ns : 0.0},
            {"cpu_time", row.error.empty() ? row.real_time_ns : 0.0},
            {"time_unit", "ns"}};
  if (!row.error.empty()) {
    r["error_occurred"] = true;
    r["error_message"] = row.error;
  }
  for (const auto& [name, value] : row.counters) r[name] = value;
  if (!row.label.empty()) r["label"] = row.label;
  return r;
}
}  // namespace

nlohmann::ordered_json build_stress_report(const StressConfig& config, const StressResult& result,
                                           const SystemInfo& system, const BuildInfo& build, const std::string& date) {
  json flags = json::object();
  for (const auto& backend : result.backends) flags[backend.name] = backend.flags;
  json shmbench = {
      {"schema_version", kReportSchemaVersion},
      {"scenario", "stress"},
      {"platform", platform_json(system)},
      {"timer", timer_json(result.timer)},
      {"build", build_json(build)},
      {"config",
       {{"scenarios", config.scenarios},
        {"backends", config.backends},
        {"readers", config.readers},
        {"readers_sweep", config.readers_sweep},
        {"latency_messages", config.latency_messages},
        {"writers", config.writers},
        {"messages", config.messages},
        {"message_size", config.message_size},
        {"slots", config.slots},
        {"duration_seconds", config.duration_seconds},
        {"max_bytes", config.max_bytes},
        {"max_mappings", config.max_mappings},
        {"capacity_unit", config.capacity_unit},
        {"timeout_seconds", config.timeout_seconds},
        {"fault", config.fault.empty() ? json(nullptr) : json(config.fault)}}},
      {"backend_flags", flags},
      {"run",
       {{"duration_seconds", result.seconds},
        {"failed_rows", result.failed_rows()},
        {"interrupted", result.interrupted},
        {"stale_objects_removed", result.stale_removed},
        {"leaked_objects_removed", result.leaked}}},
  };
  // One family per scenario and backend, one instance per variant, in the order run.
  json rows = json::array();
  std::map<std::string, std::pair<int, int>> families;  // scenario/backend -> (family, next instance)
  for (const auto& row : result.rows) {
    const std::string family_key = row.scenario + "/" + row.backend;
    auto [it, added] = families.emplace(family_key, std::make_pair(static_cast<int>(families.size()), 0));
    rows.push_back(row_json(row, it->second.first, it->second.second++));
  }
  return {{"context", benchmark_context(system, build, date, shmbench)}, {"benchmarks", rows}};
}

}  // namespace shmbench
