// Two backends of one report side by side (`shmbench compare --pair A:B REPORT`): for
// each operation and size both measured, the medians of A and B, the ratio of the
// medians, the Hodges-Lehmann ratio A / B with its confidence interval, the per-round
// ratio where the report ran its backends in rounds (interleaved or duet), and the U test's p-value,
// corrected over the table. Always on time (ns per call, page or pass), so
// every operation reads the same way: a ratio above 1 means A costs more. Information,
// not a verdict: nothing here fails a run.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/compare.hpp"
#include "report/report_reader.hpp"

namespace shmbench {

struct BackendPair {
  std::string a, b;
};

// "boost-windows:win32" → {boost-windows, win32}; BadInput for anything but two different,
// non-empty names around one colon.
BackendPair parse_backend_pair(const std::string& text);

// The backends a report's rows name, in order of first appearance: the second component
// of names shaped <operation>/<backend>/<bytes>[/suffix...].
std::vector<std::string> report_backends(const LoadedReport& report);

struct PairRow {
  std::string operation, size;  // the name's first and third components
  std::string name_a, name_b;   // the two rows paired
  // A as contender, B as baseline: median_ratio and ratio are A / B. Unset when either
  // side has an error row or fewer than kMinimumRepetitions repetitions.
  std::optional<SampleComparison> samples;
  // A / B round by round (paired_ratio): the median of the per-round ratios with the sign
  // test's interval. Only for reports whose backends ran in rounds (ReportFacts::
  // rounds_pair_up: interleaved, or duet) and rows with as many repetitions on both sides:
  // drift between rounds falls on both members of a pair and cancels, which the unpaired
  // estimates cannot do.
  std::optional<ShiftEstimate> by_round;
  std::optional<double> adjusted_p;  // over the rows of this table that have samples
  bool few_repetitions = false;      // fewer than kRecommendedRepetitions on a side
  std::string note;                  // why there are no samples
};

struct PairTable {
  BackendPair pair;
  std::vector<PairRow> rows;  // in the order of A's rows in the report
  std::size_t tested = 0;     // rows with a p-value: the family the correction ran over
};

struct PairComparison {
  ReportFacts report;
  CompareOptions options;  // correction, alpha (marks significant rows) and confidence apply
  std::vector<PairTable> tables;
  std::vector<CompareWarning> warnings;  // error rows, too few repetitions
};

// Throws BadInput naming the backends the report has when a pair names one it lacks.
PairComparison compare_backend_pairs(const LoadedReport& report, const std::vector<BackendPair>& pairs,
                                     const CompareOptions& options);

}  // namespace shmbench
