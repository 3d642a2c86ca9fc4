#include "cli/export_command.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <utility>

#include "common/bad_input.hpp"
#include "common/exit_codes.hpp"
#include "common/json_text.hpp"
#include "common/text.hpp"
#include "common/utf8.hpp"
#include "report/ci_export.hpp"
#include "report/report_reader.hpp"

namespace shmbench {

namespace {
namespace fs = std::filesystem;

struct PendingFile {
  fs::path temporary, final;
};

// Removes the temporary files it still holds: a failure half-way leaves no debris.
class PendingFiles {
 public:
  ~PendingFiles() {
    std::error_code ec;
    for (const auto& file : files_) fs::remove(file.temporary, ec);
  }
  void write(const fs::path& final, const std::string& text) {
    // A dot name beside the target, so the rename stays within one file system.
    PendingFile file{final.parent_path() / path_from_utf8("." + utf8_from_path(final.filename()) + ".tmp"), final};
    files_.push_back(file);
    std::ofstream out(file.temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw BadInput{"--out-dir: cannot write '" + utf8_from_path(file.temporary) + "'"};
  }
  void commit() {
    // A target that is a folder (or anything but a file) fails its rename: find it before
    // the first rename, so bad input leaves none of the three files half-replaced.
    for (const auto& file : files_) {
      std::error_code ec;
      if (fs::exists(file.final, ec) && !fs::is_regular_file(file.final, ec))
        throw BadInput{"--out-dir: cannot write '" + utf8_from_path(file.final) + "': it is not a file"};
    }
    for (auto& file : files_) {
      std::error_code ec;
      fs::rename(file.temporary, file.final, ec);
      if (ec) throw BadInput{"--out-dir: cannot write '" + utf8_from_path(file.final) + "' (" + ec.message() + ")"};
    }
    files_.clear();
  }

 private:
  std::vector<PendingFile> files_;
};
}  // namespace

CLI::App* add_export_command(CLI::App& app, ExportCommandOptions& options) {
  CLI::App* command = app.add_subcommand(
      "export",
      std::string("write reports as CI benchmark trackers read them: ") + kGabSmallerFile + " and " + kGabBiggerFile +
          " (github-action-benchmark customSmallerIsBetter / customBiggerIsBetter) and " + kBencherFile +
          " (Bencher Metric Format), one entry per benchmark");
  // Reports are paths, and under Wine /tmp/r.json would read as a Windows-style option.
  command->allow_windows_style_options(false);
  command->add_option("reports", options.reports, "REPORT.json ...: shmbench run and shmbench-micro reports");
  command->add_option("--out-dir", options.out_dir, "an existing folder to write the three files into");
  command->add_option("--prefix", options.prefix, "put before every benchmark name, e.g. a machine's name");
  command->add_flag("--verbose", options.verbose,
                    "name every benchmark left out (default: up to " + std::to_string(kLeftOutNamesShown) +
                        " per reason, and how many more)");
  return command;
}

int run_export_command(const ExportCommandOptions& options) {
  // Every check before any output: bad input is one line and leaves nothing behind.
  if (options.reports.empty()) throw BadInput{"export takes at least one REPORT.json (usage: export REPORT... --out-dir DIR)"};
  if (options.out_dir.empty()) throw BadInput{"export needs --out-dir DIR (an existing folder)"};
  std::error_code ec;
  const fs::path dir = path_from_utf8(options.out_dir);
  if (!fs::is_directory(dir, ec)) throw BadInput{"--out-dir '" + options.out_dir + "' is not an existing folder"};
  std::vector<LoadedReport> reports;
  std::vector<std::string> empty;
  for (const auto& path : options.reports) {
    reports.push_back(load_report(path));
    if (reports.back().facts.duet) throw BadInput{path + ": a run --duet report: " + kDuetNotAbsolute};
    if (reports.back().rows.empty()) empty.push_back(path);
  }
  const CiExport exported = export_for_ci(reports, options.prefix);
  // github-action-benchmark refuses an empty array ("No benchmark result was found").
  if (exported.smaller.empty())
    throw BadInput{"nothing to export: " + (empty.size() == reports.size()
                                                ? std::string(reports.size() == 1 ? "the report has" : "the reports have") +
                                                      " no benchmarks (" + join(empty) + ")"
                                                : std::string("no benchmark in the reports has a repetition without an error"))};

  const std::pair<const char*, const nlohmann::ordered_json*> files[] = {
      {kGabSmallerFile, &exported.smaller}, {kGabBiggerFile, &exported.bigger}, {kBencherFile, &exported.bmf}};
  PendingFiles pending;
  for (const auto& [name, document] : files) pending.write(dir / name, json_text(*document, 2) + "\n");
  pending.commit();

  for (const auto& [name, document] : files)
    std::cout << utf8_from_path(dir / name) << ": " << document->size() << " benchmark(s)\n";
  if (exported.bigger.empty())
    std::cerr << "shmbench export: no throughput in the report(s): " << kGabBiggerFile
              << " is an empty array, which github-action-benchmark refuses" << std::endl;
  for (const auto& group : group_left_out(exported.left_out)) {
    const std::size_t shown = options.verbose ? group.names.size() : std::min(group.names.size(), kLeftOutNamesShown);
    std::string names;
    for (std::size_t i = 0; i < shown; ++i) names += (i == 0 ? "" : ", ") + group.names[i];
    if (shown < group.names.size()) names += " and " + std::to_string(group.names.size() - shown) + " more";
    std::cerr << "shmbench export: left out " << names << " (" << group.reason << ")" << std::endl;
  }
  return kExitOk;
}

}  // namespace shmbench
