#include "report/ci_export.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>

#include "common/bad_input.hpp"
#include "common/sizes.hpp"
#include "measure/stats.hpp"

namespace shmbench {

namespace {
using json = nlohmann::ordered_json;

std::vector<std::string> split_path(const std::string& name) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = name.find('/', start);
    parts.push_back(name.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) return parts;
    start = slash + 1;
  }
}

bool all_digits(const std::string& text) {
  return !text.empty() && text.size() <= 19 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_shmbench_tool(const std::string& tool) { return tool == "shmbench" || tool == "shmbench-micro"; }

// Google Benchmark's run options in a name: they say how a benchmark was run, not which
// one it is, and iterations:N changes whenever the count is tuned.
bool is_run_option(const std::string& part) {
  return part == "real_time" || part == "manual_time" || part.rfind("iterations:", 0) == 0;
}

// shmbench's names are <operation>/<backend>/<size in bytes>[/run options].
std::string readable_name(const ReportFacts& facts, const std::string& benchmark) {
  if (!is_shmbench_tool(facts.tool)) return benchmark;
  std::vector<std::string> parts = split_path(benchmark);
  if (parts.size() >= 3 && all_digits(parts[2])) parts[2] = format_size(std::stoull(parts[2]));
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i >= 3 && is_run_option(parts[i])) continue;
    out += (out.empty() ? "" : "/") + parts[i];
  }
  return out;
}

std::string name_head(const ReportFacts& facts, const std::string& prefix) {
  std::string head = prefix.empty() ? "" : prefix + "/";
  head += facts.platform.empty() ? "unknown" : facts.platform;
  if (facts.tool == "shmbench-micro") head += "/micro";
  else if (facts.tool != "shmbench") head += "/" + facts.tool;
  return head + "/";
}

// "± x" as github-action-benchmark reads it: its extractRangeInfo takes "±", spaces, then
// Number() of the rest, which reads "12.5" and "1.25e+09" alike. Four significant
// digits are plenty for a spread; above 10^4 whole numbers read better than exponents.
std::string spread_text(double spread) {
  char text[64];
  if (spread >= 1e4 && spread < 1e15) std::snprintf(text, sizeof text, "%.0f", spread);
  else std::snprintf(text, sizeof text, "%.4g", spread);
  return std::string("± ") + text;
}

json bmf_metric(const Summary& summary) {
  return {{"value", summary.median},
          {"lower_value", std::max(0.0, summary.median - summary.mad)},
          {"upper_value", summary.median + summary.mad}};
}

// `what` names the figure when it is not the row's real_time (e.g. "rtt_p50_ns").
std::string describe(const Summary& summary, const char* unit, const char* what) {
  char text[240];
  std::snprintf(text, sizeof text, "%s%smedian of %zu repetitions; range: ± median absolute deviation\nmin %.6g %s, max %.6g %s",
                what, *what ? ": " : "", summary.count, summary.min, unit, summary.max, unit);
  return text;
}

json gab_entry(const std::string& name, const char* unit, const Summary& summary, const char* what = "") {
  return {{"name", name}, {"unit", unit}, {"value", summary.median}, {"range", spread_text(summary.mad)},
          {"extra", describe(summary, unit, what)}};
}

const char* const kRoundTripFigure = "round trip rtt_p50_ns (each repetition's median)";

const char* const kAggregateSuffixes[] = {"_mean", "_median", "_stddev", "_cv", "_min", "_max"};

// `<stem>_mean` (and the others) beside a benchmark `<stem>` of the same report: an
// aggregate written as an iteration row.
bool is_aggregate_row(const std::string& name, const std::set<std::string>& names) {
  for (const char* suffix : kAggregateSuffixes) {
    const std::string tail = suffix;
    if (name.size() > tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0 &&
        names.count(name.substr(0, name.size() - tail.size())))
      return true;
  }
  return false;
}

// The names one report's benchmarks get: readable ones, unless two would coincide.
std::vector<std::string> report_names(const LoadedReport& report, const std::string& prefix) {
  const std::string head = name_head(report.facts, prefix);
  std::vector<std::string> names;
  std::set<std::string> seen;
  bool collide = false;
  for (const auto& row : report.rows) {
    names.push_back(head + readable_name(report.facts, row.name));
    collide = collide || !seen.insert(names.back()).second;
  }
  if (collide)
    for (std::size_t i = 0; i < names.size(); ++i) names[i] = head + report.rows[i].name;
  return names;
}
}  // namespace

std::string export_name(const ReportFacts& facts, const std::string& benchmark, const std::string& prefix) {
  return name_head(facts, prefix) + readable_name(facts, benchmark);
}

std::vector<LeftOutGroup> group_left_out(const std::vector<LeftOut>& left_out) {
  std::vector<LeftOutGroup> groups;
  std::map<std::string, std::size_t> group_of;  // reason → its index in groups
  for (const auto& left : left_out) {
    const auto [at, fresh] = group_of.emplace(left.reason, groups.size());
    if (fresh) groups.push_back({left.reason, {}});
    groups[at->second].names.push_back(left.name);
  }
  return groups;
}

CiExport export_for_ci(const std::vector<LoadedReport>& reports, const std::string& prefix) {
  if (std::any_of(prefix.begin(), prefix.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
    throw BadInput{"--prefix must not hold control characters"};
  CiExport out;
  std::map<std::string, std::string> exported_by;  // name → the report it came from
  for (const auto& report : reports) {
    std::set<std::string> benchmarks;
    for (const auto& row : report.rows) benchmarks.insert(row.name);
    const std::vector<std::string> names = report_names(report, prefix);
    for (std::size_t i = 0; i < report.rows.size(); ++i) {
      const ReportRow& row = report.rows[i];
      const std::string& name = names[i];
      const auto [at, fresh] = exported_by.emplace(name, report.facts.label);
      if (!fresh)
        throw BadInput{report.facts.label + ": benchmark " + name + " is in " + at->second +
                       " too (two runs of one suite on one platform? export takes each benchmark once)"};
      if (!row.error.empty()) {
        out.left_out.push_back({name, "error: " + row.error});
        continue;
      }
      if (!row.skipped.empty()) {
        out.left_out.push_back({name, "skipped: " + row.skipped});
        continue;
      }
      if (is_aggregate_row(row.name, benchmarks)) {
        out.left_out.push_back({name, "aggregate row"});
        continue;
      }
      if (row.ns.empty()) {
        out.left_out.push_back({name, "no repetitions"});
        continue;
      }
      // A transfer ping-pong row's latency is its median round trip, not real_time (the
      // batch mean, which one descheduled round trip in thousands moves).
      const bool round_trip = !row.rtt_p50_ns.empty();
      const Summary time = summarize(round_trip ? row.rtt_p50_ns : row.ns);
      out.smaller.push_back(gab_entry(name, "ns", time, round_trip ? kRoundTripFigure : ""));
      json measures = {{kBmfLatency, bmf_metric(time)}};
      if (!row.items_per_second.empty()) measures[kBmfThroughput] = bmf_metric(summarize(row.items_per_second));
      if (!row.bytes_per_second.empty()) {
        const Summary bytes = summarize(row.bytes_per_second);
        measures[kBmfBytesPerSecond] = bmf_metric(bytes);
        out.bigger.push_back(gab_entry(name, "bytes/s", bytes));
      } else if (!row.items_per_second.empty()) {
        out.bigger.push_back(gab_entry(name, "items/s", summarize(row.items_per_second)));
      }
      out.bmf[name] = std::move(measures);
    }
  }
  return out;
}

}  // namespace shmbench
