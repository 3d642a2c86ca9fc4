#include "cli/stress_command.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/report_file.hpp"
#include "cli/selection.hpp"
#include "common/build_info.hpp"
#include "common/exit_codes.hpp"
#include "common/json_text.hpp"
#include "common/platform.hpp"
#include "common/sizes.hpp"
#include "common/text.hpp"
#include "common/utf8.hpp"
#include "os/interrupt.hpp"
#include "os/sysinfo.hpp"
#include "report/environment_report.hpp"
#include "report/stress_report.hpp"
#include "scenarios/stress/stress_run.hpp"
#include "scenarios/stress/stress_worker.hpp"

namespace shmbench {

namespace {
long long in_range(const char* option, long long value, long long low, long long high) {
  if (value < low || value > high)
    throw BadInput{std::string(option) + " must be from " + std::to_string(low) + " to " + std::to_string(high) +
                   ", not " + std::to_string(value)};
  return value;
}

std::uint64_t size_option(const char* option, const std::string& text, std::uint64_t low, std::uint64_t high) {
  const SizeParse parsed = parse_size(text);
  if (!parsed.bytes) throw BadInput{std::string(option) + ": " + parsed.error};
  if (*parsed.bytes < low || *parsed.bytes > high)
    throw BadInput{std::string(option) + " must be from " + format_size(low) + " to " + format_size(high) + ", not " +
                   text};
  return *parsed.bytes;
}

double seconds_option(const char* option, double value, double high) {
  if (!std::isfinite(value) || !(value > 0) || value > high)
    throw BadInput{std::string(option) + " must be a positive number of seconds up to " + std::to_string(int(high))};
  return value;
}

std::vector<std::string> select_scenarios(const std::string& option) {
  std::vector<std::string> all(std::begin(stress::kScenarios), std::end(stress::kScenarios));
  if (option.empty()) return all;
  std::vector<std::string> chosen;
  for (const auto& name : split(option)) {
    if (std::find(all.begin(), all.end(), name) == all.end())
      throw BadInput{"--scenarios: '" + name + "' is not a stress scenario (" + join(all) + ")"};
    if (std::find(chosen.begin(), chosen.end(), name) == chosen.end()) chosen.push_back(name);
  }
  return chosen;
}

// "1,2,4,8,16": reader counts from 1 to 64, each once.
std::vector<int> reader_counts(const std::string& option) {
  std::vector<int> counts;
  for (const auto& item : split(option)) {
    const auto number = whole_number(item);
    if (!number || *number != static_cast<double>(static_cast<long long>(*number)) || *number < 1 || *number > 64)
      throw BadInput{"--readers-sweep: '" + item + "' is not a reader count from 1 to 64 (e.g. 1,2,4,8,16)"};
    const int count = static_cast<int>(*number);
    if (std::find(counts.begin(), counts.end(), count) != counts.end())
      throw BadInput{"--readers-sweep: " + item + " appears twice"};
    counts.push_back(count);
  }
  return counts;
}

void check_writable(const std::string& out) {
  namespace fs = std::filesystem;
  const fs::path path = path_from_utf8(out);
  const fs::path parent = path.parent_path();
  std::error_code ec;
  if (!parent.empty() && !fs::is_directory(parent, ec))
    throw BadInput{"--out: no folder '" + utf8_from_path(parent) + "'"};
  const bool existed = fs::exists(path, ec);
  std::ofstream probe(path, std::ios::app);
  if (!probe) throw BadInput{"--out: cannot write '" + out + "'"};
  probe.close();
  if (!existed) fs::remove(path, ec);
}
}  // namespace

CLI::App* add_stress_command(CLI::App& app, StressCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "stress", "many readers, many writers, create/destroy churn, capacity limits and faults under load, every byte "
                "verified and every object accounted for; writes a JSON report");
  cmd->add_option_function<std::string>(
      "--scenarios", [&o](const std::string& list) { o.scenarios = list.empty() ? "," : list; },
      "comma-separated: fanout,fanout-scaling,fanin,churn,capacity,faults (default: all)");
  cmd->add_option("--backends", o.backends, "comma-separated backends (default: all on this platform)");
  cmd->add_option("--readers", o.readers, "fan-out readers, 1 to 64")->capture_default_str();
  cmd->add_option("--readers-sweep", o.readers_sweep,
                  "fanout-scaling: comma-separated reader counts, each 1 to 64")
      ->capture_default_str();
  cmd->add_option("--latency-messages", o.latency_messages,
                  "fanout-scaling: messages handed off one at a time per reader count (the first tenth untimed)")
      ->capture_default_str();
  cmd->add_option("--writers", o.writers, "fan-in writers, 1 to 64")->capture_default_str();
  cmd->add_option("--messages", o.messages, "messages per writer")->capture_default_str();
  cmd->add_option("--message-size", o.message_size, "bytes per message, 64B to 1MiB")->capture_default_str();
  cmd->add_option("--slots", o.slots, "ring slots, 2 to 4096")->capture_default_str();
  cmd->add_option("--duration", o.duration, "churn: seconds of storms per backend")->capture_default_str();
  cmd->add_option("--max-bytes", o.max_bytes, "capacity: most bytes mapped at once (default: a quarter of physical memory)");
  cmd->add_option("--max-mappings", o.max_mappings, "capacity: most mappings at once")->capture_default_str();
  cmd->add_option("--timeout", o.timeout, "watchdog: seconds a worker may make no progress before it is killed")
      ->capture_default_str();
  cmd->add_option("--out", o.out, "report path")->capture_default_str();
  cmd->add_option("--inject-fault", o.fault, "for tests: torn, lost or duplicate (the writer corrupts one message); reader-hang "
                  "(fanout-scaling: the last reader hangs)")
      ->group("");
  return cmd;
}

