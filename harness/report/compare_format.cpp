#include "report/compare_format.hpp"

#include "common/exit_codes.hpp"
#include "common/json_text.hpp"
#include "report/compare_json.hpp"
#include "report/compare_text.hpp"

namespace shmbench {

namespace {
void write_warnings(std::ostream& err, const std::vector<CompareWarning>& warnings, const std::string& who) {
  for (const auto& warning : warnings) err << who << ": warning: " << warning.text << "\n";
  err.flush();
}
}  // namespace

const char* to_string(OutputFormat format) {
  switch (format) {
    case OutputFormat::table: return "table";
    case OutputFormat::markdown: return "markdown";
    case OutputFormat::json: return "json";
  }
  return "table";
}

std::optional<OutputFormat> output_format_from_string(const std::string& name) {
  for (OutputFormat format : {OutputFormat::table, OutputFormat::markdown, OutputFormat::json})
    if (name == to_string(format)) return format;
  return std::nullopt;
}

int write_comparison(std::ostream& out, std::ostream& err, const Comparison& comparison, OutputFormat format,
                     const std::string& who) {
  switch (format) {
    case OutputFormat::table: write_comparison_table(out, comparison); break;
    case OutputFormat::markdown: write_comparison_markdown(out, comparison); break;
    case OutputFormat::json: out << json_text(comparison_json(comparison), 2) << "\n"; break;
  }
  out.flush();
  if (format != OutputFormat::json) write_warnings(err, comparison.warnings, who);
  // A regression is a finding whatever else happened; without one, a benchmark that has
  // an error row on either side is one that could not be compared, and a CI job must not
  // read that as "no regression".
  if (comparison.regressed()) return kExitRegression;
  return comparison.counts().errors > 0 ? kExitCouldNotMeasure : kExitOk;
}

int write_backend_pairs(std::ostream& out, std::ostream& err, const PairComparison& pairs, OutputFormat format,
                        const std::string& who) {
  switch (format) {
    case OutputFormat::table: write_pairs_table(out, pairs); break;
    case OutputFormat::markdown: write_pairs_markdown(out, pairs); break;
    case OutputFormat::json: out << json_text(backend_pairs_json(pairs), 2) << "\n"; break;
  }
  out.flush();
  if (format != OutputFormat::json) write_warnings(err, pairs.warnings, who);
  return kExitOk;
}

}  // namespace shmbench
