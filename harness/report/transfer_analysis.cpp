#include "report/transfer_analysis.hpp"

#include <algorithm>
#include <map>
#include <optional>

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

// One counter of each repetition of a row, in repetition (round) order.
std::vector<double> per_repetition(const BenchmarkStats& stats, const char* counter) {
  std::vector<double> values;
  for (const auto& counters : stats.rep_counters)
    for (const auto& [key, value] : counters)
      if (key == counter) values.push_back(value);
  return values;
}

// The median over rounds of mine[r] / theirs[r]: repetition r of every backend runs in
// round r, side by side in time, so a change of the machine's state between rounds (the
// two vCPUs moving between cores that share a cache and cores that do not, seen as
// 90-120 ns or 340-480 ns round trips) falls on both sides of each ratio. A ratio of the
// two rows' own medians does not cancel it: when such a change came in the middle of a
// row, its median could land on one side of it and the reference's on the other
// (docs/transfer.md, "A row does not depend on its place in the sweep").
std::optional<double> paired_ratio(const std::vector<double>& mine, const std::vector<double>& theirs) {
  std::vector<double> ratios;
  for (std::size_t r = 0; r < mine.size() && r < theirs.size(); ++r)
    if (theirs[r] > 0) ratios.push_back(mine[r] / theirs[r]);
  if (ratios.empty()) return std::nullopt;
  std::sort(ratios.begin(), ratios.end());
  const std::size_t n = ratios.size();
  return n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
}
double headline(const BenchmarkStats& stats, const char* name) {
  for (const auto& [key, value] : stats.headline_counters)
    if (key == name) return value;
  return -1;
}

