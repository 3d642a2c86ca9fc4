// `shmbench compare`: judge a contender report against a baseline, or two backends of one
// report against each other (--pair). The flags that judge and print a comparison are
// registered and checked here once, so `shmbench ab` can offer the same ones.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "report/compare.hpp"
#include "report/compare_format.hpp"

namespace shmbench {

// As typed: checked by compare_options / output_format, so a bad value gets one line of
// shmbench's own (BadInput) rather than a parser's.
struct ComparisonFlags {
  std::string metric = "auto";      // auto | time | bytes_per_second | items_per_second
  std::string correction = "holm";  // holm | bh | none
  std::string alpha = "0.05";       // a number in (0, 1)
  std::string threshold = "5%";     // a percentage: "5" and "5%" both mean 5 %
  std::string format = "table";     // table | markdown | json
  bool no_pool = false;             // --no-pool: rows only, no per-operation verdicts
};

// Adds --metric, --correction, --alpha, --threshold and --format to `command`.
void add_comparison_flags(CLI::App& command, ComparisonFlags& flags);

// The options the flags ask for; BadInput naming the flag for a value out of range or not
// a number.
CompareOptions compare_options(const ComparisonFlags& flags);
OutputFormat output_format(const ComparisonFlags& flags);

// "5" or "5%" → 0.05: a percentage, never a fraction (so "0.05" is 0.05 %). Finite, ≥ 0.
double parse_threshold_percent(const std::string& text);
// A significance level strictly between 0 and 1.
double parse_alpha(const std::string& text);

struct CompareCommandOptions {
  ComparisonFlags flags;
  std::vector<std::string> pairs;    // --pair A:B, repeatable
  std::vector<std::string> reports;  // BASELINE CONTENDER (each a report or a folder of runs), or one REPORT with --pair
  std::vector<std::string> baseline, contender;  // --baseline/--contender: several runs per side (reports or folders)
  bool gate_apart = false;           // judge two single runs taken apart anyway
};

// Registers the subcommand on `app`; main() calls run_compare_command when it was parsed.
CLI::App* add_compare_command(CLI::App& app, CompareCommandOptions& options);

// Prints the comparison (stdout) and its warnings (stderr). Returns kExitRegression when
// a benchmark regressed, kExitCouldNotMeasure when one has an error row and none
// regressed, kExitOk otherwise (always with --pair); throws BadInput.
int run_compare_command(const CompareCommandOptions& options);

}  // namespace shmbench
