// The parts of a report's context every scenario's report shares: Google Benchmark's own
// context fields, and under context.shmbench the platform, timer and build. One place, so
// that a lifecycle, transfer and stress report describe the machine the same way.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/build_info.hpp"
#include "measure/timer.hpp"
#include "os/sysinfo.hpp"

namespace shmbench {

nlohmann::ordered_json platform_json(const SystemInfo& system);
nlohmann::ordered_json timer_json(const std::optional<TimerInfo>& timer);  // {} when no worker said
nlohmann::ordered_json build_json(const BuildInfo& build);

// Google Benchmark's context (date, host_name, executable, num_cpus, mhz_per_cpu,
// cpu_scaling_enabled, caches, load_avg, library_build_type) with `shmbench` last.
nlohmann::ordered_json benchmark_context(const SystemInfo& system, const BuildInfo& build, const std::string& date,
                                         nlohmann::ordered_json shmbench);

}  // namespace shmbench
