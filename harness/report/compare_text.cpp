#include "report/compare_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <string>
#include <vector>

#include "common/text.hpp"

namespace shmbench {

namespace {
// --- numbers, as people read them ---------------------------------------------------

std::string printf_text(const char* pattern, ...) {
  char text[128];
  va_list args;
  va_start(args, pattern);
  std::vsnprintf(text, sizeof text, pattern, args);
  va_end(args);
  return text;
}

// Three significant digits, without an exponent from 0.001 up: 0.0183, 0.790, 12.3, 1234.
std::string three_digits(double value) {
  const double magnitude = std::fabs(value);
  if (magnitude >= 99.95) return printf_text("%.0f", value);
  if (magnitude >= 9.995) return printf_text("%.1f", value);
  return printf_text("%#.3g", value);
}

// 27020 ns → "27.0 us" (ASCII "us", so every terminal aligns it).
std::string time_text(double ns) {
  const char* const units[] = {"ns", "us", "ms", "s"};
  int unit = 0;
  while (unit < 3 && std::fabs(ns) >= 999.5) {
    ns /= 1000;
    ++unit;
  }
  return three_digits(ns) + " " + units[unit];
}

// Decimal prefixes, as for network and disk rates: 33.1e9 B/s → "33.1 GB/s".
std::string rate_text(double per_second, const char* unit) {
  const char* const prefixes[] = {"", "k", "M", "G", "T", "P"};
  int prefix = 0;
  while (prefix < 5 && std::fabs(per_second) >= 999.5) {
    per_second /= 1000;
    ++prefix;
  }
  return three_digits(per_second) + " " + prefixes[prefix] + unit;
}

const char* metric_text(Metric metric) {
  switch (metric) {
    case Metric::time: return "time";
    case Metric::bytes_per_second: return "bytes/s";
    case Metric::items_per_second: return "items/s";
    case Metric::rtt_p50_ns: return "rtt p50";
  }
  return "time";
}

// A fraction as a signed percentage: 0.102 → "+10.2".
std::string percent_number(double fraction) {
  const double percent = fraction * 100;
  return printf_text(std::fabs(percent) >= 999.5 ? "%+.0f" : "%+.1f", percent);
}

std::string change_text(const RowComparison& row) {
  const auto change = change_of(row);
  return change ? percent_number(*change) + "%" : "-";
}

// The ratio's interval as changes in percent: "[+9.1, +11.3]". The run-level interval
// where there is one, else the Hodges-Lehmann one.
std::string change_interval_text(const std::optional<RunLevelTest>& runs, const std::optional<SampleComparison>& samples) {
  if (runs) return "[" + percent_number(runs->lower - 1) + ", " + percent_number(runs->upper - 1) + "]";
  if (!samples || !samples->ratio) return "-";
  const ShiftEstimate& ratio = *samples->ratio;
  if (!ratio.lower || !ratio.upper) return "unbounded";
  return "[" + percent_number(*ratio.lower - 1) + ", " + percent_number(*ratio.upper - 1) + "]";
}
std::string change_interval_text(const RowComparison& row) { return change_interval_text(row.runs, row.samples); }

std::string change_text(const PooledComparison& pooled) {
  const auto change = change_of(pooled);
  return change ? percent_number(*change) + "%" : "-";
}

std::string ratio_interval_text(const ShiftEstimate& ratio) {
  if (!ratio.lower || !ratio.upper) return "unbounded";
  return "[" + three_digits(*ratio.lower) + ", " + three_digits(*ratio.upper) + "]";
}

std::string p_text(double p) { return p < 0.001 ? "<0.001" : printf_text("%.3f", p); }

std::string confidence_text(double confidence) { return printf_text("%.0f%%", confidence * 100); }

const char* correction_name(Correction correction) {
  switch (correction) {
    case Correction::holm: return "Holm";
    case Correction::bh: return "Benjamini-Hochberg";
    case Correction::none: return "no";
  }
  return "Holm";
}

// "Holm-corrected over 43 rows", "not corrected for the number of rows".
std::string correction_text(Correction correction, const std::string& family) {
  if (correction == Correction::none) return "not corrected for the number of rows";
  return std::string(correction_name(correction)) + "-corrected over " + family;
}

// --- names and notes ------------------------------------------------------------------

// Names come from the report: control characters would move the terminal's cursor.
std::string printable(std::string text) {
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return text;
}

std::string fit(const std::string& text, std::size_t width) {
  return text.size() <= width ? text : text.substr(0, width - 3) + "...";
}

// Inside a markdown table: a '|' would end the cell, a backtick the code span.
std::string markdown_cell(std::string text) {
  text = printable(text);
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '`') out += '\'';
    else out += c;
  }
  return out;
}

