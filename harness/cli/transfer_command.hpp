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

// --rate: messages per second, comma-separated, each a number with an optional k or M
// ("1k,10k,100k"), from 1 to 10M. --idle: silences, each a number with its unit
// us, ms or s ("1ms,10ms,100ms"), from 1 us to 10 s; returned in ns. Duplicates
// are kept once; anything else is bad input.
std::vector<double> parse_rates(const std::string& option);
std::vector<double> parse_idle(const std::string& option);
// --batch: how long one repetition's batch runs, a number with its unit us, ms or s
// ("200ms"), at least 1 ms and at most `most_ms` (a quarter of the worker's --timeout);
// returned in ms. Anything else is bad input.
double parse_batch(const std::string& option, double most_ms);
// run --lead-in: 0 (none) or a length from 1 ms to most_ms, with its unit; in ms.
double parse_lead_in(const std::string& option, double most_ms);

// Runs the transfer scenario for a checked config, writes the report, prints the
// summary; returns the exit code as command_run does.
int run_transfer_suite(const RunConfig& config, const SystemInfo& system, const std::string& date);

CLI::App* add_transfer_worker_command(CLI::App& app, transfer::WorkerOptions& options);

}  // namespace shmbench
