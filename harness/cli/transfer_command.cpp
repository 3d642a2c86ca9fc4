#include "cli/transfer_command.hpp"

#include <iostream>

#include "cli/report_file.hpp"
#include "common/build_info.hpp"
#include "common/exit_codes.hpp"
#include "report/environment_report.hpp"
#include "report/transfer_report.hpp"
#include "scenarios/transfer/transfer_run.hpp"

namespace shmbench {

int run_transfer_suite(const RunConfig& config, const SystemInfo& system, const std::string& date) {
  std::cerr << "shmbench: transfer: " << config.backends.size() << " backend(s) x " << config.sizes.size()
            << " size(s) x 2 modes x 3 wait strategies, " << config.repetitions << " repetitions each" << std::endl;
  const TransferRunResult result = transfer::run_transfer(config, std::cerr);
  const TransferAnalysis analysis = analyse_transfer(config, result);
  const auto report = build_transfer_report(config, result, analysis, system, build_info(), date);
  write_report_file(config.out_path, report.dump(2));
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
  cmd->add_option("--backend", options.backend)->required();
  cmd->add_option("--cpu", options.cpu);
  cmd->add_option("--peer-cpu", options.peer_cpu);
  cmd->add_option("--fault", options.fault);
  return cmd;
}

}  // namespace shmbench
