#include "report/backend_pairs.hpp"

#include <algorithm>
#include <cstdint>
#include <map>

#include "common/bad_input.hpp"
#include "common/sizes.hpp"
#include "common/text.hpp"

namespace shmbench {

namespace {
// "copy/posix/1048576/real_time" → {"copy", "posix", "1048576", "real_time"}.
std::vector<std::string> components(const std::string& name) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t slash; (slash = name.find('/', start)) != std::string::npos; start = slash + 1)
    parts.push_back(name.substr(start, slash - start));
  parts.push_back(name.substr(start));
  return parts;
}

bool names_a_backend(const std::vector<std::string>& parts) { return parts.size() >= 3 && !parts[1].empty(); }

// The name with its backend component left out: what pairs two backends' rows.
std::string without_backend(std::vector<std::string> parts) {
  parts.erase(parts.begin() + 1);
  std::string key;
  for (const auto& part : parts) key += (key.empty() ? "" : "/") + part;
  return key;
}

// 1048576 → "1MiB"; a component that is not a byte count stays as it is.
std::string size_text(const std::string& component) {
  const SizeParse size = parse_size(component);
  const bool plain_bytes = !component.empty() && std::all_of(component.begin(), component.end(), ::isdigit);
  return plain_bytes && size.bytes ? format_size(*size.bytes) : component;
}

PairRow pair_row(const ReportRow& a, const ReportRow& b, bool rounds_pair_up, const CompareOptions& options) {
  PairRow row;
  const std::vector<std::string> parts = components(a.name);
  row.operation = parts[0];
  row.size = size_text(parts[2]);
  row.name_a = a.name;
  row.name_b = b.name;
  if (!a.error.empty() || !b.error.empty()) {
    row.note = a.error.empty() ? "error in " + b.name + ": " + b.error : "error in " + a.name + ": " + a.error;
    return row;
  }
  if (!a.skipped.empty() || !b.skipped.empty()) {
    row.note = a.skipped.empty() ? "skipped " + b.name + ": " + b.skipped : "skipped " + a.name + ": " + a.skipped;
    return row;
  }
  if (a.ns.size() < kMinimumRepetitions || b.ns.size() < kMinimumRepetitions) {
    row.note = std::to_string(a.ns.size()) + " vs " + std::to_string(b.ns.size()) + " repetitions: at least " +
               std::to_string(kMinimumRepetitions) + " per side are needed";
    return row;
  }
  row.samples = compare_samples(b.ns, a.ns, options.confidence);
  // compare_samples sets the Hodges-Lehmann ratio only when every value is positive,
  // which the per-round ratios need too.
  if (rounds_pair_up && a.ns.size() == b.ns.size() && row.samples->ratio)
    row.by_round = paired_ratio(b.ns, a.ns, options.confidence);
  row.few_repetitions = a.ns.size() < kRecommendedRepetitions || b.ns.size() < kRecommendedRepetitions;
  return row;
}

PairTable pair_table(const LoadedReport& report, const BackendPair& pair, const CompareOptions& options) {
  std::map<std::string, const ReportRow*> b_rows;
  for (const auto& row : report.rows) {
    const auto parts = components(row.name);
    if (names_a_backend(parts) && parts[1] == pair.b) b_rows[without_backend(parts)] = &row;
  }
  PairTable table;
  table.pair = pair;
  for (const auto& row : report.rows) {
    const auto parts = components(row.name);
    if (!names_a_backend(parts) || parts[1] != pair.a) continue;
    const auto b = b_rows.find(without_backend(parts));
    if (b != b_rows.end()) table.rows.push_back(pair_row(row, *b->second, report.facts.rounds_pair_up, options));
  }
  std::vector<double> p;
  for (const auto& row : table.rows)
    if (row.samples) p.push_back(row.samples->test.p_value);
  const std::vector<double> adjusted = adjust_p_values(p, options.correction);
  std::size_t next = 0;
  for (auto& row : table.rows)
    if (row.samples) row.adjusted_p = adjusted[next++];
  table.tested = p.size();
  return table;
}

void add_warnings(PairComparison& comparison) {
  std::vector<std::string> not_compared, few;
  for (const auto& table : comparison.tables)
    for (const auto& row : table.rows) {
      const std::string where = table.pair.a + ":" + table.pair.b + " " + row.operation + " " + row.size;
      if (!row.samples) not_compared.push_back(where + " (" + row.note + ")");
      else if (row.few_repetitions) few.push_back(where);
    }
  if (!not_compared.empty())
    comparison.warnings.push_back({CompareWarningKind::not_compared, std::to_string(not_compared.size()) +
                                                                         " pair row(s) not compared: " +
                                                                         warning_name_list(not_compared)});
  if (!few.empty())
    comparison.warnings.push_back({CompareWarningKind::few_repetitions,
                                   std::to_string(few.size()) + " pair row(s) with fewer than " +
                                       std::to_string(kRecommendedRepetitions) +
                                       " repetitions per side: " + warning_name_list(few)});
}
}  // namespace

BackendPair parse_backend_pair(const std::string& text) {
  const std::size_t colon = text.find(':');
  BackendPair pair;
  if (colon != std::string::npos && text.find(':', colon + 1) == std::string::npos)
    pair = {text.substr(0, colon), text.substr(colon + 1)};
  if (pair.a.empty() || pair.b.empty())
    throw BadInput{"--pair '" + text + "': expected two backends as A:B, e.g. boost-windows:win32"};
  if (pair.a == pair.b) throw BadInput{"--pair '" + text + "': a backend paired with itself"};
  return pair;
}

std::vector<std::string> report_backends(const LoadedReport& report) {
  std::vector<std::string> backends;
  for (const auto& row : report.rows) {
    const auto parts = components(row.name);
    if (names_a_backend(parts) && std::find(backends.begin(), backends.end(), parts[1]) == backends.end())
      backends.push_back(parts[1]);
  }
  return backends;
}

PairComparison compare_backend_pairs(const LoadedReport& report, const std::vector<BackendPair>& pairs,
                                     const CompareOptions& options) {
  const std::vector<std::string> backends = report_backends(report);
  for (const auto& pair : pairs)
    for (const auto& backend : {pair.a, pair.b})
      if (std::find(backends.begin(), backends.end(), backend) == backends.end())
        throw BadInput{"--pair " + pair.a + ":" + pair.b + ": " + report.facts.label + " has no backend '" + backend +
                       "' (it has " + (backends.empty() ? std::string("none") : join(backends)) + ")"};
  PairComparison comparison;
  comparison.report = report.facts;
  comparison.options = options;
  for (const auto& pair : pairs) comparison.tables.push_back(pair_table(report, pair, options));
  add_warnings(comparison);
  return comparison;
}

}  // namespace shmbench