CLI::App* add_stress_worker_command(CLI::App& app) {
  return app.add_subcommand("stress-worker", "internal: a stress worker process (its task comes on stdin)")->group("");
}

int run_stress_command(const StressCommandOptions& o, const std::string& date) {
  SystemInfo system = read_system_info();
  system.environment = read_environment(system.allowed_cpus);
  StressConfig config;
  config.scenarios = select_scenarios(o.scenarios);
  const BackendChoice backends = select_backends(o.backends);
  if (!backends.skipped.empty())
    std::cerr << "shmbench: skipping backend(s) not available on " SHMBENCH_OS_NAME ": " << join(backends.skipped)
              << std::endl;
  config.backends = backends.chosen;
  config.readers = static_cast<int>(in_range("--readers", o.readers, 1, 64));
  config.readers_sweep = reader_counts(o.readers_sweep);
  config.latency_messages = static_cast<std::uint64_t>(in_range("--latency-messages", o.latency_messages, 20, 100000000));
  config.writers = static_cast<int>(in_range("--writers", o.writers, 1, 64));
  config.messages = static_cast<std::uint64_t>(in_range("--messages", o.messages, 4, 1000000000));
  config.slots = static_cast<std::uint64_t>(in_range("--slots", o.slots, 2, 4096));
  config.max_mappings = static_cast<std::uint64_t>(in_range("--max-mappings", o.max_mappings, 1, 10000000));
  config.message_size = size_option("--message-size", o.message_size, 64, 1 << 20);
  config.duration_seconds = seconds_option("--duration", o.duration, 86400);
  config.timeout_seconds = seconds_option("--timeout", o.timeout, 86400);
  const std::uint64_t physical = system.physical_memory;
  config.max_bytes = o.max_bytes.empty() ? std::max<std::uint64_t>(physical / 4, 1 << 20)
                                         : size_option("--max-bytes", o.max_bytes, 64 * 1024,
                                                       physical > 0 ? physical : UINT64_MAX);
  if (o.fault != "" && o.fault != "torn" && o.fault != "lost" && o.fault != "duplicate" && o.fault != "reader-hang")
    throw BadInput{"--inject-fault: '" + o.fault + "' is not a corruption (torn, lost, duplicate) or reader-hang"};
  if (o.fault == "reader-hang" &&
      std::find(config.scenarios.begin(), config.scenarios.end(), "fanout-scaling") == config.scenarios.end())
    throw BadInput{"--inject-fault reader-hang applies to --scenarios fanout-scaling only"};
  config.fault = o.fault;
  config.out_path = o.out;
  check_writable(config.out_path);
  empty_report_file(config.out_path);
  install_interrupt_handlers();

  std::cerr << "shmbench stress: " << join(config.scenarios) << " on " << join(config.backends) << std::endl;
  const StressResult result = stress::run_stress(config, std::cerr);
  const auto report = build_stress_report(config, result, system, build_info(), date);
  write_report_file(config.out_path, json_text(report, 2));
  print_environment_warnings(std::cerr, report["context"]["shmbench"].value("environment", nlohmann::ordered_json()));
  const int failed = result.failed_rows();
  std::cerr << "report: " << config.out_path << " (" << result.rows.size() << " rows, " << failed << " failed, "
            << result.seconds << " s)" << std::endl;
  if (result.interrupted) {
    std::cerr << "shmbench: interrupted; the report holds the rows finished so far" << std::endl;
    return kExitInterrupted;
  }
  return failed > 0 ? kExitCouldNotMeasure : kExitOk;
}

int run_stress_worker_command() { return stress::run_stress_worker(); }

}  // namespace shmbench
