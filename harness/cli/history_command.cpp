#include "cli/history_command.hpp"

#include <filesystem>
#include <iostream>
#include <regex>

#include "cli/compare_command.hpp"
#include "common/bad_input.hpp"
#include "common/exit_codes.hpp"
#include "common/files.hpp"
#include "history/database.hpp"
#include "history/history.hpp"
#include "history/history_format.hpp"
#include "history/run_key.hpp"
#include "common/text.hpp"
#include "common/utf8.hpp"
#include "report/report_reader.hpp"

namespace shmbench {

namespace {
struct Loaded {
  LoadedReport report;
  RunKey key;
};

// Reads, parses and keys a report: the bytes once, hashed and parsed.
Loaded load(const std::string& path) {
  const std::string text = read_report_text(path);
  Loaded loaded{parse_report(text, path), {}};
  if (loaded.report.facts.duet) throw BadInput{path + ": a run --duet report: " + kDuetNotAbsolute};
  if (loaded.report.rows.empty()) throw BadInput{path + ": no benchmark in the report, nothing to store or check"};
  loaded.key = run_key(loaded.report, text);
  return loaded;
}

HistoryFormat history_format(const std::string& text) {
  if (text == "table") return HistoryFormat::table;
  if (text == "json") return HistoryFormat::json;
  throw BadInput{"--format '" + text + "': expected table or json"};
}

std::string machine_line(const RunKey& key) {
  return key.platform + " / " + key.host + " / " + (key.cpu_model.empty() ? "(no CPU model)" : key.cpu_model);
}

int run_add(const HistoryCommandOptions& options) {
  if (options.reports.empty()) throw BadInput{"history add takes at least one REPORT.json"};
  // Every report is read before the database is touched: one bad report adds none.
  std::vector<Loaded> loaded;
  for (const auto& path : options.reports) loaded.push_back(load(path));
  std::vector<RunKey> keys;
  std::vector<const LoadedReport*> reports;
  for (const auto& one : loaded) {
    keys.push_back(one.key);
    reports.push_back(&one.report);
  }
  HistoryDatabase db(options.db, HistoryDatabase::Access::read_write);
  const std::vector<AddOutcome> outcomes = db.add(keys, reports);
  for (std::size_t i = 0; i < loaded.size(); ++i) {
    const RunKey& key = loaded[i].key;
    if (outcomes[i].added)
      std::cout << "added " << key.source << ": run " << outcomes[i].run_id << " (" << machine_line(key) << ", "
                << key.date << ", git " << (key.git_revision.empty() ? "-" : key.git_revision) << ", "
                << loaded[i].report.rows.size() << " benchmarks)\n";
    else
      std::cout << "already stored " << key.source << ": run " << outcomes[i].run_id << " has the same content\n";
  }
  return kExitOk;
}

int run_check(const HistoryCommandOptions& options) {
  if (options.reports.size() != 1)
    throw BadInput{"history check takes one REPORT.json, not " + std::to_string(options.reports.size())};
  StepOptions step;
  step.last = parse_last(options.last);
  step.threshold = parse_threshold_percent(options.threshold);
  step.mad_k = parse_mad_k(options.mad_k);
  const HistoryFormat format = history_format(options.format);
  const Loaded loaded = load(options.reports[0]);
  const Machine machine{loaded.key.platform, loaded.key.host, loaded.key.cpu_model};

  std::error_code ec;
  const std::filesystem::path db_path = path_from_utf8(options.db);
  // A file where a folder of the path must be: `add` could never make the database there,
  // so "no history yet" would pass every check of a CI job that misnamed it.
  if (const auto blocker = ancestor_that_is_no_folder(db_path); !blocker.empty())
    throw BadInput{"--db " + options.db + ": " + utf8_from_path(blocker) + " is a file, not a folder"};
  if (!std::filesystem::exists(db_path, ec)) {
    // No history yet (a first CI run checks before it adds): nothing to judge against.
    std::cerr << "shmbench history: no history database at " << options.db << " yet" << std::endl;
    const auto none = [](const std::string&) { return std::vector<StoredRow>{}; };
    return write_check(std::cout, check_report(loaded.report, machine, 0, none, step), format);
  }
  const HistoryDatabase db(options.db, HistoryDatabase::Access::read_only);
  // Runs up to this report's date, other than this report itself (it may be stored already).
  const std::size_t earlier = db.count_runs(machine, loaded.key.date, loaded.key.content_sha256);
  const auto history = [&](const std::string& name) {
    if (earlier < step.minimum_runs) return std::vector<StoredRow>{};
    return db.row_history(machine, name, loaded.key.date, loaded.key.content_sha256, step.last);
  };
  return write_check(std::cout, check_report(loaded.report, machine, earlier, history, step), format);
}

int run_trend(const HistoryCommandOptions& options) {
  const HistoryFormat format = history_format(options.format);
  if (!options.platform.empty() && options.platform != "linux" && options.platform != "windows")
    throw BadInput{"--platform '" + options.platform + "': expected linux or windows"};
  // std::regex compiles a pattern recursively: one of about 100,000 characters overflows the
  // stack, so a pattern far longer than any benchmark name is refused first.
  constexpr std::size_t kLongestFilter = 1000;
  if (options.filter.size() > kLongestFilter)
    throw BadInput{"--filter: a regular expression of " + std::to_string(options.filter.size()) +
                   " characters; at most " + std::to_string(kLongestFilter)};
  std::regex filter;
  try {
    if (!options.filter.empty()) filter = std::regex(options.filter, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    throw BadInput{"--filter '" + options.filter + "': not a regular expression (" + e.what() + ")"};
  }
  const HistoryDatabase db(options.db, HistoryDatabase::Access::read_only);
  const std::vector<TrendSeries> series =
      build_trend(db.all_rows(options.platform, options.host), options.filter.empty() ? nullptr : &filter);
  write_trend(std::cout, series, format);
  return kExitOk;
}

int run_export(const HistoryCommandOptions& options) {
  const HistoryDatabase db(options.db, HistoryDatabase::Access::read_only);
  std::vector<ExportedRun> runs;
  for (auto& run : db.runs()) {
    const std::int64_t id = run.id;
    runs.push_back(ExportedRun{std::move(run), db.rows_of(id)});
  }
  write_export(std::cout, runs, options.db);
  return kExitOk;
}

}  // namespace

std::size_t parse_last(const std::string& text) {
  const std::optional<double> value = whole_number(text);
  if (!value || *value < 1 || *value > 1e6 || std::floor(*value) != *value)
    throw BadInput{"--last '" + text + "': expected a whole number of runs, at least 1"};
  return static_cast<std::size_t>(*value);
}

double parse_mad_k(const std::string& text) {
  const std::optional<double> value = whole_number(text);
  if (!value || *value < 0) throw BadInput{"--mad-k '" + text + "': expected a number of at least 0, such as 3"};
  return *value;
}

CLI::App* add_history_command(CLI::App& app, HistoryCommandOptions& options) {
  CLI::App* history = app.add_subcommand(
      "history", "a run history in an SQLite file: add reports, check one against the last runs, trend, export");
  history->require_subcommand(1);
  const auto common = [&options](CLI::App* command) {
    // Paths, never Windows-style "/flags" (see compare).
    command->allow_windows_style_options(false);
    command->add_option("--db", options.db, "the history database")->capture_default_str();
    return command;
  };
  options.add = common(history->add_subcommand("add", "store reports (one already stored is skipped)"));
  options.add->add_option("reports", options.reports, "REPORT.json ... (shmbench run or shmbench-micro reports)");

  options.check = common(history->add_subcommand(
      "check", "judge a report against the last runs of its platform, host and CPU (exit 1 on a regression)"));
  options.check->add_option("report", options.reports, "REPORT.json");
  options.check->add_option("--last", options.last, "earlier runs to judge against")->capture_default_str();
  options.check->add_option("--threshold", options.threshold, "smallest step that counts, in percent (5 and 5% both mean 5 %)")
      ->capture_default_str();
  options.check->add_option("--mad-k", options.mad_k, "a step must also exceed this many median absolute deviations")
      ->capture_default_str();
  options.check->add_option("--format", options.format, "table or json")->capture_default_str();

  options.trend = common(history->add_subcommand("trend", "each benchmark's medians over time (for plots)"));
  options.trend->add_option("--platform", options.platform, "linux or windows (default: both)");
  options.trend->add_option("--host", options.host, "only runs of this host (default: all)");
  options.trend->add_option("--filter", options.filter, "only rows whose name matches this regular expression");
  options.trend->add_option("--format", options.format, "table or json (shmbench-trend/1)")->capture_default_str();

  options.export_ = common(history->add_subcommand("export", "the whole database as JSON (shmbench-history-export/1)"));
  return history;
}

int run_history_command(const HistoryCommandOptions& options) {
  HistoryDatabase::require_available();
  if (options.add && options.add->parsed()) return run_add(options);
  if (options.check && options.check->parsed()) return run_check(options);
  if (options.trend && options.trend->parsed()) return run_trend(options);
  return run_export(options);
}

}  // namespace shmbench
