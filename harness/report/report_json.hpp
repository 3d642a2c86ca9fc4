// Formats a run's analysis as the Google-Benchmark-compatible JSON report (see
// reports/README.md): the context, then per benchmark its iteration rows, its aggregate
// rows (from two repetitions on) or one error row.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "common/build_info.hpp"
#include "measure/results.hpp"
#include "measure/run_config.hpp"
#include "os/sysinfo.hpp"
#include "report/analysis.hpp"

namespace shmbench {

// 2: percentiles only where the sample carries them, outlier counts and warning labels,
// no aggregates for one repetition, the operation table in the context.
// 3: the read_unverified operation and vs_read_unverified on read rows; the order the
// repetitions ran in (context.shmbench.order) and the read kernel used (read_kernel).
// 4: context.shmbench.scenario ("lifecycle" or "transfer") and config.scenario; the
// transfer scenario's rows, its context.shmbench.transfer and histograms, and the
// operation table's reference_only. Lifecycle reports are otherwise as in 3.
inline constexpr int kReportSchemaVersion = 4;

nlohmann::ordered_json build_report(const RunConfig& config, const RunResult& result, const Analysis& analysis,
                                    const SystemInfo& system, const BuildInfo& build, const std::string& date_iso8601);

}  // namespace shmbench
