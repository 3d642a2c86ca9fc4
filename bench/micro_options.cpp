#include "micro_options.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "cli/selection.hpp"
#include "common/files.hpp"
#include "common/utf8.hpp"

namespace shmbench::micro {

namespace {
constexpr int kDefaultRepetitions = 5;
constexpr const char* kDefaultMinTime = "0.02";
}  // namespace

std::vector<std::string> default_benchmark_flags() {
  return {
      "--benchmark_repetitions=" + std::to_string(kDefaultRepetitions),
      std::string("--benchmark_min_time=") + kDefaultMinTime,
      // The console shows mean/median/stddev/cv; the JSON keeps every repetition, which
      // compare.py's U test needs.
      "--benchmark_display_aggregates_only=true",
  };
}

MicroOptions take_micro_options(int& argc, char** argv) {
  MicroOptions options;
  struct Flag {
    const char* name;
    std::string* value;
  };
  const Flag flags[] = {{"--suite", &options.suite},
                        {"--backends", &options.backends},
                        {"--sizes", &options.sizes},
                        {"--inject-fault", &options.fault}};
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    if (std::strcmp(arg, "--help") == 0 || std::strcmp(arg, "-h") == 0) {
      options.help = true;
      continue;
    }
    bool taken = false;
    for (const Flag& flag : flags) {
      const std::size_t length = std::strlen(flag.name);
      if (std::strncmp(arg, flag.name, length) != 0) continue;
      if (arg[length] == '=') {
        *flag.value = arg + length + 1;
      } else if (arg[length] == '\0') {
        if (i + 1 >= argc) throw BadInput{std::string(flag.name) + " needs a value"};
        *flag.value = argv[++i];
      } else {
        continue;  // a longer flag that merely starts with this name
      }
      if (flag.value->empty()) throw BadInput{std::string(flag.name) + " needs a value"};
      taken = true;
      break;
    }
    if (!taken) argv[kept++] = argv[i];
  }
  argc = kept;
  if (!options.fault.empty() && options.fault != "open-missing")
    throw BadInput{"--inject-fault: unknown fault '" + options.fault + "' (known: open-missing)"};
  return options;
}

namespace {
// The value of --benchmark_<name>=value in `arg`, or nullptr.
const char* flag_value(const char* arg, const char* name) {
  const std::string prefix = std::string("--benchmark_") + name + "=";
  return std::strncmp(arg, prefix.c_str(), prefix.size()) == 0 ? arg + prefix.size() : nullptr;
}

bool is_positive_number(const char* text, bool integer) {
  char* end = nullptr;
  const double value = integer ? static_cast<double>(std::strtol(text, &end, 10)) : std::strtod(text, &end);
  return end != text && *end == '\0' && value > 0 && value < 1e9;
}
}  // namespace

void check_benchmark_flags(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    if (const char* value = flag_value(arg, "repetitions"); value && !is_positive_number(value, true))
      throw BadInput{"--benchmark_repetitions must be a positive whole number, not '" + std::string(value) + "'"};
    for (const char* name : {"min_time", "min_warmup_time"})
      if (const char* value = flag_value(arg, name); value && !is_positive_number(value, false))
        throw BadInput{"--benchmark_" + std::string(name) + " must be a positive number of seconds, not '" + value + "'"};
    // Google Benchmark answers a unit or colour it does not know with its usage on stdout
    // and exit 0, which would read as a run that passed.
    if (const char* value = flag_value(arg, "time_unit");
        value && std::strcmp(value, "ns") != 0 && std::strcmp(value, "us") != 0 && std::strcmp(value, "ms") != 0 &&
        std::strcmp(value, "s") != 0)
      throw BadInput{"--benchmark_time_unit must be ns, us, ms or s, not '" + std::string(value) + "'"};
    // Google Benchmark prints its own line for a --v that is no number, then leaves it
    // to us as an unknown argument: two lines for one mistake.
    if (std::strncmp(arg, "--v=", 4) == 0) {
      char* end = nullptr;
      const long level = std::strtol(arg + 4, &end, 10);
      if (end == arg + 4 || *end != '\0' || level < 0 || level > 1000)
        throw BadInput{"--v (Google Benchmark's log level) must be a whole number from 0 to 1000, not '" +
                       std::string(arg + 4) + "'"};
    }
    if (const char* value = flag_value(arg, "color"); value && !*value)
      throw BadInput{"--benchmark_color needs a value (true, false or auto)"};
    for (const char* name : {"format", "out_format"})
      if (const char* value = flag_value(arg, name);
          value && std::strcmp(value, "console") != 0 && std::strcmp(value, "json") != 0 && std::strcmp(value, "csv") != 0)
        throw BadInput{"--benchmark_" + std::string(name) + " must be console, json or csv, not '" + value + "'"};
    if (const char* value = flag_value(arg, "out")) {
      // Probe by opening for append; a file the probe created goes again, so bad input
      // found later leaves nothing behind.
      std::error_code ignored;
      const std::filesystem::path path = path_from_utf8(value);
      const std::filesystem::path created = *value ? file_a_write_would_create(path) : std::filesystem::path{};
      const bool writable = *value && std::ofstream(path, std::ios::app).good();
      if (!created.empty()) std::filesystem::remove(created, ignored);
      if (!writable) throw BadInput{"--benchmark_out: cannot write '" + std::string(value) + "'"};
    }
  }
}

void print_usage(const char* program) {
  std::printf(
      "usage: %s [--suite=quick|default|memory] [--backends=LIST] [--sizes=LIST] [--benchmark_* flags]\n"
      "\n"
      "In-process Google Benchmark micro-benchmarks of every backend operation, using the\n"
      "same backend code as `shmbench run`. Benchmarks are named <operation>/<backend>/<bytes>,\n"
      "so compare.py benchmarksfiltered can line up two backends.\n"
      "\n"
      "  --suite=NAME      the sizes of a shmbench suite (default: default)\n"
      "  --backends=LIST   comma-separated backends (default: all on this platform)\n"
      "  --sizes=LIST      comma-separated sizes, e.g. 4KiB,1MiB (default: the suite's)\n"
      "\n"
      "Defaults given to Google Benchmark (override any of them):\n",
      program);
  for (const auto& flag : default_benchmark_flags()) std::printf("  %s\n", flag.c_str());
  std::printf(
      "\n"
      "Useful Google Benchmark flags: --benchmark_filter=REGEX, --benchmark_out=FILE,\n"
      "--benchmark_out_format=json, --benchmark_list_tests=true.\n"
      "first_touch runs a fixed number of fresh mappings per repetition (each needs an\n"
      "untimed create and map), so --benchmark_min_time does not change it.\n"
      "\n"
      "Exit status: 0 success, 2 bad input, 3 some benchmark failed (its row has\n"
      "error_message) or an internal error, 130 interrupted.\n");
}

}  // namespace shmbench::micro
