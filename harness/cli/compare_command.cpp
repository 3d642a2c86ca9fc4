#include "cli/compare_command.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "common/bad_input.hpp"
#include "common/text.hpp"
#include "common/utf8.hpp"
#include "report/backend_pairs.hpp"
#include "report/report_reader.hpp"

namespace shmbench {

void add_comparison_flags(CLI::App& command, ComparisonFlags& flags) {
  command.add_option("--metric", flags.metric,
                     "what to compare per row: auto (bytes_per_second, else items_per_second, else rtt_p50_ns, else "
                     "time), time, bytes_per_second, items_per_second or rtt_p50_ns")
      ->check(CLI::IsMember({"auto", "time", "bytes_per_second", "items_per_second", "rtt_p50_ns"}))
      ->capture_default_str();
  command.add_option("--correction", flags.correction,
                     "multiple-testing correction over the rows: holm (family-wise), bh (Benjamini-Hochberg) or none")
      ->check(CLI::IsMember({"holm", "bh", "none"}))
      ->capture_default_str();
  command.add_option("--alpha", flags.alpha, "significance level for the corrected p-values, in (0, 1)")
      ->capture_default_str();
  command.add_option("--threshold", flags.threshold,
                     "smallest change that counts, in percent (5 and 5% both mean 5 %)")
      ->capture_default_str();
  command.add_option("--format", flags.format, "table, markdown (a pull-request comment) or json")
      ->check(CLI::IsMember({"table", "markdown", "json"}))
      ->capture_default_str();
  command.add_flag("--no-pool", flags.no_pool,
                   "judge rows only: no per-operation verdict over each operation's sizes");
  command.add_flag("--pool-backends", flags.pool_backends,
                   "also one verdict per operation over every backend and size (a call every backend makes)");
}

double parse_threshold_percent(const std::string& text) {
  const bool percent_sign = !text.empty() && text.back() == '%';
  const std::optional<double> value = whole_number(percent_sign ? text.substr(0, text.size() - 1) : text);
  if (!value || *value < 0)
    throw BadInput{"--threshold '" + text + "': expected a percentage of at least 0, such as 5 or 5%"};
  return *value / 100;
}

double parse_alpha(const std::string& text) {
  const std::optional<double> value = whole_number(text);
  if (!value || !(*value > 0 && *value < 1))
    throw BadInput{"--alpha '" + text + "': expected a number between 0 and 1, such as 0.05"};
  return *value;
}

CompareOptions compare_options(const ComparisonFlags& flags) {
  CompareOptions options;
  // The names were checked by the parser (add_comparison_flags); a caller that skips it
  // still gets a clear line.
  const auto metric = metric_choice_from_string(flags.metric);
  if (!metric) throw BadInput{"--metric '" + flags.metric + "': expected auto, time, bytes_per_second, items_per_second or rtt_p50_ns"};
  const auto correction = correction_from_string(flags.correction);
  if (!correction) throw BadInput{"--correction '" + flags.correction + "': expected holm, bh or none"};
  options.metric = *metric;
  options.correction = *correction;
  options.alpha = parse_alpha(flags.alpha);
  options.threshold = parse_threshold_percent(flags.threshold);
  options.pool = !flags.no_pool;
  if (flags.pool_backends && flags.no_pool) throw BadInput{"--pool-backends and --no-pool contradict each other: choose one"};
  options.pool_backends = flags.pool_backends;
  return options;
}

namespace {
// The runs one side names: each report file is a run, each folder every *.json in it
// (sorted by name). BadInput for a folder without one.
std::vector<LoadedReport> load_runs(const std::vector<std::string>& items) {
  namespace fs = std::filesystem;
  std::vector<LoadedReport> runs;
  for (const auto& item : items) {
    std::error_code ec;
    const fs::path path = path_from_utf8(item);
    if (!fs::is_directory(path, ec)) {
      runs.push_back(load_report(item));
      continue;
    }
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(path, ec))
      if (entry.is_regular_file(ec) && entry.path().extension() == ".json") files.push_back(utf8_from_path(entry.path()));
    if (files.empty()) throw BadInput{"'" + item + "' is a folder without a .json report in it"};
    std::sort(files.begin(), files.end());
    for (const auto& file : files) runs.push_back(load_report(file));
  }
  return runs;
}

// The Hodges-Lehmann estimate weighs every pair of repetitions: n x m of them, held in
// memory. 150,000 repetitions a side would need 180 GB; at the cap it is 200 MB and
// seconds. A shmbench run has 27 (9 in the quick suite).
constexpr std::size_t kMostRepetitionsCompared = 5000;
const LoadedReport& refuse_too_many_repetitions(const LoadedReport& report) {
  for (const auto& row : report.rows)
    if (row.ns.size() > kMostRepetitionsCompared)
      throw BadInput{report.facts.label + ": " + row.name + " has " + std::to_string(row.ns.size()) +
                     " repetitions; compare judges at most " + std::to_string(kMostRepetitionsCompared) +
                     " of one benchmark in one report"};
  return report;
}

// Reports with no benchmark in common (an empty report, renamed rows, a transfer report
// against a lifecycle one) judge nothing: exit 0 there would read as "no regression".
void refuse_nothing_in_common(const Comparison& comparison) {
  std::size_t baseline_only = 0, contender_only = 0;
  for (const auto& row : comparison.rows) {
    if (row.status == RowStatus::only_in_baseline) ++baseline_only;
    else if (row.status == RowStatus::only_in_contender) ++contender_only;
    else return;
  }
  throw BadInput{"nothing to compare: no benchmark is in both the baseline (" + comparison.baseline.label + ", " +
                 std::to_string(baseline_only) + ") and the contender (" + comparison.contender.label + ", " +
                 std::to_string(contender_only) + ")"};
}

// "a.json", or "3 runs: a.json, b.json and 1 more".
std::string side_label(const std::vector<std::string>& items, const std::vector<LoadedReport>& runs) {
  if (runs.size() == 1) return runs.front().facts.label;
  std::vector<std::string> names;
  for (const auto& item : items) names.push_back(item);
  return std::to_string(runs.size()) + " runs: " + warning_name_list(names);
}
}  // namespace

