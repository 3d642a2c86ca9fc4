#include "history/history_format.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "common/exit_codes.hpp"
#include "common/json_text.hpp"
#include "report/compare_text.hpp"

namespace shmbench {

namespace {
using json = nlohmann::ordered_json;  // keys in the order written: "schema" first

// The check table fits a 100-column terminal, as compare's does.
constexpr int kNameWidth = 40;

std::string printf_text(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

std::string percent(double fraction) { return printf_text("%+.1f%%", fraction * 100); }

std::string plural(std::size_t count, const char* one, const char* many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

std::string machine_text(const Machine& m) {
  return m.platform + " / " + (m.host.empty() ? "(no host)" : m.host) + " / " +
         (m.cpu_model.empty() ? "(no CPU model)" : m.cpu_model);
}

std::string verdict_text(const CheckRow& row) {
  if (!row.error.empty()) return "error";
  switch (row.judgement.verdict) {
    case StepVerdict::regression: return "REGRESSION";
    case StepVerdict::improvement: return "improvement";
    case StepVerdict::no_change: return "ok";
    case StepVerdict::not_enough_history: return "too few runs (" + std::to_string(row.judgement.runs) + ")";
  }
  return "ok";
}

std::string summary_text(const HistoryCheck::Counts& n) {
  return "summary: " + plural(n.regressions, "regression", "regressions") + ", " +
         plural(n.improvements, "improvement", "improvements") + ", " + std::to_string(n.unchanged) + " unchanged, " +
         std::to_string(n.not_enough_history) + " without enough history, " + plural(n.errors, "error", "errors");
}

void write_check_table(std::ostream& out, const HistoryCheck& check) {
  const StepOptions& o = check.options;
  const HistoryCheck::Counts n = check.counts();
  out << "shmbench history check: " << check.report << "\n"
      << "against: the last " << o.last << " runs of " << machine_text(check.machine) << " ("
      << plural(check.earlier_runs, "earlier run", "earlier runs") << " stored)\n"
      << "regression: a step in the worse direction beyond " << printf_text("%g", o.threshold * 100) << " % and "
      << printf_text("%g", o.mad_k) << " MAD\n";
  if (check.earlier_runs < o.minimum_runs) {
    out << "not enough history: " << check.earlier_runs << " earlier run(s) of this machine, " << o.minimum_runs
        << " needed; nothing judged\n"
        << summary_text(n) << "\n";
    return;
  }
  char line[256];
  std::snprintf(line, sizeof line, "%-*s %11s %10s %11s %8s  %s\n", kNameWidth, "row", "history", "MAD", "this run",
                "change", "verdict");
  out << line;
  for (const auto& row : check.rows) {
    std::string name = row.name;
    if (static_cast<int>(name.size()) > kNameWidth) {  // a long name gets a line of its own
      out << name << "\n";
      name.clear();
    }
    const StepJudgement& j = row.judgement;
    const bool judged = row.error.empty();
    const bool history = judged && j.runs > 0;
    std::snprintf(line, sizeof line, "%-*s %11s %10s %11s %8s  %s\n", kNameWidth, name.c_str(),
                  history ? value_text(j.history_median, row.metric).c_str() : "-",
                  history ? value_text(j.mad, row.metric).c_str() : "-",
                  judged ? value_text(j.current, row.metric).c_str() : "-",
                  history && j.change ? percent(*j.change).c_str() : "-", verdict_text(row).c_str());
    out << line;
    if (!judged) out << "    " << row.error << "\n";
  }
  out << "history: the median of the last runs' medians; MAD: their median absolute deviation\n"
      << summary_text(n) << "\n";
}

json optional_number(bool present, double value) { return present ? json(value) : json(nullptr); }

void write_check_json(std::ostream& out, const HistoryCheck& check) {
  const HistoryCheck::Counts n = check.counts();
  json rows = json::array();
  for (const auto& row : check.rows) {
    const StepJudgement& j = row.judgement;
    const bool judged = row.error.empty();
    json entry = {{"name", row.name}};
    if (!judged) {
      entry["verdict"] = "error";
      entry["error"] = row.error;
    } else {
      entry["metric"] = to_string(row.metric);
      entry["unit"] = unit_of(row.metric);
      entry["better"] = higher_is_better(row.metric) ? "higher" : "lower";
      entry["history_runs"] = j.runs;
      entry["history_median"] = optional_number(j.runs > 0, j.history_median);
      entry["mad"] = optional_number(j.runs > 0, j.mad);
      entry["current"] = j.current;
      entry["change"] = optional_number(j.change.has_value(), j.change.value_or(0));
      entry["verdict"] = to_string(j.verdict);
    }
    rows.push_back(std::move(entry));
  }
  const StepOptions& o = check.options;
  const json document = {
      {"schema", "shmbench-history-check/1"},
      {"report", check.report},
      {"machine", {{"platform", check.machine.platform}, {"host", check.machine.host}, {"cpu_model", check.machine.cpu_model}}},
      {"options", {{"last", o.last}, {"threshold", o.threshold}, {"mad_k", o.mad_k}, {"minimum_runs", o.minimum_runs}}},
      {"earlier_runs", check.earlier_runs},
      {"enough_history", check.earlier_runs >= o.minimum_runs},
      {"rows", rows},
      {"summary",
       {{"regressions", n.regressions},
        {"improvements", n.improvements},
        {"unchanged", n.unchanged},
        {"not_enough_history", n.not_enough_history},
        {"errors", n.errors}}}};
  out << json_text(document, 2) << "\n";
}

json samples_json(const std::vector<double>& samples, std::size_t repetitions) {
  return samples.size() == repetitions ? json(samples) : json(nullptr);
}
}  // namespace

int write_check(std::ostream& out, const HistoryCheck& check, HistoryFormat format) {
  if (format == HistoryFormat::json) write_check_json(out, check);
  else write_check_table(out, check);
  return check.regressed() ? kExitRegression : kExitOk;
}

void write_trend(std::ostream& out, const std::vector<TrendSeries>& series, HistoryFormat format) {
  if (format == HistoryFormat::json) {
    json list = json::array();
    for (const auto& one : series) {
      json points = json::array();
      for (const auto& point : one.points)
        points.push_back({{"date", point.date},
                          {"git_revision", point.git_revision},
                          {"median", point.median},
                          {"repetitions", point.repetitions}});
      list.push_back({{"name", one.name}, {"platform", one.platform}, {"unit", unit_of(one.metric)}, {"points", points}});
    }
    out << json_text(json{{"schema", "shmbench-trend/1"}, {"series", list}}, 2) << "\n";
    return;
  }
  if (series.empty()) {
    out << "no stored runs match\n";
    return;
  }
  char line[256];
  for (const auto& one : series) {
    out << one.name << "  (" << one.platform << ", " << unit_of(one.metric) << ", "
        << (higher_is_better(one.metric) ? "higher" : "lower") << " is better)\n";
    const double first = one.points.front().median;
    for (const auto& point : one.points) {
      const std::string change = first != 0 ? percent(point.median / first - 1) : "-";
      std::snprintf(line, sizeof line, "  %-21s %-20s %12s %8s  %zu repetitions\n", point.date.c_str(),
                    point.git_revision.empty() ? "-" : point.git_revision.substr(0, 20).c_str(),
                    value_text(point.median, one.metric).c_str(), change.c_str(), point.repetitions.size());
      out << line;
    }
  }
  out << "each line: a run's date, git revision, median, and its change from the series' first run\n";
}

void write_export(std::ostream& out, const std::vector<ExportedRun>& runs, const std::string& database) {
  json list = json::array();
  for (const auto& exported : runs) {
    const RunKey& key = exported.run.key;
    json rows = json::array();
    for (const auto& row : exported.rows) {
      rows.push_back({{"name", row.name},
                      {"error", row.error.empty() ? json(nullptr) : json(row.error)},
                      {"real_time_ns", row.ns},
                      {"bytes_per_second", samples_json(row.bytes_per_second, row.ns.size())},
                      {"items_per_second", samples_json(row.items_per_second, row.ns.size())}});
    }
    // An error row has no repetitions: its counters are null, not [].
    for (auto& row : rows)
      if (row["real_time_ns"].empty()) row["bytes_per_second"] = row["items_per_second"] = nullptr;
    list.push_back({{"id", exported.run.id},
                    {"content_sha256", key.content_sha256},
                    {"tool", key.tool},
                    {"schema_version", key.schema_version ? json(*key.schema_version) : json(nullptr)},
                    {"platform", key.platform},
                    {"host", key.host},
                    {"cpu_model", key.cpu_model},
                    {"compiler", key.compiler},
                    {"build_type", key.build_type},
                    {"git_revision", key.git_revision},
                    {"date", key.date},
                    {"report_date", key.report_date},
                    {"source", key.source},
                    {"added_at", exported.run.added_at},
                    {"rows", rows}});
  }
  out << json_text(json{{"schema", "shmbench-history-export/1"}, {"database", database}, {"runs", list}}, 2) << "\n";
}

}  // namespace shmbench
