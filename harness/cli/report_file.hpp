// Where a command's report meets the file system: every `--out` report of run, stress
// and the transfer suites is written here, through its UTF-8 path (common/utf8.hpp).
#pragma once

#include <string>

namespace shmbench {

// Empties the file at `path` if there is one (through a link, which stays): called when a
// run starts measuring, so that a run killed before it writes (SIGKILL, a lost machine)
// leaves no earlier run's report there for a CI step to read as this run's. An empty file
// is refused by every reader (exit 2). Google Benchmark's --benchmark_out does the same.
void empty_report_file(const std::string& path);

// Writes `text` and a final newline to `path` (UTF-8), replacing what was there. A file
// that cannot be written is bad input ("--out: cannot write '...'").
void write_report_file(const std::string& path, const std::string& text);

}  // namespace shmbench
