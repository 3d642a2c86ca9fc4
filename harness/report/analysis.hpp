// The statistics of a run, computed once from its samples: per benchmark (operation,
// backend, size) the summary of its times and throughputs, its ratio to the in-process
// reference, and typed warnings where the spread makes the figure unreliable. The JSON
// report and the summary table only format what is here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "measure/operation.hpp"
#include "measure/results.hpp"
#include "measure/run_config.hpp"
#include "measure/stats.hpp"

namespace shmbench {

// A figure is its median. It carries a warning when the median itself is unsure, not when
// the spread around it merely exists: a cv above 10 % or one MAD outlier among 27
// repetitions flagged 123 of 145 Linux figures of a default run (85 %), and a warning on
// almost every figure is read by nobody. The thresholds were chosen by how well they name
// the figures that move most between runs of one build (three default runs per platform,
// docs/measurements.md "Which figures warn"): at ±3 % 38-53 % of Linux figures warned and
// fewer than half of those moved much; at 10 % with the drift check, 16-21 % warned (28-37 %
// on a noisier host) and two thirds of them were among the fifth that moved most.
// The median's 95 % interval reaching further than this fraction from it on either side.
inline constexpr double kWideIntervalFraction = 0.10;
// The medians of the first and the last third of the repetitions (in round order) this
// far apart: the machine drifted during the run, and the next run will likely differ.
inline constexpr double kDriftFraction = 0.10;
// Thirds of fewer repetitions than 6 are too noisy to judge drift by.
inline constexpr std::size_t kDriftMinimumRepetitions = 18;
// A timed span shorter than this many timer floors (resolution or read cost) is mostly timer.
inline constexpr double kTimerFloorFactor = 20;

enum class WarningKind {
  wide_interval,     // the median's 95 % interval reaches beyond ±kWideIntervalFraction
  drift,             // the first and last thirds' medians are beyond kDriftFraction apart
  near_timer_floor,  // the timed span is within kTimerFloorFactor of the timer's floor
  few_repetitions,   // too few repetitions for the median's 95 % interval (fewer than 6)
};
const char* to_string(WarningKind kind);

struct Warning {
  WarningKind kind;
  std::string text;  // "the median's 95 % interval reaches -2.1/+14.6 % (beyond ±10 %)", ...
};

struct BenchmarkStats {
  std::string name;  // "<op>/<backend>/<bytes>"
  Operation op = Operation::create;
  std::string backend;
  std::uint64_t size = 0;
  int family = 0;    // one per (operation, backend), in report order
  int instance = 0;  // the size's place in config.sizes
  std::string error;  // non-empty: nothing was measured, the report has an error row
  std::string skipped = {};  // non-empty: the system refused the backend (Cell::skipped); a skipped row

  std::vector<double> ns;                // per repetition
  std::uint64_t iterations = 1;          // calls, pages or passes behind one sample
  std::uint64_t iterations_per_span = 0;  // of those, behind one timer reading; 0: all of them
  std::vector<double> bytes_per_second;  // per repetition; empty where the op has none
  Summary time;
  Summary rate;                          // of bytes_per_second
  // This backend's throughput as a fraction of the in-process reference's at the same
  // operation and size (reference median time / this median time); only for shared
  // backends' copy and read, when the reference measured them.
  std::optional<double> vs_reference;
  // read only: this verified read's throughput as a fraction of the unverified read of
  // the same buffer in the same worker (read_unverified median time / this median time).
  std::optional<double> vs_unverified;
  std::vector<Warning> warnings;

  // The transfer scenario's rows carry more: messages per second beside bytes per second,
  // counters on every repetition's row (its own latency percentiles, CPU use), and on the
  // headline row (_median, or the only row) those of the merged histogram and the ratios
  // to the in-process reference. Empty for lifecycle rows.
  std::vector<double> items_per_second;  // per repetition
  Summary item_rate;
  std::vector<std::vector<std::pair<std::string, double>>> rep_counters;  // one list per repetition
  std::vector<std::pair<std::string, double>> headline_counters;
};

struct Analysis {
  std::vector<BenchmarkStats> benchmarks;  // report order: cell by cell, operations in table order
  std::string reference_backend;           // the process-local backend ("heap"), or "" if not run
  int failed_cells = 0;
};

Analysis analyse(const RunConfig& config, const RunResult& result, std::uint64_t page_size);

// The counters the workers read beside the timings (Cell's OperationSamples::counters)
// onto their benchmarks: each repetition's on its row, their medians on the headline row
// (report/cell_counters.cpp).
void attach_cell_counters(Analysis& analysis, const RunResult& result);

// The spread warnings of a benchmark whose ns (in round order), iterations and time are set.
std::vector<Warning> spread_warnings(const BenchmarkStats& stats, const std::optional<TimerInfo>& timer);

// "warning: the median's 95 % interval reaches ...; ...", or "" without warnings.
std::string warning_label(const std::vector<Warning>& warnings);

// The last third's median over the first third's, minus 1 (repetitions in round order),
// or nothing below kDriftMinimumRepetitions.
std::optional<double> thirds_drift(const std::vector<double>& ns);

}  // namespace shmbench
