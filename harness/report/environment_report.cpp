#include "report/environment_report.hpp"

#include <cstdio>

namespace shmbench {

namespace {
using json = nlohmann::ordered_json;

std::string percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %%", fraction * 100);
  return text;
}

template <typename T>
json known(T value, bool is_known) {
  return is_known ? json(value) : json(nullptr);
}
}  // namespace

std::vector<EnvironmentWarning> environment_warnings(const Environment& environment, double steal_fraction,
                                                     const std::string& build_type) {
  std::vector<EnvironmentWarning> warnings;
  if (environment.hypervisor)
    warnings.push_back({"virtual_machine", "running in a virtual machine (hypervisor " +
                                               (environment.hypervisor_vendor.empty() ? std::string("unnamed")
                                                                                      : environment.hypervisor_vendor) +
                                               "): its vCPUs share physical CPUs with other guests"});
  if (steal_fraction > kStealWarningFraction)
    warnings.push_back({"steal_time", "the hypervisor stole " + percent(steal_fraction) +
                                          " of the CPUs' time during the run (above " +
                                          percent(kStealWarningFraction) + "): other guests ran on them"});
  for (const auto& governor : environment.governors)
    if (governor != "performance")
      warnings.push_back({"cpu_governor", "CPU frequency governor '" + governor +
                                              "', not 'performance': the clock may change under a measurement"});
  if (build_type != "Release")
    warnings.push_back({"build_type", "a " + (build_type.empty() ? std::string("unnamed") : build_type) +
                                          " build, not Release: its figures are not the optimised code's"});
  return warnings;
}

json environment_json(const SystemInfo& system, const BuildInfo& build) {
  if (!system.environment) return nullptr;
  const Environment& e = *system.environment;
  double steal = -1;
  if (e.cpu_times_at_start.known) {
    const CpuTimes now = read_cpu_times(system.allowed_cpus);
    if (now.known && now.total > e.cpu_times_at_start.total)
      steal = static_cast<double>(now.steal - e.cpu_times_at_start.steal) /
              static_cast<double>(now.total - e.cpu_times_at_start.total);
  }
  json warnings = json::array();
  for (const auto& warning : environment_warnings(e, steal, build.build_type))
    warnings.push_back({{"kind", warning.kind}, {"text", warning.text}});
  return {{"hypervisor", e.hypervisor},
          {"hypervisor_vendor", known(e.hypervisor_vendor, !e.hypervisor_vendor.empty())},
          {"governors", e.governors},
          {"turbo", known(e.turbo, !e.turbo.empty())},
          {"steal_fraction", known(steal, steal >= 0)},
          {"smt_siblings", e.smt_siblings},
          {"power_plan", known(e.power_plan, !e.power_plan.empty())},
          {"timer_resolution_ms", known(e.timer_resolution_ms, e.timer_resolution_ms >= 0)},
          {"timer_finest_ms", known(e.timer_finest_ms, e.timer_finest_ms >= 0)},
          {"timer_coarsest_ms", known(e.timer_coarsest_ms, e.timer_coarsest_ms >= 0)},
          {"page_file_bytes", known(e.page_file_bytes, e.page_file_bytes >= 0)},
          {"large_page_minimum", system.large_page_minimum},
          {"huge_pages_reserved", known(e.huge_pages_reserved, e.huge_pages_reserved >= 0)},
          {"huge_page_bytes", known(e.huge_page_bytes, e.huge_page_bytes >= 0)},
          {"warnings", warnings}};
}

void print_environment_warnings(std::ostream& out, const json& environment) {
  if (!environment.is_object() || !environment.contains("warnings")) return;
  for (const auto& warning : environment.at("warnings")) out << "warning: " << warning.value("text", "") << "\n";
}

}  // namespace shmbench
