#include "report/summary_table.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "common/sizes.hpp"
#include "measure/stats.hpp"

namespace shmbench {

namespace {
std::string format(const char* pattern, double value) {
  char text[96];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

// How the summary names a reason, as a count reads: "4 with a wide interval".
std::string warning_reason(WarningKind kind) {
  switch (kind) {
    case WarningKind::wide_interval: return format("with a median's interval beyond ±%.0f %%", kWideIntervalFraction * 100);
    case WarningKind::drift: return format("whose last third of repetitions drifted beyond ±%.0f %%", kDriftFraction * 100);
    case WarningKind::near_timer_floor: return "near the timer's floor";
    case WarningKind::few_repetitions: return "with too few repetitions for an interval";
  }
  return "";
}

// A run of few repetitions (the quick suite's 9) warns on many figures' intervals, and
// rightly: the median's interval then spans most of them, and a busy host widens it past
// ±10 % for most figures. Say which repetitions bound it and what narrows it, so that a
// high count is not read as a fault of the build.
std::string interval_ranks_note(std::size_t repetitions) {
  std::vector<double> ranks(repetitions);
  for (std::size_t i = 0; i < repetitions; ++i) ranks[i] = static_cast<double>(i + 1);
  const auto interval = median_interval(ranks, kMedianIntervalConfidence);
  if (!interval) return "";
  const auto rank = [](double r) {
    const int n = static_cast<int>(r);
    const char* suffix = n % 100 / 10 == 1 ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
    return std::to_string(n) + suffix;
  };
  const std::string count = std::to_string(repetitions);
  const std::string middle = std::to_string(static_cast<int>(interval->second - interval->first) + 1);
  const std::string span = interval->first == 1
                               ? "from the lowest to the highest of them (all " + count + ")"
                               : "from the " + rank(interval->first) + " to the " + rank(interval->second) +
                                     " lowest of them (the middle " + middle + " of " + count + ")";
  const std::string confidence = std::to_string(static_cast<int>(std::lround(kMedianIntervalConfidence * 100)));
  return "with " + count + " repetitions a median's " + confidence + " % interval runs " + span +
         "; more repetitions (--repetitions, or the default suite's) narrow it\n";
}

// One row of the table: the benchmarks of one backend at one size.
struct Line {
  std::string backend;
  std::uint64_t size = 0;
  std::string error;
  std::string skipped;
  std::map<Operation, const BenchmarkStats*> ops;
};

// Median in µs, or "-" where the backend has no such operation.
std::string micros(const Line& line, Operation op) {
  const auto it = line.ops.find(op);
  return it == line.ops.end() ? "-" : format("%.2f", it->second->time.median / 1000.0);
}

// Median throughput in GB/s.
std::string gbps(const Line& line, Operation op) {
  const auto it = line.ops.find(op);
  return it == line.ops.end() ? "-" : format("%.2f", it->second->rate.median / 1e9);
}

// The verified read's throughput as a fraction of the unverified read's.
std::string vs_unverified(const Line& line) {
  const auto it = line.ops.find(Operation::read);
  return it == line.ops.end() || !it->second->vs_unverified ? "-" : format("%.2f", *it->second->vs_unverified);
}

std::string vs_reference(const Line& line, Operation op, bool is_reference) {
  if (is_reference) return "1.00";
  const auto it = line.ops.find(op);
  return it == line.ops.end() || !it->second->vs_reference ? "-" : format("%.2f", *it->second->vs_reference);
}
}  // namespace

void print_summary(std::ostream& out, const Analysis& analysis) {
  std::vector<Line> lines;
  std::size_t warned = 0;
  std::map<WarningKind, std::size_t> by_kind;
  std::size_t few_for_interval = 0;  // the fewest repetitions of a figure warned for its interval, if few
  for (const auto& stats : analysis.benchmarks) {
    if (lines.empty() || lines.back().backend != stats.backend || lines.back().size != stats.size)
      lines.push_back(Line{stats.backend, stats.size, {}, {}, {}});
    if (!stats.error.empty()) lines.back().error = stats.error;
    else if (!stats.skipped.empty()) lines.back().skipped = stats.skipped;
    else lines.back().ops[stats.op] = &stats;
    warned += stats.warnings.empty() ? 0 : 1;
    for (const auto& warning : stats.warnings) {
      ++by_kind[warning.kind];
      // "Few": fewer than drift is judged from, as in the quick suite (9), not the default (27).
      if (warning.kind == WarningKind::wide_interval && stats.ns.size() < kDriftMinimumRepetitions &&
          (few_for_interval == 0 || stats.ns.size() < few_for_interval))
        few_for_interval = stats.ns.size();
    }
  }

  char row[256];
  const char* pattern = "%-15s %7s %9s %9s %9s %9s %9s %9s %8s %8s %8s %8s %8s %8s\n";
  out << "medians of each repetition; latencies in microseconds, throughput in GB/s, ratios to "
      << (analysis.reference_backend.empty() ? "the reference (not run)" : analysis.reference_backend)
      << "; 'read' verifies every byte, 'plain' reads without verifying (read / plain = 'verify')\n";
  std::snprintf(row, sizeof row, pattern, "backend", "size", "create", "open", "map", "touch/pg", "unmap", "close",
                "copy", "read", "plain", "verify", "copy", "read");
  out << row;
  std::snprintf(row, sizeof row, pattern, "", "", "us", "us", "us", "us", "us", "us", "GB/s", "GB/s", "GB/s",
                "x plain", "x ref", "x ref");
  out << row;
  for (const auto& line : lines) {
    if (!line.error.empty()) {
      out << line.backend << " " << format_size(line.size) << ": FAILED: " << line.error << "\n";
      continue;
    }
    if (!line.skipped.empty()) {
      out << line.backend << " " << format_size(line.size) << ": skipped: " << line.skipped << "\n";
      continue;
    }
    const bool is_reference = line.backend == analysis.reference_backend;
    std::snprintf(row, sizeof row, pattern, line.backend.c_str(), format_size(line.size).c_str(),
                  micros(line, Operation::create).c_str(), micros(line, Operation::open).c_str(),
                  micros(line, Operation::map).c_str(), micros(line, Operation::first_touch).c_str(),
                  micros(line, Operation::unmap).c_str(), micros(line, Operation::close).c_str(),
                  gbps(line, Operation::copy).c_str(), gbps(line, Operation::read).c_str(),
                  gbps(line, Operation::read_unverified).c_str(), vs_unverified(line).c_str(),
                  vs_reference(line, Operation::copy, is_reference).c_str(),
                  vs_reference(line, Operation::read, is_reference).c_str());
    out << row;
  }
  // The one operation only some backends have gets a line of its own, not a column.
  for (const auto& line : lines)
    if (line.ops.count(Operation::commit))
      out << line.backend << " " << format_size(line.size) << ": commit " << micros(line, Operation::commit) << " us\n";
  if (warned > 0) {
    out << warned << " of " << analysis.benchmarks.size() << " figures carry a warning (";
    const char* separator = "";
    for (const auto& [kind, count] : by_kind) {
      out << separator << count << " " << warning_reason(kind);
      separator = ", ";
    }
    out << "; the label of their _median row in the report says more)\n";
    if (few_for_interval > 0) out << interval_ranks_note(few_for_interval);
    // What to do about them: the warned figures are the ones that move between runs
    // (docs/measurements.md, "Which figures warn"), while per-round ratios and several
    // runs per side absorb what moves a whole run or a block of rounds.
    out << "warned figures are the ones a repeat run is likely to move: judge a change with 'shmbench ab' or "
           "several runs per side (compare --baseline A1 A2 --contender B1 B2), backends by their per-round "
           "ratios (x ref, compare --pair A:B)\n";
  }
}

}  // namespace shmbench
