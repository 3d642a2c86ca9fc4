// The machine's state in a report (context.shmbench.environment) and the warnings it
// calls for: a virtual machine, steal time above 1 % of the CPUs' time during the run, a
// CPU frequency governor other than "performance", a build that is not Release. Every
// scenario's report carries it (report_context.cpp); the summaries and the HTML page
// print its warnings first.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "common/build_info.hpp"
#include "os/environment.hpp"
#include "os/sysinfo.hpp"

namespace shmbench {

// Above this share of the CPUs' time stolen by the hypervisor, a run's figures are the
// neighbours' as much as its own.
inline constexpr double kStealWarningFraction = 0.01;

struct EnvironmentWarning {
  std::string kind;  // "virtual_machine", "steal_time", "cpu_governor", "build_type"
  std::string text;  // one line for the summary and the page
};

// `steal_fraction` < 0: unknown (Windows, or no /proc/stat).
std::vector<EnvironmentWarning> environment_warnings(const Environment& environment, double steal_fraction,
                                                     const std::string& build_type);

// The environment as the report writes it, with the steal time from the run's start to
// now and the warnings; null when the caller read no environment.
nlohmann::ordered_json environment_json(const SystemInfo& system, const BuildInfo& build);

// "warning: ..." lines for the warnings of a report's context.shmbench.environment.
void print_environment_warnings(std::ostream& out, const nlohmann::ordered_json& environment);

}  // namespace shmbench