std::string plural(std::size_t count, const char* one, const char* many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

// "per operation: 1 regression, 0 improvements, 10 unchanged", or "" without pooled tests.
std::string pooled_text(const Comparison& comparison) {
  if (comparison.pooled.empty()) return "";
  CompareCounts n;
  for (const auto& group : comparison.pooled) {
    if (group.status == RowStatus::regression) ++n.regressions;
    else if (group.status == RowStatus::improvement) ++n.improvements;
    else if (group.status == RowStatus::not_gated) ++n.not_gated;
    else ++n.unchanged;
  }
  std::string text = "per operation: " + std::to_string(n.regressions) + (n.regressions == 1 ? " regression, " : " regressions, ") +
                     std::to_string(n.improvements) + (n.improvements == 1 ? " improvement, " : " improvements, ") +
                     std::to_string(n.unchanged) + " unchanged";
  if (n.not_gated) text += ", " + std::to_string(n.not_gated) + " not gated";
  return text;
}

// "1 regression, 2 improvements, 40 without significant change".
std::string verdicts_text(const CompareCounts& n, const char* unchanged) {
  return plural(n.regressions, "regression", "regressions") + ", " +
         plural(n.improvements, "improvement", "improvements") + ", " + std::to_string(n.unchanged) + " " + unchanged;
}

// "1 error, 3 only in the baseline": the rows without a verdict, or "".
std::string unjudged_text(const CompareCounts& n) {
  std::vector<std::string> parts;
  if (n.errors) parts.push_back(plural(n.errors, "error", "errors"));
  if (n.not_compared) parts.push_back(std::to_string(n.not_compared) + " not compared");
  if (n.only_in_baseline) parts.push_back(std::to_string(n.only_in_baseline) + " only in the baseline");
  if (n.only_in_contender) parts.push_back(std::to_string(n.only_in_contender) + " only in the contender");
  if (n.not_gated) parts.push_back(std::to_string(n.not_gated) + " changed but not gated (one run per side, taken apart)");
  return join(parts);
}

// "the ratio of the runs' geometric means (3 vs 3 runs), Welch's t on their logarithms"
std::string run_level_text(const Comparison& comparison) {
  return "the ratio of the runs' geometric means (" + std::to_string(comparison.baseline_runs) + " vs " +
         std::to_string(comparison.contender_runs) + " runs, each run's median per benchmark), Welch's t on their logarithms";
}
bool run_level(const Comparison& comparison) {
  return comparison.baseline_runs >= kMinimumRuns && comparison.contender_runs >= kMinimumRuns;
}
bool paired(const Comparison& comparison) {
  return std::any_of(comparison.rows.begin(), comparison.rows.end(),
                     [](const RowComparison& row) { return row.samples && row.samples->paired; });
}

const char* verdict_text(RowStatus status) {
  switch (status) {
    case RowStatus::regression: return "REGRESSION";
    case RowStatus::improvement: return "improvement";
    case RowStatus::no_change: return "no change";
    case RowStatus::only_in_baseline: return "only in the baseline";
    case RowStatus::only_in_contender: return "only in the contender";
    case RowStatus::error: return "error";
    case RowStatus::not_compared: return "not compared";
    case RowStatus::not_gated: return "not gated";
  }
  return "not compared";
}

// What a row without samples says instead of numbers.
std::string status_note(const RowComparison& row) {
  std::string text = verdict_text(row.status);
  if (!row.note.empty()) text += (row.status == RowStatus::error ? " in " : ": ") + row.note;
  return text;
}

// The order of a pull-request comment: what needs attention first.
int attention_rank(RowStatus status) {
  switch (status) {
    case RowStatus::regression: return 0;
    case RowStatus::error: return 1;
    case RowStatus::not_gated: return 2;
    case RowStatus::improvement: return 2;
    case RowStatus::not_compared: return 3;
    case RowStatus::only_in_baseline: return 4;
    case RowStatus::only_in_contender: return 5;
    case RowStatus::no_change: return 6;
  }
  return 6;
}

std::string few_repetitions_legend() {
  return "!: fewer than " + std::to_string(kRecommendedRepetitions) + " repetitions on a side\n";
}

// --- the comparison ---------------------------------------------------------------------

// Widths of the numeric columns of the terminal table, after the name.
constexpr int kValueWidth = 9, kChangeWidth = 7, kIntervalWidth = 15, kPWidth = 6;
constexpr std::size_t kNumbersWidth = 1 + kValueWidth + 1 + kValueWidth + 1 + kChangeWidth + 1 + kIntervalWidth + 1 +
                                      kPWidth + 1 + 13;  // "improvement !"

void write_legend(std::ostream& out, const Comparison& comparison) {
  const CompareOptions& o = comparison.options;
  const std::string family = std::to_string(comparison.tested) + " tests (rows and operations)";
  if (run_level(comparison)) {
    out << "change: " << run_level_text(comparison) << ": contender / baseline - 1 with its "
        << confidence_text(o.confidence) << " CI,\n"
        << "  in time (lower is better) or a throughput (higher is better), as the units show; the columns show\n"
        << "  the medians of all repetitions\n"
        << "p adj: two-sided, " << correction_text(o.correction, family) << "\n";
  } else if (paired(comparison)) {
    out << "change: the median of the per-round ratios contender / baseline - 1 (each round's two runs ran at\n"
        << "  the same time, on CPUs of their own) with the sign test's " << confidence_text(o.confidence)
        << " CI, in time (lower is better)\n"
        << "  or a throughput (higher is better), as the units show\n"
        << "p adj: two-sided Wilcoxon signed-rank of the per-round log ratios, " << correction_text(o.correction, family)
        << "\n";
  } else {
    out << "change: Hodges-Lehmann estimate of contender / baseline - 1 with its " << confidence_text(o.confidence)
        << " CI, in time\n"
        << "  (lower is better) or a throughput (B/s, /s: higher is better), as the units show\n"
        << "p adj: two-sided Mann-Whitney U, " << correction_text(o.correction, family) << "\n";
  }
  out << "verdict: p adj < " << printf_text("%g", o.alpha) << " and a change beyond "
      << printf_text("%g", o.threshold * 100) << "% (worse: regression, better: improvement)\n";
  if (!comparison.pooled.empty())
    out << "per operation: each repetition" << (run_level(comparison) ? " (run)" : "")
        << " scored by the geometric mean over the sizes, the scores compared as a row's\n";
  if (!comparison.apart.empty() && !o.gate_apart)
    out << "not gated: one run per side, " << comparison.apart << ": a change is shown, never a verdict\n";
  const bool few = std::any_of(comparison.rows.begin(), comparison.rows.end(),
                               [](const RowComparison& row) { return row.few_repetitions; });
  if (few) out << few_repetitions_legend();
}
}  // namespace

