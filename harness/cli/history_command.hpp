// `shmbench history`: a run history in an SQLite file (history/database.hpp).
//   add REPORT...      store reports (a report already stored is skipped)
//   check REPORT       judge a report against the last runs of its machine (exit 1 on a regression)
//   trend              each benchmark's medians over time, as a table or shmbench-trend/1 JSON
//   export             the whole database as JSON
// Linux build only: the Windows build has the subcommand, which says so (exit 2).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace shmbench {

// Where the history lives unless --db says otherwise: beside the runs scripts/bench.sh
// writes, in the gitignored reports/out/ (relative to the current folder).
inline constexpr const char* kDefaultHistoryPath = "reports/out/history.sqlite";

// As typed; checked by run_history_command, so a bad value is one line of shmbench's own.
struct HistoryCommandOptions {
  std::string db = kDefaultHistoryPath;
  std::vector<std::string> reports;  // add: REPORT...; check: REPORT
  std::string last = "10";           // check: earlier runs to judge against
  std::string threshold = "5%";      // check: a percentage, as compare's --threshold
  std::string mad_k = "3";           // check: a step must also exceed this many MADs
  std::string format = "table";      // check, trend: table | json
  std::string platform;              // trend: linux | windows | "" (both)
  std::string host;                  // trend: one host | "" (all)
  std::string filter;                // trend: a regular expression over row names
  CLI::App* add = nullptr;
  CLI::App* check = nullptr;
  CLI::App* trend = nullptr;
  CLI::App* export_ = nullptr;
};

// Registers `history` and its four subcommands on `app`.
CLI::App* add_history_command(CLI::App& app, HistoryCommandOptions& options);

// Runs the subcommand that was parsed; throws BadInput. Returns kExitRegression when
// `check` found a regression, kExitOk otherwise.
int run_history_command(const HistoryCommandOptions& options);

// --last: a whole number of at least 1; --mad-k: a finite number of at least 0.
std::size_t parse_last(const std::string& text);
double parse_mad_k(const std::string& text);

}  // namespace shmbench
