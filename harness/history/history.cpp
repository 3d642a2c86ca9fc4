#include "history/history.hpp"

#include <map>

namespace shmbench {

HistoryCheck::Counts HistoryCheck::counts() const {
  Counts n;
  for (const auto& row : rows) {
    if (!row.error.empty()) {
      ++n.errors;
      continue;
    }
    switch (row.judgement.verdict) {
      case StepVerdict::regression: ++n.regressions; break;
      case StepVerdict::improvement: ++n.improvements; break;
      case StepVerdict::no_change: ++n.unchanged; break;
      case StepVerdict::not_enough_history: ++n.not_enough_history; break;
    }
  }
  return n;
}

bool HistoryCheck::regressed() const { return counts().regressions > 0; }

HistoryCheck check_report(const LoadedReport& report, const Machine& machine, std::size_t earlier_runs,
                          const RowHistory& history, const StepOptions& options) {
  HistoryCheck check;
  check.report = report.facts.label;
  check.machine = machine;
  check.options = options;
  check.earlier_runs = earlier_runs;
  for (const ReportRow& row : report.rows) {
    CheckRow judged;
    judged.name = row.name;
    if (!row.error.empty() || row.ns.empty()) {
      judged.error = row.error.empty() ? "no repetitions" : row.error;
      check.rows.push_back(std::move(judged));
      continue;
    }
    const std::vector<StoredRow> stored = history(row.name);
    std::vector<const ReportRow*> all = {&row};
    for (const auto& earlier : stored) all.push_back(&earlier.row);
    judged.metric = automatic_metric(all);
    std::vector<double> medians;
    for (const auto& earlier : stored) {
      const std::vector<double>& samples = samples_of(earlier.row, judged.metric);
      if (!samples.empty()) medians.push_back(median_of(samples));
    }
    judged.judgement =
        judge_step(medians, median_of(samples_of(row, judged.metric)), higher_is_better(judged.metric), options);
    check.rows.push_back(std::move(judged));
  }
  return check;
}

const char* unit_of(Metric metric) { return metric == Metric::time ? "ns" : to_string(metric); }

std::vector<TrendSeries> build_trend(const std::vector<StoredRow>& rows, const std::regex* filter) {
  std::vector<TrendSeries> series;
  std::map<std::string, bool> wanted;  // a name's filter verdict, decided once
  std::size_t begin = 0;
  while (begin < rows.size()) {
    std::size_t end = begin;
    while (end < rows.size() && rows[end].row.name == rows[begin].row.name &&
           rows[end].platform == rows[begin].platform)
      ++end;
    const std::string& name = rows[begin].row.name;
    auto found = wanted.find(name);
    if (found == wanted.end()) found = wanted.emplace(name, !filter || std::regex_search(name, *filter)).first;
    if (found->second) {
      TrendSeries one;
      one.name = name;
      one.platform = rows[begin].platform;
      std::vector<const ReportRow*> all;
      for (std::size_t i = begin; i < end; ++i)
        if (!rows[i].row.ns.empty()) all.push_back(&rows[i].row);
      one.metric = all.empty() ? Metric::time : automatic_metric(all);
      for (std::size_t i = begin; i < end; ++i) {
        const std::vector<double>& samples = samples_of(rows[i].row, one.metric);
        if (samples.empty()) continue;
        one.points.push_back(TrendPoint{rows[i].date, rows[i].git_revision, median_of(samples), samples});
      }
      if (!one.points.empty()) series.push_back(std::move(one));
    }
    begin = end;
  }
  return series;
}

}  // namespace shmbench