std::string value_text(double value, Metric metric) {
  switch (metric) {
    case Metric::time: return time_text(value);
    case Metric::bytes_per_second: return rate_text(value, "B/s");
    case Metric::items_per_second: return rate_text(value, "/s");
    case Metric::rtt_p50_ns: return time_text(value);
  }
  return time_text(value);
}

void write_comparison_table(std::ostream& out, const Comparison& comparison) {
  out << "baseline:  " << printable(comparison.baseline.label) << "\n"
      << "contender: " << printable(comparison.contender.label) << "\n";
  if (!comparison.design.empty()) out << "design:    " << printable(comparison.design) << "\n";
  std::size_t name_width = 9;  // "benchmark"
  for (const auto& row : comparison.rows) name_width = std::max(name_width, row.name.size());
  name_width = std::min(name_width, kTableColumns - kNumbersWidth);
  const int w = static_cast<int>(name_width);
  out << printf_text("%-*s %*s %*s %*s %-*s %*s %s\n", w, "benchmark", kValueWidth, "baseline", kValueWidth,
                     "contender", kChangeWidth, "change", kIntervalWidth, "95% CI (%)", kPWidth, "p adj", "verdict");
  for (const auto& row : comparison.rows) {
    std::string name = printable(row.name);
    if (name.size() > name_width) {
      out << name << "\n";
      name.clear();
    }
    if (!row.samples) {
      out << printf_text("%-*s ", w, name.c_str()) << fit(printable(status_note(row)), kTableColumns - name_width - 1)
          << "\n";
      continue;
    }
    const SampleComparison& s = *row.samples;
    const std::string verdict = std::string(verdict_text(row.status)) + (row.few_repetitions ? " !" : "");
    out << printf_text("%-*s %*s %*s %*s %-*s %*s %s\n", w, name.c_str(), kValueWidth,
                       value_text(s.baseline_median, row.metric).c_str(), kValueWidth,
                       value_text(s.contender_median, row.metric).c_str(), kChangeWidth, change_text(row).c_str(),
                       kIntervalWidth, change_interval_text(row).c_str(), kPWidth, p_text(*row.adjusted_p).c_str(),
                       verdict.c_str());
  }
  if (!comparison.pooled.empty()) {
    out << "\nper operation, over its sizes:\n";
    std::size_t width = 9;
    for (const auto& group : comparison.pooled) width = std::max(width, group.name.size());
    const int pw = static_cast<int>(std::min(width, kTableColumns - kNumbersWidth));
    out << printf_text("%-*s %5s %*s %-*s %*s %s\n", pw, "operation", "sizes", kChangeWidth, "change", kIntervalWidth,
                       "95% CI (%)", kPWidth, "p adj", "verdict");
    for (const auto& group : comparison.pooled)
      out << printf_text("%-*s %5zu %*s %-*s %*s %s\n", pw, printable(group.name).c_str(), group.rows.size(),
                         kChangeWidth, change_text(group).c_str(), kIntervalWidth,
                         change_interval_text(group.runs, group.samples).c_str(), kPWidth,
                         group.adjusted_p ? p_text(*group.adjusted_p).c_str() : "-", verdict_text(group.status));
  }
  out << "\n";
  write_legend(out, comparison);
  const CompareCounts counts = comparison.counts();
  const std::string unjudged = unjudged_text(counts);
  if (!unjudged.empty()) out << "no verdict: " << unjudged << "\n";
  out << "summary: " << verdicts_text(counts, "unchanged");
  if (const std::string pooled = pooled_text(comparison); !pooled.empty()) out << "; " << pooled;
  if (!comparison.warnings.empty())
    out << "; " << plural(comparison.warnings.size(), "warning", "warnings") << " (on stderr)";
  out << "\n";
}

