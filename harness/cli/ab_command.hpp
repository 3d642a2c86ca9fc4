// `shmbench ab`: an A/B comparison of two shmbench builds on the same machine at the same
// time. It runs both builds' `shmbench run` rounds interleaved, each through the public
// command line and report format (so any build that writes the same report schema can be
// the baseline), merges each side's rounds and judges them as `shmbench compare` does,
// with the same flags, output and exit statuses.
//
// Why rounds of one repetition: a process run is the unit that varies (its memory layout,
// the pages it got, the caches it found), and repetitions inside one run share it.
// Treated as independent, a handful of runs' repetitions give the U test far more
// confidence than the runs justify, and an A/A comparison then "finds" differences. One
// repetition per run (after the run's own warm-up) makes every sample its own run.
// How many rounds: the U test's power grows with them, and a 10 % slowdown of one
// operation is not always caught in 12 (the quick suite's copies moved 5-10 % from run to
// run on the 2-core VM some evenings). By default the rounds go on past 12 while the A/B
// stays under 45 s: 94-100 rounds on Linux, 16-18 under Wine, whose runs take longer.
// Rounds alternate which build runs first (baseline first in even rounds, contender first
// in odd ones), so neither always follows the other.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/compare_command.hpp"

namespace shmbench {

// The temporary folders of `ab` processes that are gone (SIGKILLed, or the machine
// stopped): shmbench-ab-<pid>-<8 hex> in the temporary folder, whose pid is not alive
// (or is the caller's own: `clean` makes no such folder). `clean` removes them; an `ab`
// that ends in any other way removes its own.
std::vector<std::string> dead_ab_folders();

inline constexpr int kAutoRounds = 0;
inline constexpr int kMinAutoRounds = 12;
// The cap keeps a very cheap selection (one small size, say) from running hundreds of
// rounds; 100 is about what the quick suite's runs fill 45 s with on the 2-vCPU VM
// (0.22 s each on Linux, docs/ab.md).
inline constexpr int kMaxAutoRounds = 100;
inline constexpr double kAutoRoundsSeconds = 45;

struct AbCommandOptions {
  std::string baseline;   // the OLD shmbench executable
  std::string contender;  // the NEW one
  // Per build: one run of one repetition each. kAutoRounds: at least kMinAutoRounds, then
  // more while they fit in kAutoRoundsSeconds (an even number, up to kMaxAutoRounds).
  int rounds = kAutoRounds;
  // Passed to every run as they are.
  std::string suite = "quick";
  std::string backends;
  std::string sizes;
  double timeout = 60;
  std::string contender_fault;  // tests: --inject-fault for the contender's runs only
  std::string baseline_fault;   // tests: likewise for the baseline's
  std::string keep_reports;     // a folder to keep every run's report in; "" = a temporary one, removed
  std::string out;              // also write the comparison as JSON here
  // interleaved: each round runs one build after the other; duet: both at once, each on
  // CPUs of its own (the sides' CPUs swapped every round), judged on the pairs.
  std::string mode = "interleaved";
  // interleaved lifecycle suites: every run confined to one CPU, the last this process
  // may use (--no-pin: left to the scheduler). On the 2-vCPU VM where the scheduler put a
  // run's processes was a large part of a lifecycle call's run-to-run spread (docs/ab.md).
  bool pin = true;
  ComparisonFlags flags;
};

CLI::App* add_ab_command(CLI::App& app, AbCommandOptions& options);

// Runs the rounds and prints the comparison (stdout), progress and warnings (stderr).
// Returns kExitRegression when a benchmark regressed, kExitOk otherwise,
// kExitInterrupted on Ctrl-C; throws BadInput for bad options or a build that refuses
// its run's arguments.
int run_ab_command(const AbCommandOptions& options);

}  // namespace shmbench
