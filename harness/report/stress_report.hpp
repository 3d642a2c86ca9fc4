// Formats a stress run as a Google-Benchmark-compatible JSON report (reports/README.md,
// "Stress reports"): the same context as every report, context.shmbench.scenario
// "stress", and one iteration row per scenario, backend and variant with its counters.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "common/build_info.hpp"
#include "measure/stress_results.hpp"
#include "os/sysinfo.hpp"

namespace shmbench {

nlohmann::ordered_json build_stress_report(const StressConfig& config, const StressResult& result,
                                           const SystemInfo& system, const BuildInfo& build,
                                           const std::string& date_iso8601);

}  // namespace shmbench
