// What one "shmbench run" does, after the command line has been validated.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace shmbench {

// Fewer repetitions than this give a median interval that is the sample's whole range
// (9: the 2nd and 8th values); a precision stop needs at least this many.
inline constexpr int kPrecisionMinimumRepetitions = 9;

// How many kept rounds one lifecycle writer/reader pair measures before it is replaced
// (scenarios/lifecycle/lifecycle_run.cpp); --precision is judged when a pair is done.
inline constexpr int kRoundsPerWorkers = 3;

struct RunConfig {
  std::string suite;
  std::vector<std::string> backends;
  std::vector<std::string> transports;  // transfer suites: the message transports beside the backends
  std::vector<double> rates;            // transfer suites: paced ping-pong, messages per second (--rate)
  std::vector<double> idle_ns;          // transfer suites: ping-pong after silence (--idle)
  std::vector<std::uint64_t> sizes;
  int repetitions = 9;
  int warmup_repetitions = 1;
  // run --precision: a size stops taking rounds, once it has at least
  // kPrecisionMinimumRepetitions, when every figure's median 95 % interval lies within
  // ±precision of its median (0: every size takes `repetitions`).
  double precision = 0;
  // run --duet: the two backends' workers' CPU sets at their first pair (swapped with
  // every new pair); empty: the backends take turns (interleaved).
  std::vector<std::vector<int>> duet_cpus;
  double timeout_seconds = 60;  // per worker step; a worker that takes longer is killed
  std::string fault;            // fault injection (tests): see lifecycle::WorkerOptions
  bool global_names = false;    // Windows sections in Global\ rather than Local\ (run --global)
  bool accounting = true;       // the writers read the memory accounting (run --no-accounting)
  std::string file_dir;         // win32-file's folder (run --file-dir), "" for %TEMP%
  std::string out_path;
  // The transfer scenario (suites "transfer", "transfer-quick"): what a suite runs.
  std::string scenario = "lifecycle";
  // Transfer suites: writer and reader on different CPUs, when there are two. Lifecycle
  // suites (not --duet): the controller, writers and readers all on one CPU.
  bool pin = true;
  double budget_ms = 20;       // how long one transfer repetition's batch runs, about
  double lead_in_ms = 0;       // a kernel-wait ping-pong's untimed exchange before each batch
  std::uint64_t transport_max_size = 0;  // the transports skip larger sizes (0: none)
};

}  // namespace shmbench
