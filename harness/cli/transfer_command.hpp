// "shmbench run" for a transfer suite (scenarios/transfer), and the hidden
// "shmbench transfer-worker" subcommand its worker processes run as.
#pragma once

#include <CLI/CLI.hpp>

#include "measure/run_config.hpp"
#include "os/sysinfo.hpp"
#include "scenarios/transfer/transfer_worker.hpp"

namespace shmbench {

// Runs the transfer scenario for a checked config, writes the report, prints the
// summary; returns the exit code as command_run does.
int run_transfer_suite(const RunConfig& config, const SystemInfo& system, const std::string& date);

CLI::App* add_transfer_worker_command(CLI::App& app, transfer::WorkerOptions& options);

}  // namespace shmbench