namespace {
void write_markdown_rows(std::ostream& out, const std::vector<const RowComparison*>& rows, const Comparison& comparison) {
  out << "| benchmark | metric | baseline | contender | change | " << confidence_text(comparison.options.confidence)
      << " CI | p | p (" << correction_name(comparison.options.correction) << ") | verdict |\n"
      << "|:--|:--|--:|--:|--:|:--|--:|--:|:--|\n";
  for (const RowComparison* row : rows) {
    out << "| `" << markdown_cell(row->name) << "` | ";
    if (!row->samples) {
      out << "| | | | | | | " << markdown_cell(status_note(*row)) << " |\n";
      continue;
    }
    const SampleComparison& s = *row->samples;
    const std::string verdict = row->status == RowStatus::regression    ? "**regression**"
                                : row->status == RowStatus::improvement ? "improvement"
                                : row->status == RowStatus::not_gated   ? "changed, not gated"
                                                                        : "no significant change";
    out << metric_text(row->metric) << " | " << value_text(s.baseline_median, row->metric) << " | "
        << value_text(s.contender_median, row->metric) << " | " << change_text(*row) << " | "
        << change_interval_text(*row) << " | " << p_text(*p_value_of(*row)) << " | " << p_text(*row->adjusted_p) << " | "
        << verdict << (row->few_repetitions ? " (few repetitions)" : "") << " |\n";
  }
}
}  // namespace

