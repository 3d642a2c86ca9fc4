// `shmbench stress`: fan-out, fan-in, churn, capacity and faults under load for every
// backend (scenarios/stress), written as a report (report/stress_report.hpp); and the
// hidden `shmbench stress-worker` its workers run as.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace shmbench {

struct StressCommandOptions {
  std::string scenarios, backends;  // scenarios: "" when not given (all)
  long long readers = 8, writers = 4, messages = 20000, slots = 16, max_mappings = 65536;
  std::string message_size = "4KiB", max_bytes;
  double duration = 10, timeout = 10;
  std::string out = "shmbench-stress.json";
  std::string fault;
  std::string readers_sweep = "1,2,4,8,16";
  long long latency_messages = 2000;
};

CLI::App* add_stress_command(CLI::App& app, StressCommandOptions& options);
CLI::App* add_stress_worker_command(CLI::App& app);

// Checks the options (BadInput), runs, writes the report. Exit: 0 every row held, 3 a row
// is an error (could not measure), 130 interrupted.
int run_stress_command(const StressCommandOptions& options, const std::string& date_iso8601);
int run_stress_worker_command();

}  // namespace shmbench
