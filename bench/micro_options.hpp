// shmbench-micro's own flags, in Google Benchmark's --flag=value style, and the
// Google Benchmark defaults it brings: chosen so the default suite takes at most about a
// minute per platform on a 2-core machine. A flag the user passes overrides a default.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace shmbench::micro {

struct MicroOptions {
  std::string suite = "default";
  std::string backends;  // empty: every backend of this platform
  std::string sizes;     // empty: the suite's sizes
  std::string fault;     // for tests: "open-missing" opens a name nobody created
  bool help = false;
};

// Google Benchmark flags put in front of the user's arguments; later flags win.
std::vector<std::string> default_benchmark_flags();

// Takes shmbench-micro's own flags out of argv (what Google Benchmark left), leaving
// anything unrecognised for the caller to refuse. Throws BadInput on a bad value.
MicroOptions take_micro_options(int& argc, char** argv);

// Refuses, as BadInput, the Google Benchmark flag values Google Benchmark itself would
// meet with a usage dump or a second error line: bad counts, times and formats, and an
// output file that cannot be written.
void check_benchmark_flags(int argc, char** argv);

void print_usage(const char* program);

}  // namespace shmbench::micro
