// What `shmbench history` computes from the stored runs, before anything is printed:
// a report checked against the history of its machine, and the series a trend plot draws.
// Both take the stored rows as plain data (database.hpp fetches them), so they are tested
// without a database.
#pragma once

#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "history/database.hpp"
#include "history/step.hpp"
#include "report/compare.hpp"

namespace shmbench {

struct CheckRow {
  std::string name;
  Metric metric = Metric::time;  // as compare's auto picks it over this run and its history
  StepJudgement judgement;
  std::string error;  // non-empty: this run's row is an error row, and is not judged
};

struct HistoryCheck {
  std::string report;  // the checked report's label
  Machine machine;
  StepOptions options;
  std::size_t earlier_runs = 0;  // stored runs of the machine (any rows), the report excluded
  std::vector<CheckRow> rows;    // the report's order

  struct Counts {
    std::size_t regressions = 0, improvements = 0, unchanged = 0, not_enough_history = 0, errors = 0;
  };
  Counts counts() const;
  bool regressed() const;
};

// A benchmark's stored rows in the latest runs of the machine, newest first (at most
// options.last): HistoryDatabase::row_history, or a test's own.
using RowHistory = std::function<std::vector<StoredRow>(const std::string& name)>;

// Judges every row of `report` against its history (step.hpp). The metric follows
// compare's auto rule over the run and its history rows, so a copy is judged by its
// bytes/s (higher is better) and a create by its time (lower is better).
HistoryCheck check_report(const LoadedReport& report, const Machine& machine, std::size_t earlier_runs,
                          const RowHistory& history, const StepOptions& options);

struct TrendPoint {
  std::string date, git_revision;
  double median = 0;
  std::vector<double> repetitions;  // in the series' unit
};

// One benchmark on one platform over time: what one line of a trend plot draws.
struct TrendSeries {
  std::string name, platform;
  Metric metric = Metric::time;
  std::vector<TrendPoint> points;  // oldest first
};
// "ns" for time, else the counter's name ("bytes_per_second", "items_per_second").
const char* unit_of(Metric metric);

// `rows` as HistoryDatabase::all_rows gives them (by name, platform, date); only names
// `filter` finds a match in (std::regex_search, as Google Benchmark's --benchmark_filter)
// when it is given.
std::vector<TrendSeries> build_trend(const std::vector<StoredRow>& rows, const std::regex* filter);

}  // namespace shmbench
