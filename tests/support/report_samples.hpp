// Reports built in memory for the comparison tests: rows of low-noise repetitions around
// a chosen time, so that a planted change is the only difference a test sees.
#pragma once

#include <string>
#include <vector>

#include "report/report_reader.hpp"

namespace shmbench::test {

// `count` repetitions spread evenly within ±`spread` (a fraction) of `centre`, all different.
inline std::vector<double> low_noise(double centre, int count = 9, double spread = 0.002) {
  std::vector<double> values;
  for (int i = 0; i < count; ++i)
    values.push_back(centre * (1 + spread * (count == 1 ? 0 : 2.0 * i / (count - 1) - 1)));
  return values;
}

inline ReportRow time_row(const std::string& name, const std::vector<double>& ns) { return {name, ns, {}, {}, ""}; }

// A row with bytes_per_second: `bytes` moved in each repetition's time.
inline ReportRow throughput_row(const std::string& name, const std::vector<double>& ns, double bytes) {
  ReportRow row = time_row(name, ns);
  for (double t : ns) row.bytes_per_second.push_back(bytes * 1e9 / t);
  return row;
}

// A row with items_per_second: one item per repetition's time (Google Benchmark's latency rows).
inline ReportRow items_row(const std::string& name, const std::vector<double>& ns) {
  ReportRow row = time_row(name, ns);
  for (double t : ns) row.items_per_second.push_back(1e9 / t);
  return row;
}

inline ReportRow error_row(const std::string& name, const std::string& message) { return {name, {}, {}, {}, message}; }

inline LoadedReport report_of(const std::string& label, std::vector<ReportRow> rows, const std::string& host = "vm") {
  LoadedReport report;
  report.facts = {label, 2, "shmbench", "linux", host, "AMD EPYC"};
  report.rows = std::move(rows);
  return report;
}

}  // namespace shmbench::test
