// Prints what history.hpp computed: a check as a table or JSON, a trend as a table or
// JSON (the "shmbench-trend/1" document plots read), and the whole database as JSON.
// The JSON shapes are documented in reports/README.md ("Run history").
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "history/database.hpp"
#include "history/history.hpp"

namespace shmbench {

enum class HistoryFormat { table, json };

// Returns kExitRegression when a row regressed, kExitOk otherwise.
int write_check(std::ostream& out, const HistoryCheck& check, HistoryFormat format);

void write_trend(std::ostream& out, const std::vector<TrendSeries>& series, HistoryFormat format);

// One stored run with its benchmarks, for export.
struct ExportedRun {
  StoredRun run;
  std::vector<ReportRow> rows;
};
void write_export(std::ostream& out, const std::vector<ExportedRun>& runs, const std::string& database);

}  // namespace shmbench
