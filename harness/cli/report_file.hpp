// Where a command's report meets the file system: every `--out` report of run, stress
// and the transfer suites is written here, through its UTF-8 path (common/utf8.hpp).
#pragma once

#include <string>

namespace shmbench {

// Writes `text` and a final newline to `path` (UTF-8), replacing what was there. A file
// that cannot be written is bad input ("--out: cannot write '...'").
void write_report_file(const std::string& path, const std::string& text);

}  // namespace shmbench
