// The transfer scenario's JSON report: the harness report's context and row format (so
// Google Benchmark's tools read it as they read the lifecycle's), with the transfer
// operation table, what each backend's kernel wait is, the CPUs used, and the merged
// round-trip histograms under context.shmbench.histograms, keyed by row name (context
// fields are ignored by compare.py, so the rows stay flat counters).
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "common/build_info.hpp"
#include "measure/run_config.hpp"
#include "measure/transfer_results.hpp"
#include "os/sysinfo.hpp"
#include "report/transfer_analysis.hpp"

namespace shmbench {

nlohmann::ordered_json build_transfer_report(const RunConfig& config, const TransferRunResult& result,
                                             const TransferAnalysis& analysis, const SystemInfo& system,
                                             const BuildInfo& build, const std::string& date_iso8601);

// The terminal table: per row the round-trip percentiles or the stream's rates, and the
// ratios to the thread reference.
void print_transfer_summary(std::ostream& out, const TransferAnalysis& analysis);

}  // namespace shmbench
