#include "report/environment_report.hpp"

#include <algorithm>
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

CpuShares cpu_shares_between(const CpuTimes& start, const CpuTimes& end) {
  CpuShares shares;
  if (!start.known || !end.known) return shares;
  const double total = end.total - start.total;
  if (total <= 0) return shares;
  if (start.steal_known && end.steal_known) shares.steal = (end.steal - start.steal) / total;
  if (start.own >= 0 && end.own >= 0) {
    // The counters tick (Linux: every 10 ms, charged to whatever ran) where the process
    // times are exact, so a quiet run can come out a little below zero.
    const double others = (end.busy - start.busy) - (end.own - start.own);
    shares.other_load = std::clamp(others / total, 0.0, 1.0);
  }
  return shares;
}

std::string other_load_warning(double other_load, const std::string& during) {
  if (!(other_load > kOtherLoadWarningFraction)) return {};
  return "other processes kept the CPUs " + percent(other_load) + " busy during " + during + " (above " +
         percent(kOtherLoadWarningFraction) + "): the figures shared CPUs, caches and memory bandwidth with them";
}

std::vector<EnvironmentWarning> environment_warnings(const Environment& environment, const CpuShares& shares,
                                                     const std::string& build_type) {
  std::vector<EnvironmentWarning> warnings;
  if (environment.hypervisor)
    warnings.push_back({"virtual_machine", "running in a virtual machine (hypervisor " +
                                               (environment.hypervisor_vendor.empty() ? std::string("unnamed")
                                                                                      : environment.hypervisor_vendor) +
                                               "): its vCPUs share physical CPUs with other guests"});
  if (shares.steal > kStealWarningFraction)
    warnings.push_back({"steal_time", "the hypervisor stole " + percent(shares.steal) +
                                          " of the CPUs' time during the run (above " +
                                          percent(kStealWarningFraction) + "): other guests ran on them"});
  const std::string other_load = other_load_warning(shares.other_load, "the run");
  if (!other_load.empty()) warnings.push_back({"other_load", other_load});
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
  const CpuShares shares = cpu_shares_between(e.cpu_times_at_start, read_cpu_times(system.allowed_cpus));
  json warnings = json::array();
  for (const auto& warning : environment_warnings(e, shares, build.build_type))
    warnings.push_back({{"kind", warning.kind}, {"text", warning.text}});
  return {{"hypervisor", e.hypervisor},
          {"hypervisor_vendor", known(e.hypervisor_vendor, !e.hypervisor_vendor.empty())},
          {"governors", e.governors},
          {"turbo", known(e.turbo, !e.turbo.empty())},
          {"steal_fraction", known(shares.steal, shares.steal >= 0)},
          {"other_load_fraction", known(shares.other_load, shares.other_load >= 0)},
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
