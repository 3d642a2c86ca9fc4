#include "report/transfer_analysis.hpp"

#include <map>

namespace shmbench {

namespace {
// Counters from a round-trip histogram: percentiles where carried, max, mean of the
// individually timed round trips, and the one-way median (half the round trip).
std::vector<std::pair<std::string, double>> latency_counters(const Histogram& h) {
  std::vector<std::pair<std::string, double>> counters;
  if (h.count() == 0) return counters;
  for (const auto& quantile : kLatencyQuantiles)
    if (quantile.q == 0.5 || carries_percentile(h.count(), quantile.q))
      counters.emplace_back(quantile.counter, h.percentile(quantile.q));
  counters.emplace_back("rtt_max_ns", h.max());
  counters.emplace_back("rtt_timed_mean_ns", h.mean());
  counters.emplace_back("one_way_p50_ns", h.percentile(0.5) / 2);
  counters.emplace_back("round_trips_timed", static_cast<double>(h.count()));
  return counters;
}

double utilisation(double cpu_ns, double wall_ns) { return wall_ns > 0 ? cpu_ns / wall_ns : 0; }
}  // namespace

TransferAnalysis analyse_transfer(const RunConfig& config, const TransferRunResult& result) {
  TransferAnalysis out;
  Analysis& analysis = out.rows;
  for (const auto& backend : result.common.backends)
    if (backend.process_local) analysis.reference_backend = backend.name;
  std::map<std::pair<std::string, std::string>, int> families;
  std::map<std::uint64_t, int> instances;
  for (std::size_t i = 0; i < config.sizes.size(); ++i) instances[config.sizes[i]] = static_cast<int>(i);
  const auto place = [&](BenchmarkStats& stats, const std::string& op) {
    const auto key = std::make_pair(op, stats.backend);
    if (!families.count(key)) families[key] = static_cast<int>(families.size());
    stats.family = families[key];
    stats.instance = instances[stats.size];
    stats.name = op + "/" + stats.backend + "/" + std::to_string(stats.size);
  };

  std::map<std::string, Histogram> merged_by_name;
  std::vector<BenchmarkStats> memcpy_rows;
  for (const auto& cell : result.cells) {
    if (!cell.error.empty()) ++analysis.failed_cells;
    BenchmarkStats stats;
    stats.backend = cell.backend;
    stats.size = cell.size;
    place(stats, transfer_operation(cell.mode, cell.strategy));
    const bool memcpy_cell = cell.backend == analysis.reference_backend && cell.mode == TransferMode::stream &&
                             cell.strategy == WaitStrategy::spin;
    BenchmarkStats copy;
    if (memcpy_cell) {
      copy.backend = cell.backend;
      copy.size = cell.size;
      place(copy, std::string(kMemcpyOperation));
    }
    if (!cell.error.empty() || cell.reps.empty()) {
      stats.error = cell.error.empty() ? "no samples were measured" : cell.error;
      copy.error = stats.error;
      analysis.benchmarks.push_back(std::move(stats));
      if (memcpy_cell) memcpy_rows.push_back(std::move(copy));
      continue;
    }
    Histogram merged;
    for (const auto& rep : cell.reps) {
      stats.ns.push_back(rep.ns_per_message);
      merged.merge(rep.rtt);
      auto counters = latency_counters(rep.rtt);
      counters.emplace_back("writer_cpu_util", utilisation(rep.writer_cpu_ns, rep.writer_wall_ns));
      counters.emplace_back("reader_cpu_util", utilisation(rep.reader_cpu_ns, rep.reader_wall_ns));
      stats.rep_counters.push_back(std::move(counters));
      if (cell.mode == TransferMode::stream) {
        stats.bytes_per_second.push_back(rep.ns_per_message > 0 ? static_cast<double>(cell.size) * 1e9 / rep.ns_per_message : 0);
        stats.items_per_second.push_back(rep.ns_per_message > 0 ? 1e9 / rep.ns_per_message : 0);
      }
      if (memcpy_cell && rep.memcpy_ns) {
        copy.ns.push_back(*rep.memcpy_ns);
        copy.bytes_per_second.push_back(static_cast<double>(cell.size) * 1e9 / *rep.memcpy_ns);
      }
    }
    stats.iterations = cell.reps.front().messages;
    stats.time = summarize(stats.ns);
    if (!stats.bytes_per_second.empty()) {
      stats.rate = summarize(stats.bytes_per_second);
      stats.item_rate = summarize(stats.items_per_second);
    }
    stats.headline_counters = latency_counters(merged);
    if (cell.mode == TransferMode::stream) stats.headline_counters.emplace_back("slots", static_cast<double>(cell.slots));
    stats.warnings = spread_warnings(stats, result.common.timer);
    if (merged.count() > 0) merged_by_name[stats.name] = merged;
    if (memcpy_cell) {
      if (copy.ns.empty()) copy.error = "no samples were measured";
      else {
        copy.iterations = 1;
        copy.time = summarize(copy.ns);
        copy.rate = summarize(copy.bytes_per_second);
        copy.warnings = spread_warnings(copy, result.common.timer);
      }
      memcpy_rows.push_back(std::move(copy));
    }
    analysis.benchmarks.push_back(std::move(stats));
  }
  for (auto& row : memcpy_rows) analysis.benchmarks.push_back(std::move(row));

  // The ratios to the in-process references of the same run, computed in this one place:
  // a round trip's median over the two threads' (above 1: slower than the hand-off
  // ceiling), and a stream's throughput over the threads' and over a plain memcpy's
  // (below 1: slower).
  const auto find = [&](const std::string& name) -> const BenchmarkStats* {
    for (const auto& s : analysis.benchmarks)
      if (s.name == name && s.error.empty()) return &s;
    return nullptr;
  };
  const std::string reference = analysis.reference_backend;
  for (auto& stats : analysis.benchmarks) {
    if (!stats.error.empty()) continue;
    const std::string op = stats.name.substr(0, stats.name.find('/'));
    const std::string size = std::to_string(stats.size);
    if (op.rfind("pingpong_", 0) == 0 && stats.backend != reference) {
      const auto mine = merged_by_name.find(stats.name);
      const auto theirs = merged_by_name.find(op + "/" + reference + "/" + size);
      if (mine != merged_by_name.end() && theirs != merged_by_name.end() && theirs->second.percentile(0.5) > 0)
        stats.headline_counters.emplace_back("rtt_p50_vs_threads",
                                             mine->second.percentile(0.5) / theirs->second.percentile(0.5));
    }
    if (op.rfind("stream_", 0) == 0) {
      if (stats.backend != reference)
        if (const BenchmarkStats* threads = find(op + "/" + reference + "/" + size); threads && threads->rate.median > 0)
          stats.headline_counters.emplace_back("throughput_vs_threads", stats.rate.median / threads->rate.median);
      if (const BenchmarkStats* copy = find(std::string(kMemcpyOperation) + "/" + reference + "/" + size);
          copy && copy->rate.median > 0)
        stats.headline_counters.emplace_back("throughput_vs_memcpy", stats.rate.median / copy->rate.median);
    }
  }
  for (const auto& stats : analysis.benchmarks) {
    const auto it = merged_by_name.find(stats.name);
    if (it != merged_by_name.end()) out.histograms.emplace_back(it->first, it->second);
  }
  return out;
}

}  // namespace shmbench