OutputFormat output_format(const ComparisonFlags& flags) {
  const auto format = output_format_from_string(flags.format);
  if (!format) throw BadInput{"--format '" + flags.format + "': expected table, markdown or json"};
  return *format;
}

CLI::App* add_compare_command(CLI::App& app, CompareCommandOptions& options) {
  CLI::App* command = app.add_subcommand(
      "compare",
      "compare a contender report with a baseline (exit 1 when a benchmark regressed), or two backends of one "
      "report (--pair A:B)");
  // Reports are paths, and on Windows CLI11 would read "/tmp/r.json" as an option
  // (Windows-style "/flag"); this command has none of those.
  command->allow_windows_style_options(false);
  add_comparison_flags(*command, options.flags);
  // One backend pair per --pair, so that the report after it is not taken for a second.
  command->add_option("--pair", options.pairs, "two backends of one report, A:B (e.g. boost-windows:win32); repeatable")
      ->allow_extra_args(false);
  command->add_option("reports", options.reports,
                      "BASELINE CONTENDER (each a report, or a folder whose .json reports are runs of one build), "
                      "or REPORT.json with --pair");
  command->add_option("--baseline", options.baseline, "the baseline's runs: reports or folders of them (with --contender)")
      ->allow_extra_args(true);
  command->add_option("--contender", options.contender, "the contender's runs: reports or folders of them")
      ->allow_extra_args(true);
  command->add_flag("--gate-apart", options.gate_apart,
                    "judge two single runs taken apart (other dates, boots or hosts) as if they were not");
  return command;
}

int run_compare_command(const CompareCommandOptions& options) {
  // Every check before any output, so that bad input is one line and nothing else.
  const CompareOptions compare_with = compare_options(options.flags);
  const OutputFormat format = output_format(options.flags);
  const std::size_t given = options.reports.size();
  if (!options.pairs.empty()) {
    if (given != 1)
      throw BadInput{"compare --pair takes one report, not " + std::to_string(given) + " (usage: --pair A:B REPORT.json)"};
    if (compare_with.metric != MetricChoice::automatic && compare_with.metric != MetricChoice::time)
      throw BadInput{"--metric " + options.flags.metric + ": --pair always compares time"};
    std::vector<BackendPair> pairs;
    for (const auto& text : options.pairs) pairs.push_back(parse_backend_pair(text));
    const PairComparison result =
        compare_backend_pairs(refuse_too_many_repetitions(load_report(options.reports[0])), pairs, compare_with);
    return write_backend_pairs(std::cout, std::cerr, result, format);
  }
  CompareOptions judged = compare_with;
  judged.gate_apart = options.gate_apart;
  std::vector<std::string> baseline = options.baseline, contender = options.contender;
  if (baseline.empty() != contender.empty())
    throw BadInput{std::string(baseline.empty() ? "--contender" : "--baseline") + " needs " +
                   (baseline.empty() ? "--baseline" : "--contender") + " too"};
  if (!baseline.empty()) {
    if (given != 0) throw BadInput{"compare takes either --baseline ... --contender ... or BASELINE CONTENDER, not both"};
  } else {
    if (given != 2)
      throw BadInput{"compare takes BASELINE CONTENDER (reports or folders of runs; or --pair A:B REPORT.json), not " +
                     std::to_string(given) + " report(s)"};
    baseline = {options.reports[0]};
    contender = {options.reports[1]};
  }
  const std::vector<LoadedReport> baseline_runs = load_runs(baseline), contender_runs = load_runs(contender);
  for (const auto* runs : {&baseline_runs, &contender_runs})
    for (const auto& run : *runs) refuse_too_many_repetitions(run);
  const Comparison comparison = compare_runs(baseline_runs, contender_runs, judged, side_label(baseline, baseline_runs),
                                             side_label(contender, contender_runs));
  refuse_nothing_in_common(comparison);
  return write_comparison(std::cout, std::cerr, comparison, format);
}

}  // namespace shmbench
