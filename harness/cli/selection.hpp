// What a command line asks to measure: a suite, backends and sizes, checked the same way
// by shmbench and shmbench-micro. Anything wrong is BadInput, which each program's main()
// turns into one line on stderr and exit status 2.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/suites.hpp"
#include "common/bad_input.hpp"
#include "common/text.hpp"
#include "os/sysinfo.hpp"

namespace shmbench {

// The suite called `name`.
Suite select_suite(const std::string& name);

struct BackendChoice {
  std::vector<std::string> chosen;   // available here, in the order given, no duplicates
  std::vector<std::string> skipped;  // known backends of the other platform
};
// Whether a command measures the variant backends (is_variant: memfd, win32-large, ...).
// Only the lifecycle suites do; where they are `all`, an empty option takes them too.
enum class Variants { refused, allowed, all };
// An empty option means every default backend of this platform (and the variants, with
// Variants::all). Backends of the other platform are skipped (the caller says so), so
// one list serves scripts/bench.sh on both; a name shmbench does not know, a variant
// where they are refused, or a list with nothing for this platform is bad input.
BackendChoice select_backends(const std::string& option, Variants variants = Variants::refused);

// The suite's sizes unless `option` lists others; duplicates are measured once. A size
// this machine cannot hold twice over (a writer's source buffer plus the object) is
// refused.
std::vector<std::uint64_t> select_sizes(const std::string& option, const Suite& suite, const SystemInfo& system);

// run --timeout (and ab's, which every run gets): seconds a worker's step may take, from
// 0.001 (a step's timer counts whole milliseconds: less would be 0) to 1000000.
double select_timeout(double seconds);

}  // namespace shmbench
