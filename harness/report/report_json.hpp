// Builds the Google-Benchmark-compatible JSON report of a run (see reports/README.md).
#pragma once

#include <nlohmann/json.hpp>

#include "common/build_info.hpp"
#include "measure/results.hpp"
#include "measure/run_config.hpp"
#include "os/sysinfo.hpp"

namespace shmbench {

inline constexpr int kReportSchemaVersion = 1;

nlohmann::ordered_json build_report(const RunConfig& config, const RunResult& result, const SystemInfo& system,
                            const BuildInfo& build, const std::string& date_iso8601);

// "copy/posix/1048576": operation, backend, size in bytes.
std::string benchmark_name(const std::string& op, const std::string& backend, std::uint64_t size);

}  // namespace shmbench
