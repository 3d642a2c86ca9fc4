// The machine's state in a report (context.shmbench.environment) and the warnings it
// calls for: a virtual machine, steal time above 1 % of the CPUs' time during the run,
// other processes keeping the CPUs busy above 5 % of their time, a CPU frequency governor
// other than "performance", a build that is not Release. Every
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
// Above this share of the CPUs' time used by other processes, the run shared its CPUs,
// caches and memory bandwidth. An idle Debian VM's own services stay well under it.
inline constexpr double kOtherLoadWarningFraction = 0.05;

// How the CPUs' time between two readings was spent, as shares of all of it; < 0 unknown.
struct CpuShares {
  double steal = -1;       // taken by the hypervisor (Linux only)
  double other_load = -1;  // used by processes other than this one and its children
};
CpuShares cpu_shares_between(const CpuTimes& start, const CpuTimes& end);

struct EnvironmentWarning {
  std::string kind;  // "virtual_machine", "steal_time", "other_load", "cpu_governor", "build_type"
  std::string text;  // one line for the summary and the page
};

std::vector<EnvironmentWarning> environment_warnings(const Environment& environment, const CpuShares& shares,
                                                     const std::string& build_type);

// The warning for a share of the CPUs' time that other processes used (kOtherLoadWarningFraction),
// worded for `during` ("the run", "the A/B"); empty when below it or unknown.
std::string other_load_warning(double other_load, const std::string& during);

// The environment as the report writes it, with the steal time and the other load from
// the run's start to now and the warnings; null when the caller read no environment.
nlohmann::ordered_json environment_json(const SystemInfo& system, const BuildInfo& build);

// "warning: ..." lines for the warnings of a report's context.shmbench.environment.
void print_environment_warnings(std::ostream& out, const nlohmann::ordered_json& environment);

}  // namespace shmbench
