#include "cli/transfer_command.hpp"

#include <algorithm>
#include <iostream>
#include <optional>
#include <utility>

#include "cli/report_file.hpp"
#include "common/bad_input.hpp"
#include "common/json_text.hpp"
#include "common/text.hpp"
#include "transports/transport.hpp"
#include "common/build_info.hpp"
#include "common/exit_codes.hpp"
#include "common/sizes.hpp"
#include "report/environment_report.hpp"
#include "report/transfer_report.hpp"
#include "scenarios/transfer/transfer_run.hpp"

namespace shmbench {

TransportChoice select_transports(const std::string& option, bool given, bool backends_given) {
  const auto available = available_transports();
  if (!given) return {backends_given ? std::vector<std::string>{} : available, {}};
  if (option == "none") return {};
  if (option == "all") return {available, {}};
  const auto known = all_transport_names();
  TransportChoice choice;
  for (const auto& name : split(option)) {
    const bool here = std::find(available.begin(), available.end(), name) != available.end();
    if (!here && std::find(known.begin(), known.end(), name) == known.end())
      throw BadInput{"--transports: unknown transport '" + name + "' (available here: " + join(available) +
                     "; or all, none)"};
    auto& list = here ? choice.chosen : choice.skipped;
    if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
  }
  if (choice.chosen.empty())
    throw BadInput{"--transports: none of them runs on " SHMBENCH_OS_NAME " (available: " + join(available) + ")"};
  return choice;
}

namespace {
// "10k" -> 10000 with suffixes {k: 1e3, M: 1e6}; nullopt for anything else.
std::optional<double> number_with_suffix(const std::string& text, const std::vector<std::pair<std::string, double>>& units,
                                         bool unit_required) {
  for (const auto& [unit, factor] : units) {
    if (text.size() > unit.size() && text.compare(text.size() - unit.size(), unit.size(), unit) == 0) {
      const auto value = whole_number(text.substr(0, text.size() - unit.size()));
      if (!value) return std::nullopt;
      return *value * factor;
    }
  }
  if (unit_required) return std::nullopt;
  return whole_number(text);
}

// A length with its unit ("200ms") in ns, for --batch and --lead-in; nullopt without one.
std::optional<double> length_ns(const std::string& text) {
  return number_with_suffix(text, {{"us", 1e3}, {"ms", 1e6}, {"s", 1e9}}, true);
}
// Whether a length is one --batch and --lead-in take: from 1 ms to a quarter of --timeout.
bool within_limits(const std::optional<double>& ns, double most_ms) { return ns && *ns >= 1e6 && *ns <= most_ms * 1e6; }
std::string limits(double most_ms) {
  return "at least 1 ms and at most " + std::to_string(static_cast<long long>(most_ms)) +
         " ms (a quarter of --timeout) with its unit us, ms or s";
}

template <typename Parse>
std::vector<double> parse_list(const std::string& option, Parse parse) {
  std::vector<double> values;
  for (const auto& item : split(option)) {
    const double value = parse(item);
    if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
  }
  return values;
}
}  // namespace

std::vector<double> parse_rates(const std::string& option) {
  return parse_list(option, [](const std::string& item) {
    const auto rate = number_with_suffix(item, {{"k", 1e3}, {"M", 1e6}}, false);
    // Below 1 a second, the reader's 2 s wait for a message runs out before it is due.
    if (!rate || !(*rate >= 1) || *rate > 1e7)
      throw BadInput{"--rate: '" + item + "' is not a rate of messages per second from 1 to 10M (e.g. 1k,10k,100k)"};
    return *rate;
  });
}

std::vector<double> parse_idle(const std::string& option) {
  return parse_list(option, [](const std::string& item) {
    const auto ns = number_with_suffix(item, {{"us", 1e3}, {"ms", 1e6}, {"s", 1e9}}, true);
    // Below 1 us an idle row is a back-to-back ping-pong of as many messages as the batch
    // holds: --idle 1e-9s sent millions, and its kernel-wait row ran past --timeout.
    if (!ns || !(*ns >= 1e3) || *ns > 10e9)
      throw BadInput{"--idle: '" + item + "' is not a silence from 1 us to 10 s with its unit us, ms or s (e.g. 1ms,10ms,100ms)"};
    return *ns;
  });
}

// A --timeout under 4 ms leaves no batch or lead-in length to choose: say that, not "at
// least 1 ms and at most 0 ms".
void require_room(const char* option, double most_ms) {
  if (most_ms < 1)
    throw BadInput{std::string(option) + ": --timeout " + seconds_text(most_ms * 4 / 1000) +
                   " leaves no room for one: it runs at least 1 ms and at most a quarter of --timeout"};
}

double parse_batch(const std::string& option, double most_ms) {
  require_room("--batch", most_ms);
  const auto ns = length_ns(option);
  if (!within_limits(ns, most_ms))
    throw BadInput{"--batch: '" + option + "' is not a batch length of " + limits(most_ms) + " (e.g. 200ms)"};
  return *ns / 1e6;
}

double parse_lead_in(const std::string& option, double most_ms) {
  const auto ns = option == "0" ? std::optional<double>(0) : length_ns(option);
  if (ns && *ns == 0) return 0;
  require_room("--lead-in", most_ms);
  if (!within_limits(ns, most_ms))
    throw BadInput{"--lead-in: '" + option + "' is not 0 or a length of " + limits(most_ms) + " (e.g. 100ms)"};
  return *ns / 1e6;
}

int run_transfer_suite(const RunConfig& config, const SystemInfo& system, const std::string& date) {
  std::cerr << "shmbench: transfer: " << config.backends.size() << " backend(s) and " << config.transports.size()
            << " transport(s) x " << config.sizes.size()
            << " size(s) x 2 modes x 3 wait strategies, " << config.repetitions << " repetitions each";
  if (config.lead_in_ms > 0) std::cerr << "; kernel ping-pongs exchange " << config.lead_in_ms << " ms untimed first";
  std::cerr << std::endl;
  if (config.transport_max_size > 0 && !config.transports.empty() &&
      std::any_of(config.sizes.begin(), config.sizes.end(), [&](std::uint64_t size) { return size > config.transport_max_size; }))
    std::cerr << "shmbench: the transports run up to " << format_size(config.transport_max_size)
              << " in this suite; --sizes measures them at any size" << std::endl;
  const TransferRunResult result = transfer::run_transfer(config, std::cerr);
  const TransferAnalysis analysis = analyse_transfer(config, result);
  const auto report = build_transfer_report(config, result, analysis, system, build_info(), date);
  write_report_file(config.out_path, json_text(report, 2));
  print_transfer_summary(std::cout, analysis);
  print_environment_warnings(std::cout, report["context"]["shmbench"].value("environment", nlohmann::ordered_json()));
  std::cerr << "report: " << config.out_path << " (" << std::fixed << result.common.seconds << " s)" << std::endl;
  if (result.common.interrupted) {
    std::cerr << "shmbench: interrupted; the report holds the cells finished so far" << std::endl;
    return kExitInterrupted;
  }
  return analysis.rows.failed_cells > 0 ? kExitCouldNotMeasure : kExitOk;
}

CLI::App* add_transfer_worker_command(CLI::App& app, transfer::WorkerOptions& options) {
  CLI::App* cmd = app.add_subcommand("transfer-worker", "internal: a transfer writer or reader")->group("");
  cmd->add_option("--role", options.role)->required()->check(CLI::IsMember({"writer", "reader"}));
  // One of the two: what the worker's cells run over.
  CLI::Option* backend = cmd->add_option("--backend", options.backend);
  CLI::Option* transport = cmd->add_option("--transport", options.transport);
  backend->excludes(transport);
  cmd->add_option("--cpu", options.cpu);
  cmd->add_option("--peer-cpu", options.peer_cpu);
  cmd->add_option("--fault", options.fault);
  return cmd;
}

}  // namespace shmbench
