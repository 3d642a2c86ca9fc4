// "shmbench run" for a transfer suite (scenarios/transfer), and the hidden
// "shmbench transfer-worker" subcommand its worker processes run as.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "measure/run_config.hpp"
#include "os/sysinfo.hpp"
#include "scenarios/transfer/transfer_worker.hpp"

namespace shmbench {

// The transports a transfer run measures beside its backends (--transports): "all" or a
// comma-separated list ("none": no transports). Not given, it is every transport of this
// platform, unless --backends was given (`backends_given`): then a command line that
// names its backends keeps meaning just those. Names of the other platform's transports
// are skipped (the caller says so); an unknown name is bad input.
struct TransportChoice {
  std::vector<std::string> chosen;
  std::vector<std::string> skipped;
};
TransportChoice select_transports(const std::string& option, bool given, bool backends_given);

// Runs the transfer scenario for a checked config, writes the report, prints the
// summary; returns the exit code as command_run does.
int run_transfer_suite(const RunConfig& config, const SystemInfo& system, const std::string& date);

CLI::App* add_transfer_worker_command(CLI::App& app, transfer::WorkerOptions& options);

}  // namespace shmbench