void write_comparison_markdown(std::ostream& out, const Comparison& comparison) {
  const CompareOptions& o = comparison.options;
  const CompareCounts counts = comparison.counts();
  const std::string unjudged = unjudged_text(counts);
  const std::string pooled = pooled_text(comparison);
  out << "**shmbench compare**: " << verdicts_text(counts, "without significant change")
      << (unjudged.empty() ? "" : ", " + unjudged) << (pooled.empty() ? "" : "; " + pooled) << " (baseline `"
      << markdown_cell(comparison.baseline.label) << "`, contender `" << markdown_cell(comparison.contender.label)
      << "`)\n\n";
  std::vector<const RowComparison*> notable, unchanged;
  for (const auto& row : comparison.rows) (row.status == RowStatus::no_change ? unchanged : notable).push_back(&row);
  std::stable_sort(notable.begin(), notable.end(), [](const RowComparison* a, const RowComparison* b) {
    return attention_rank(a->status) < attention_rank(b->status);
  });
  if (notable.empty()) out << "No regressions, improvements or rows that could not be compared.\n\n";
  else {
    write_markdown_rows(out, notable, comparison);
    out << "\n";
  }
  if (!unchanged.empty()) {
    out << "<details><summary>" << unchanged.size() << " without significant change</summary>\n\n";
    write_markdown_rows(out, unchanged, comparison);
    out << "\n</details>\n\n";
  }
  if (!comparison.pooled.empty()) {
    out << "Per operation, over its sizes:\n\n| operation | sizes | change | " << confidence_text(o.confidence)
        << " CI | p (" << correction_name(o.correction) << ") | verdict |\n|:--|--:|--:|:--|--:|:--|\n";
    for (const auto& group : comparison.pooled)
      out << "| `" << markdown_cell(group.name) << "` | " << group.rows.size() << " | " << change_text(group) << " | "
          << change_interval_text(group.runs, group.samples) << " | "
          << (group.adjusted_p ? p_text(*group.adjusted_p) : "-") << " | "
          << (group.status == RowStatus::regression ? "**regression**" : verdict_text(group.status)) << " |\n";
    out << "\n";
  }
  if (!comparison.apart.empty() && !o.gate_apart)
    out << "One run per side, " << markdown_cell(comparison.apart)
        << ": changes are shown but not gated (compare several runs per side, or use `shmbench ab`).\n\n";
  out << "<sub>change: "
      << (run_level(comparison) ? run_level_text(comparison) + ", contender / baseline &minus; 1"
                                : std::string("Hodges-Lehmann estimate of contender / baseline &minus; 1"))
      << " with its " << confidence_text(o.confidence)
      << " CI, in time (lower is better) or a throughput (higher is better); "
      << "p: two-sided " << (run_level(comparison) ? "" : "Mann-Whitney U, ")
      << correction_text(o.correction, std::to_string(comparison.tested) + " tests (rows and operations)")
      << "; a verdict needs p (" << correction_name(o.correction) << ") &lt; " << printf_text("%g", o.alpha)
      << " and a change beyond " << printf_text("%g", o.threshold * 100) << "%.</sub>\n";
}

// --- backend pairs -----------------------------------------------------------------------