// "Is shared memory worth it?": each transport's row against the best shared-memory row
// of the same operation and size (the lowest round-trip median, or the highest stream
// throughput, among the mapping backends; the threads are not a mapping): its round trip,
// throughput and CPU per message as ratios to that row's.
void add_best_shared_ratios(const TransferRunResult& result, Analysis& analysis) {
  std::vector<std::string> transports;
  for (const auto& [name, flags] : result.transports) transports.push_back(name);
  const auto is_transport = [&](const std::string& b) {
    return std::find(transports.begin(), transports.end(), b) != transports.end();
  };
  const auto op_of = [](const BenchmarkStats& s) { return s.name.substr(0, s.name.find('/')); };
  for (auto& mine : analysis.benchmarks) {
    if (!mine.error.empty() || !is_transport(mine.backend)) continue;
    const bool stream = !mine.bytes_per_second.empty();
    const BenchmarkStats* best = nullptr;
    for (const auto& other : analysis.benchmarks) {
      if (!other.error.empty() || other.size != mine.size || op_of(other) != op_of(mine) ||
          is_transport(other.backend) || other.backend == analysis.reference_backend)
        continue;
      if (stream ? other.rate.median > 0 && (!best || other.rate.median > best->rate.median)
                 : headline(other, "rtt_p50_ns") > 0 &&
                       (!best || headline(other, "rtt_p50_ns") < headline(*best, "rtt_p50_ns")))
        best = &other;
    }
    if (best == nullptr) continue;
    if (stream) mine.headline_counters.emplace_back("throughput_vs_best_shm", mine.rate.median / best->rate.median);
    else if (headline(mine, "rtt_p50_ns") > 0)
      mine.headline_counters.emplace_back("rtt_p50_vs_best_shm", headline(mine, "rtt_p50_ns") / headline(*best, "rtt_p50_ns"));
    if (headline(mine, "cpu_ns_per_message") > 0 && headline(*best, "cpu_ns_per_message") > 0)
      mine.headline_counters.emplace_back("cpu_vs_best_shm",
                                          headline(mine, "cpu_ns_per_message") / headline(*best, "cpu_ns_per_message"));
  }
}
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
  struct PacedFigures {
    Pacing pacing;
    double achieved = 0, late = 0;  // medians over the repetitions
  };
  std::map<std::string, PacedFigures> paced_counters;
  std::vector<BenchmarkStats> memcpy_rows;
  for (const auto& cell : result.cells) {
    if (!cell.error.empty()) ++analysis.failed_cells;
    if (!cell.not_available.empty()) {
      // Not a failure of the run: this system lacks the transport, or this size on it.
      BenchmarkStats stats;
      stats.backend = cell.backend;
      stats.size = cell.size;
      place(stats, cell.operation());
      stats.error = std::string(kNotAvailable) + cell.not_available;
      analysis.benchmarks.push_back(std::move(stats));
      continue;
    }
    BenchmarkStats stats;
    stats.backend = cell.backend;
    stats.size = cell.size;
    place(stats, cell.operation());
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
    double cpu_ns = 0;
    std::uint64_t moved = 0;
    for (const auto& rep : cell.reps) {
      stats.ns.push_back(rep.ns_per_message);
      merged.merge(rep.rtt);
      auto counters = latency_counters(rep.rtt);
      counters.emplace_back("writer_cpu_util", utilisation(rep.writer_cpu_ns, rep.writer_wall_ns));
      counters.emplace_back("reader_cpu_util", utilisation(rep.reader_cpu_ns, rep.reader_wall_ns));
      if (rep.lead_in > 0) counters.emplace_back("lead_in_round_trips", static_cast<double>(rep.lead_in));
      if (rep.moved > 0) {
        counters.emplace_back("cpu_ns_per_message",
                              (rep.writer_cpu_ns + rep.reader_cpu_ns) / static_cast<double>(rep.moved));
        cpu_ns += rep.writer_cpu_ns + rep.reader_cpu_ns;
        moved += rep.moved;
      }
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
    if (cell.pacing.paced()) {
      // Paced rows: how late the writer itself sent, and for a rate, the rate it reached.
      std::vector<double> achieved, late;
      for (std::size_t r = 0; r < cell.reps.size(); ++r) {
        const TransferRep& rep = cell.reps[r];
        late.push_back(rep.late_p50_ns);
        stats.rep_counters[r].emplace_back("late_send_p50_ns", rep.late_p50_ns);
        if (cell.pacing.rate > 0 && rep.ns_per_message > 0) {
          achieved.push_back(1e9 / rep.ns_per_message);
          stats.rep_counters[r].emplace_back("rate_achieved", achieved.back());
        }
      }
      paced_counters[stats.name] = {cell.pacing, summarize(achieved).median, summarize(late).median};
    }
    stats.iterations = cell.reps.front().messages;
    stats.time = summarize(stats.ns);
    if (!stats.bytes_per_second.empty()) {
      stats.rate = summarize(stats.bytes_per_second);
      stats.item_rate = summarize(stats.items_per_second);
    }
    stats.headline_counters = latency_counters(merged);
    if (const auto paced = paced_counters.find(stats.name); paced != paced_counters.end()) {
      const PacedFigures& f = paced->second;
      if (f.pacing.rate > 0) {
        stats.headline_counters.emplace_back("rate_asked", f.pacing.rate);
        stats.headline_counters.emplace_back("rate_achieved", f.achieved);
        stats.headline_counters.emplace_back("kept_up", f.achieved >= kKeptUp * f.pacing.rate ? 1 : 0);
      } else {
        stats.headline_counters.emplace_back("idle_ns", f.pacing.idle_ns);
      }
      stats.headline_counters.emplace_back("late_send_p50_ns", f.late);
    }
    // Pooled over the repetitions, not their median: a thread's CPU time advances in
    // clock ticks on Windows (10 ms under Wine), coarse against one repetition's batch.
    if (moved > 0) stats.headline_counters.emplace_back("cpu_ns_per_message", cpu_ns / static_cast<double>(moved));
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

  // The ratios to the in-process references of the same run, computed in this one place,
  // each the median of its per-round ratios (paired_ratio): a round trip's median over the
  // two threads' (above 1: slower than the hand-off ceiling), and a stream's throughput
  // over the threads' and over a plain memcpy's (below 1: slower).
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
    const bool round_trips = op.rfind("pingpong_", 0) == 0 || op.rfind("rate", 0) == 0 || op.rfind("idle", 0) == 0;
    if (round_trips && stats.backend != reference)
      if (const BenchmarkStats* threads = find(op + "/" + reference + "/" + size))
        if (auto ratio = paired_ratio(per_repetition(stats, "rtt_p50_ns"), per_repetition(*threads, "rtt_p50_ns")))
          stats.headline_counters.emplace_back("rtt_p50_vs_threads", *ratio);
    if (op.rfind("stream_", 0) == 0) {
      if (stats.backend != reference)
        if (const BenchmarkStats* threads = find(op + "/" + reference + "/" + size))
          if (auto ratio = paired_ratio(stats.bytes_per_second, threads->bytes_per_second))
            stats.headline_counters.emplace_back("throughput_vs_threads", *ratio);
      if (const BenchmarkStats* copy = find(std::string(kMemcpyOperation) + "/" + reference + "/" + size))
        if (auto ratio = paired_ratio(stats.bytes_per_second, copy->bytes_per_second))
          stats.headline_counters.emplace_back("throughput_vs_memcpy", *ratio);
    }
  }
  add_best_shared_ratios(result, analysis);
  for (const auto& stats : analysis.benchmarks) {
    const auto it = merged_by_name.find(stats.name);
    if (it != merged_by_name.end()) out.histograms.emplace_back(it->first, it->second);
  }
  return out;
}

}  // namespace shmbench
