// The exit statuses of every shmbench program (shmbench, shmbench-micro, and the scripts
// around them), defined once. Each means one thing, so a CI job can act on it:
// 1 is a regression and nothing else; a measurement that could not be made is 3.
#pragma once

namespace shmbench {

enum ExitCode : int {
  kExitOk = 0,
  kExitRegression = 1,      // compare, ab, history check: a benchmark regressed; the output says which
  kExitBadInput = 2,        // bad command line, size, config, report or program: one line on stderr
  kExitCouldNotMeasure = 3, // a measurement failed (a worker crashed, hung or was refused: its error row
                            // says why), a build that ab runs could not run, or an internal error
  kExitInterrupted = 130,   // Ctrl-C / SIGTERM: workers stopped, objects removed (the shell's 128 + SIGINT)
};
// An exception nobody expected is a measurement that could not be made, too.
inline constexpr ExitCode kExitInternalError = kExitCouldNotMeasure;

}  // namespace shmbench
