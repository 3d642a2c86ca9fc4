#include "report/transfer_report.hpp"

#include <cstdio>
#include <vector>

#include "os/thread.hpp"
#include "report/report_json.hpp"

namespace shmbench {

namespace {
using json = nlohmann::ordered_json;

// The operation table of a transfer report, in the lifecycle table's shape, so readers
// (validate-report.py) learn from the report which rows a backend has.
json transfer_operations(const RunConfig& config) {
  json ops = json::array();
  for (TransferMode mode : kTransferModes)
    for (WaitStrategy strategy : kWaitStrategies)
      ops.push_back({{"name", transfer_operation(mode, strategy)},
                     {"process", "writer"},
                     {"unit", mode == TransferMode::pingpong ? "per_call" : "per_pass"},
                     {"data_flow", "into_view"},
                     {"needs_shared_object", false}});
  // The paced ping-pongs the run asked for (--rate, --idle), in the order they ran.
  std::vector<Pacing> pacings;
  for (double rate : config.rates) pacings.push_back({rate, 0});
  for (double idle : config.idle_ns) pacings.push_back({0, idle});
  for (const Pacing& pacing : pacings)
    for (WaitStrategy strategy : kWaitStrategies)
      ops.push_back({{"name", paced_operation(pacing, strategy)},
                     {"process", "writer"},
                     {"unit", "per_call"},
                     {"data_flow", "into_view"},
                     {"needs_shared_object", false}});
  ops.push_back({{"name", std::string(kMemcpyOperation)},
                 {"process", "writer"},
                 {"unit", "per_pass"},
                 {"data_flow", "none"},
                 {"needs_shared_object", false},
                 {"reference_only", true}});
  return ops;
}

json histogram_json(const Histogram& h) {
  json buckets = json::array();
  for (const auto& b : h.buckets())
    buckets.push_back({Histogram::lower_bound(b.index), Histogram::upper_bound(b.index), b.count});
  return {{"quantity", "round_trip_ns"},
          {"count", h.count()},
          {"min", h.min()},
          {"max", h.max()},
          {"mean", h.mean()},
          {"relative_error", Histogram::kRelativeError},
          {"buckets", buckets}};
}

std::string format(const char* spec, double value) {
  char text[32];
  std::snprintf(text, sizeof text, spec, value);
  return text;
}

double counter(const BenchmarkStats& stats, const char* name) {
  for (const auto& [key, value] : stats.headline_counters)
    if (key == name) return value;
  return -1;
}
}  // namespace

nlohmann::ordered_json build_transfer_report(const RunConfig& config, const TransferRunResult& result,
                                             const TransferAnalysis& analysis, const SystemInfo& system,
                                             const BuildInfo& build, const std::string& date) {
  json report = build_report(config, result.common, analysis.rows, system, build, date);
  json& shm = report["context"]["shmbench"];
  shm["operations"] = transfer_operations(config);
  // Every backend has every transfer row (the table above): the lifecycle's per-backend
  // operation lists do not apply.
  shm.erase("backend_operations");
  // A rate row that did not reach its rate says so where a reader looks first.
  for (auto& row : report["benchmarks"])
    if (row.contains("kept_up") && row["kept_up"] == 0) {
      const double asked = row["rate_asked"], achieved = row["rate_achieved"];
      const std::string said = "could not keep up: " + format("%.1f", 100 * achieved / asked) + " % of " +
                               format("%.0f", asked) + " messages/s";
      row["label"] = row.contains("label") ? row["label"].get<std::string>() + "; " + said : said;
    }
  json kernel = json::object();
  for (const auto& [backend, what] : result.kernel_waits) kernel[backend] = what;
  // The transports measured beside the backends: their rows name them where a backend's
  // name would be, and what each asks of the OS sits beside the backends' flags.
  shm["config"]["transports"] = config.transports;
  if (config.transport_max_size > 0) shm["config"]["transport_max_size"] = config.transport_max_size;
  shm["config"]["rates"] = config.rates;
  shm["config"]["idle_ns"] = config.idle_ns;
  json flags = json::object();
  for (const auto& [transport, what] : result.transports) flags[transport] = what;
  shm["transport_flags"] = flags;
  shm["transfer"] = {
      {"writer_cpu", result.writer_cpu < 0 ? json(nullptr) : json(result.writer_cpu)},
      {"reader_cpu", result.reader_cpu < 0 ? json(nullptr) : json(result.reader_cpu)},
      {"budget_ms", config.budget_ms},
      {"lead_in_ms", config.lead_in_ms},
      {"kernel_wait", kernel},
      {"one_way", "one_way_p50_ns is half the round trip (rtt_p50_ns / 2), not a one-way measurement"},
      {"histogram_relative_error", Histogram::kRelativeError},
      {"cpu_clock", thread_cpu_clock()},
  };
  json histograms = json::object();
  for (const auto& [name, h] : analysis.histograms) histograms[name] = histogram_json(h);
  shm["histograms"] = histograms;
  return report;
}

void print_transfer_summary(std::ostream& out, const TransferAnalysis& analysis) {
  out << "transfer (round trips: ns; stream: GB/s and million messages/s; x thr = against two threads of one process;\n"
         "          cpu/msg: both sides' CPU ns per message; rate rows: from each message's due time)\n";
  char line[256];
  std::vector<const BenchmarkStats*> worth;  // rows with ratios to the best shared-memory row
  std::snprintf(line, sizeof line, "%-36s %10s %10s %10s %8s %9s %9s %7s %7s %9s\n", "benchmark", "rtt p50", "rtt p99",
                "batch", "x thr", "GB/s", "Mmsg/s", "x thr", "x mcpy", "cpu/msg");
  out << line;
  for (const auto& stats : analysis.rows.benchmarks) {
    if (!stats.error.empty()) {
      const bool missing = stats.error.rfind(kNotAvailable, 0) == 0;
      out << stats.name << (missing ? "  " : "  FAILED: ") << stats.error << "\n";
      continue;
    }
    const double p50 = counter(stats, "rtt_p50_ns"), p99 = counter(stats, "rtt_p99_ns");
    const double vs = counter(stats, "rtt_p50_vs_threads"), tvs = counter(stats, "throughput_vs_threads");
    const double mvs = counter(stats, "throughput_vs_memcpy");
    const bool rates = !stats.bytes_per_second.empty();
    const double cpu = counter(stats, "cpu_ns_per_message");
    std::snprintf(line, sizeof line, "%-36s %10s %10s %10s %8s %9s %9s %7s %7s %9s\n", stats.name.c_str(),
                  p50 >= 0 ? format("%.0f", p50).c_str() : "-", p99 >= 0 ? format("%.0f", p99).c_str() : "-",
                  rates ? "-" : format("%.0f", stats.time.median).c_str(), vs >= 0 ? format("%.2f", vs).c_str() : "-",
                  rates ? format("%.2f", stats.rate.median / 1e9).c_str() : "-",
                  stats.items_per_second.empty() ? "-" : format("%.3f", stats.item_rate.median / 1e6).c_str(),
                  tvs >= 0 ? format("%.2f", tvs).c_str() : "-", mvs >= 0 ? format("%.2f", mvs).c_str() : "-",
                  cpu >= 0 ? format("%.0f", cpu).c_str() : "-");
    out << line;
    worth.push_back(&stats);
    if (counter(stats, "kept_up") == 0)
      out << "    could not keep up: " << format("%.0f", counter(stats, "rate_achieved")) << " of "
          << format("%.0f", counter(stats, "rate_asked")) << " messages/s\n";
  }
  // Is shared memory worth it? Each transport against the best mapping of the same row.
  bool header = false;
  for (const BenchmarkStats* stats : worth) {
    const double rtt = counter(*stats, "rtt_p50_vs_best_shm"), bytes = counter(*stats, "throughput_vs_best_shm");
    const double cpu = counter(*stats, "cpu_vs_best_shm");
    if (rtt < 0 && bytes < 0) continue;
    if (!header) {
      out << "\nis shared memory worth it? each transport over the best shared-memory row of the same operation and "
             "size\n(round trip p50: above 1 is slower; stream throughput: below 1 is slower; CPU per message)\n";
      std::snprintf(line, sizeof line, "%-36s %12s %12s %12s\n", "benchmark", "rtt x shm", "bytes/s x shm", "cpu x shm");
      out << line;
      header = true;
    }
    std::snprintf(line, sizeof line, "%-36s %12s %12s %12s\n", stats->name.c_str(),
                  rtt >= 0 ? format("%.2f", rtt).c_str() : "-", bytes >= 0 ? format("%.2f", bytes).c_str() : "-",
                  cpu >= 0 ? format("%.2f", cpu).c_str() : "-");
    out << line;
  }
}

}  // namespace shmbench