void write_pairs_table(std::ostream& out, const PairComparison& pairs) {
  const std::string confidence = confidence_text(pairs.options.confidence);
  out << "report: " << printable(pairs.report.label) << "\n";
  bool few = false;
  for (const auto& table : pairs.tables) {
    const BackendPair& pair = table.pair;
    out << "\n" << printable(pair.a) << " vs " << printable(pair.b) << " (time per call, page or pass; a ratio above 1: "
        << printable(pair.a) << " costs more)\n";
    int op_width = 9, size_width = 6;
    for (const auto& row : table.rows) {
      op_width = std::max(op_width, static_cast<int>(row.operation.size()));
      size_width = std::max(size_width, static_cast<int>(row.size.size()));
    }
    const int a_width = std::max(9, static_cast<int>(pair.a.size()));
    const int b_width = std::max(9, static_cast<int>(pair.b.size()));
    out << printf_text("%-*s %-*s %*s %*s %7s %-16s %7s %6s\n", op_width, "operation", size_width, "size", a_width,
                       printable(pair.a).c_str(), b_width, printable(pair.b).c_str(), "A/B",
                       (confidence + " CI").c_str(), "HL A/B", "p adj");
    for (const auto& row : table.rows) {
      const std::string lead =
          printf_text("%-*s %-*s ", op_width, printable(row.operation).c_str(), size_width, printable(row.size).c_str());
      if (!row.samples) {
        out << lead << fit(printable(row.note), std::max<std::size_t>(20, kTableColumns - std::min(kTableColumns, lead.size())))
            << "\n";
        continue;
      }
      const SampleComparison& s = *row.samples;
      const bool significant = *row.adjusted_p < pairs.options.alpha;
      few = few || row.few_repetitions;
      // The headline ratio: round by round where the report's rounds pair up, else the
      // Hodges-Lehmann one (marked h).
      const std::optional<ShiftEstimate>& headline = row.by_round ? row.by_round : s.ratio;
      const std::string headline_text =
          headline ? three_digits(headline->estimate) + (row.by_round ? "" : "h") : std::string("-");
      out << lead
          << printf_text("%*s %*s %7s %-16s %7s %6s%s%s\n", a_width, time_text(s.contender_median).c_str(), b_width,
                         time_text(s.baseline_median).c_str(), headline_text.c_str(),
                         headline ? ratio_interval_text(*headline).c_str() : "-",
                         s.ratio ? three_digits(s.ratio->estimate).c_str() : "-", p_text(*row.adjusted_p).c_str(),
                         significant ? " *" : "", row.few_repetitions ? " !" : "");
    }
  }
  out << (pairs.report.duet ? "\nA/B: the median of the per-round ratios (the backends ran at the same time, run --duet, so\n"
                              "  each round pairs them), with the sign test's "
                            : "\nA/B: the median of the per-round ratios (the backends ran interleaved, so each round pairs\n"
                              "  them), with the sign test's ")
      << confidence
      << " CI; marked h: the Hodges-Lehmann ratio, where rounds do not pair\n"
         "  (reports of other tools, such as shmbench-micro's). HL A/B: the Hodges-Lehmann ratio\n"
      << "p adj: two-sided Mann-Whitney U, " << correction_text(pairs.options.correction, "each table's rows")
      << "; *: p adj < " << printf_text("%g", pairs.options.alpha) << "\n";
  if (few) out << few_repetitions_legend();
}

void write_pairs_markdown(std::ostream& out, const PairComparison& pairs) {
  const std::string correction = correction_name(pairs.options.correction);
  for (const auto& table : pairs.tables) {
    const std::string a = markdown_cell(table.pair.a), b = markdown_cell(table.pair.b);
    out << "**" << a << " vs " << b << "** in `" << markdown_cell(pairs.report.label) << "` (time; a ratio above 1: "
        << a << " costs more)\n\n"
        << "| operation | size | " << a << " | " << b << " | A/B (by round) | " << confidence_text(pairs.options.confidence)
        << " CI | A/B (medians) | A/B (Hodges-Lehmann) | " << confidence_text(pairs.options.confidence)
        << " CI | p | p (" << correction << ") |\n"
        << "|:--|--:|--:|--:|--:|:--|--:|--:|:--|--:|--:|\n";
    for (const auto& row : table.rows) {
      out << "| " << markdown_cell(row.operation) << " | " << markdown_cell(row.size) << " | ";
      if (!row.samples) {
        out << markdown_cell(row.note) << " | | | | | | | | |\n";
        continue;
      }
      const SampleComparison& s = *row.samples;
      out << time_text(s.contender_median) << " | " << time_text(s.baseline_median) << " | "
          << (row.by_round ? three_digits(row.by_round->estimate) : "-") << " | "
          << (row.by_round ? ratio_interval_text(*row.by_round) : "-") << " | "
          << (s.median_ratio ? three_digits(*s.median_ratio) : "-") << " | "
          << (s.ratio ? three_digits(s.ratio->estimate) : "-") << " | "
          << (s.ratio ? ratio_interval_text(*s.ratio) : "-") << " | " << p_text(s.test.p_value) << " | "
          << p_text(*row.adjusted_p) << (*row.adjusted_p < pairs.options.alpha ? " *" : "") << " |\n";
    }
    out << "\n";
  }
}

}  // namespace shmbench
