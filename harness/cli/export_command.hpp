// `shmbench export`: harness and micro reports as the CI benchmark trackers read them
// (report/ci_export.hpp): one file per tool format, written into a folder.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>
#include <vector>

namespace shmbench {

// The files `export` writes into --out-dir (reports/README.md says which tool reads which).
inline constexpr const char* kGabSmallerFile = "github-action-benchmark-smaller.json";
inline constexpr const char* kGabBiggerFile = "github-action-benchmark-bigger.json";
inline constexpr const char* kBencherFile = "bencher.json";

struct ExportCommandOptions {
  std::vector<std::string> reports;  // shmbench run and shmbench-micro reports, any number
  std::string out_dir;               // an existing folder
  std::string prefix;                // put before every name ("" for none)
  bool verbose = false;              // name every benchmark left out, not up to kLeftOutNamesShown per reason
};

// How many names of the benchmarks left out for one reason `export` prints without --verbose.
inline constexpr std::size_t kLeftOutNamesShown = 3;

CLI::App* add_export_command(CLI::App& app, ExportCommandOptions& options);

// Writes the three files, each complete or not at all: all are written to temporary
// files first and renamed into place at the end, so bad input (BadInput, thrown before
// anything is written) or a failed write leaves the folder as it was. Prints the files
// written (stdout) and what was left out (stderr), one line per reason. Returns kExitOk.
int run_export_command(const ExportCommandOptions& options);

}  // namespace shmbench
