#include "report/analysis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace shmbench {

namespace {
// The operations whose throughput is compared with the reference's.
bool compared_with_reference(Operation op) {
  return op == Operation::copy || op == Operation::read || op == Operation::read_unverified;
}

}  // namespace

std::vector<Warning> spread_warnings(const BenchmarkStats& stats, const std::optional<TimerInfo>& timer) {
  std::vector<Warning> warnings;
  const Summary& t = stats.time;
  if (t.count < 2) return warnings;
  char text[160];
  if (!t.median_lower || !t.median_upper) {
    std::snprintf(text, sizeof text, "%zu repetitions: too few for the median's 95 %% interval (6 or more)", t.count);
    warnings.push_back({WarningKind::few_repetitions, text});
  } else if (t.median > 0) {
    const double below = (t.median - *t.median_lower) / t.median, above = (*t.median_upper - t.median) / t.median;
    if (std::max(below, above) > kWideIntervalFraction) {
      std::snprintf(text, sizeof text, "the median's 95 %% interval reaches -%.1f/+%.1f %% (beyond ±%.0f %%)",
                    below * 100, above * 100, kWideIntervalFraction * 100);
      warnings.push_back({WarningKind::wide_interval, text});
    }
  }
  if (const auto drift = thirds_drift(stats.ns); drift && std::abs(*drift) > kDriftFraction) {
    std::snprintf(text, sizeof text, "the last third of the repetitions has a median %+.1f %% from the first's (beyond ±%.0f %%)",
                  *drift * 100, kDriftFraction * 100);
    warnings.push_back({WarningKind::drift, text});
  }
  if (timer) {
    const double floor = std::max(timer->resolution_ns, timer->read_overhead_ns);
    // One timer reading's span: a call of create ... close is timed alone, a warm copy
    // or read a chunk of passes at a time, a first touch or a transfer batch as a whole.
    const std::uint64_t per_span = stats.iterations_per_span != 0 ? stats.iterations_per_span : stats.iterations;
    const double span = t.median * static_cast<double>(per_span);
    if (floor > 0 && span < kTimerFloorFactor * floor) {
      std::snprintf(text, sizeof text, "timed span %.0f ns is under %.0fx the timer's floor of %.0f ns", span,
                    kTimerFloorFactor, floor);
      warnings.push_back({WarningKind::near_timer_floor, text});
    }
  }
  return warnings;
}

const char* to_string(WarningKind kind) {
  switch (kind) {
    case WarningKind::wide_interval: return "wide_interval";
    case WarningKind::drift: return "drift";
    case WarningKind::near_timer_floor: return "near_timer_floor";
    case WarningKind::few_repetitions: return "few_repetitions";
  }
  return "wide_interval";
}

std::optional<double> thirds_drift(const std::vector<double>& ns) {
  if (ns.size() < kDriftMinimumRepetitions) return std::nullopt;
  const std::size_t third = ns.size() / 3;
  const double first = median_of(std::vector<double>(ns.begin(), ns.begin() + third));
  const double last = median_of(std::vector<double>(ns.end() - third, ns.end()));
  if (!(first > 0)) return std::nullopt;
  return last / first - 1;
}

std::string warning_label(const std::vector<Warning>& warnings) {
  std::string label;
  for (const auto& warning : warnings) label += (label.empty() ? "warning: " : "; ") + warning.text;
  return label;
}

Analysis analyse(const RunConfig& config, const RunResult& result, std::uint64_t page_size) {
  Analysis analysis;
  for (const auto& backend : result.backends)
    if (backend.process_local) analysis.reference_backend = backend.name;

  // Families are (operation, backend) pairs, numbered in report order; instances are sizes.
  std::map<std::pair<Operation, std::string>, int> families;
  std::map<std::uint64_t, int> instances;
  for (std::size_t i = 0; i < config.sizes.size(); ++i) instances[config.sizes[i]] = static_cast<int>(i);

  for (const auto& cell : result.cells) {
    if (!cell.error.empty()) ++analysis.failed_cells;
    for (Operation op : cell.operations) {
      BenchmarkStats stats;
      stats.op = op;
      stats.backend = cell.backend;
      stats.size = cell.size;
      stats.name = std::string(to_string(op)) + "/" + cell.backend + "/" + std::to_string(cell.size);
      const auto family_key = std::make_pair(op, cell.backend);
      if (!families.count(family_key)) families[family_key] = static_cast<int>(families.size());
      stats.family = families[family_key];
      stats.instance = instances[cell.size];

      if (!cell.skipped.empty()) {  // not a failure: nothing to measure here
        stats.skipped = cell.skipped;
        analysis.benchmarks.push_back(std::move(stats));
        continue;
      }
      const auto samples = cell.samples.find(op);
      if (!cell.error.empty() || samples == cell.samples.end() || samples->second.ns.empty()) {
        stats.error = cell.error.empty() ? "no samples were measured" : cell.error;
        analysis.benchmarks.push_back(std::move(stats));
        continue;
      }
      stats.ns = samples->second.ns;
      stats.iterations = samples->second.iterations;
      stats.iterations_per_span = samples->second.iterations_per_span;
      stats.time = summarize(stats.ns);
      if (reports_throughput(op)) {
        const double bytes = static_cast<double>(bytes_per_sample(op, cell.size, page_size));
        for (double ns : stats.ns) stats.bytes_per_second.push_back(ns > 0 ? bytes * 1e9 / ns : 0);
        stats.rate = summarize(stats.bytes_per_second);
      }
      stats.warnings = spread_warnings(stats, result.timer);
      analysis.benchmarks.push_back(std::move(stats));
    }
  }

  // The one place the reference ratio is computed: reference median time / this median
  // time, i.e. this backend's throughput as a fraction of the reference's.
  std::map<std::pair<Operation, std::uint64_t>, double> reference;
  for (const auto& stats : analysis.benchmarks)
    if (stats.backend == analysis.reference_backend && stats.error.empty() && compared_with_reference(stats.op))
      reference[{stats.op, stats.size}] = stats.time.median;
  for (auto& stats : analysis.benchmarks) {
    if (stats.backend == analysis.reference_backend || !stats.error.empty() || stats.time.median <= 0) continue;
    const auto it = reference.find({stats.op, stats.size});
    if (it != reference.end()) stats.vs_reference = it->second / stats.time.median;
  }

  // What verifying costs: the verified read against the unverified one of the same cell.
  std::map<std::pair<std::string, std::uint64_t>, double> unverified;
  for (const auto& stats : analysis.benchmarks)
    if (stats.op == Operation::read_unverified && stats.error.empty())
      unverified[{stats.backend, stats.size}] = stats.time.median;
  for (auto& stats : analysis.benchmarks) {
    if (stats.op != Operation::read || !stats.error.empty() || stats.time.median <= 0) continue;
    const auto it = unverified.find({stats.backend, stats.size});
    if (it != unverified.end()) stats.vs_unverified = it->second / stats.time.median;
  }
  attach_cell_counters(analysis, result);
  return analysis;
}

}  // namespace shmbench
