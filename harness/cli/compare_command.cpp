#include "cli/compare_command.hpp"

#include <iostream>

#include "common/bad_input.hpp"
#include "common/text.hpp"
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
  return options;
}

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
  command->add_option("reports", options.reports, "BASELINE.json CONTENDER.json, or REPORT.json with --pair");
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
    const PairComparison result = compare_backend_pairs(load_report(options.reports[0]), pairs, compare_with);
    return write_backend_pairs(std::cout, std::cerr, result, format);
  }
  if (given != 2)
    throw BadInput{"compare takes BASELINE.json CONTENDER.json (or --pair A:B REPORT.json), not " +
                   std::to_string(given) + " report(s)"};
  const LoadedReport baseline = load_report(options.reports[0]);
  const LoadedReport contender = load_report(options.reports[1]);
  return write_comparison(std::cout, std::cerr, compare(baseline, contender, compare_with), format);
}

}  // namespace shmbench
