// The exit statuses of every shmbench program (shmbench, shmbench-micro), defined once.
#pragma once

namespace shmbench {

enum ExitCode : int {
  kExitOk = 0,
  kExitFailed = 1,          // ran to the end, but some measurement failed (its row says why)
  kExitRegression = 1,      // compare (and ab): a benchmark regressed; the output says which
  kExitBadInput = 2,        // bad command line, size, config or report: one line on stderr
  kExitInternalError = 3,   // a bug in shmbench: an exception nobody expected
  kExitInterrupted = 130,   // Ctrl-C / SIGTERM: workers stopped, objects removed (the shell's 128 + SIGINT)
};

}  // namespace shmbench
