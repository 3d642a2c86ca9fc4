// Writes a comparison (compare.hpp) or a backend-pair table (backend_pairs.hpp) as a
// terminal table, GitHub markdown or JSON, and gives the exit status that goes with it.
// What `shmbench compare` prints, and what `shmbench ab` prints after merging its runs.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "report/backend_pairs.hpp"
#include "report/compare.hpp"

namespace shmbench {

enum class OutputFormat {
  table,     // aligned, fits 100 columns, a summary line at the end
  markdown,  // a pull-request comment: a summary line, then a table, regressions first
  json,      // every number and the options used (reports/README.md, "compare output")
};
const char* to_string(OutputFormat format);  // "table", "markdown", "json"
std::optional<OutputFormat> output_format_from_string(const std::string& name);

// The comparison in `format` on `out`. For table and markdown each warning goes to `err`
// as one line ("<who>: warning: ...", `who` naming the command that compared); json
// carries them in the document. Returns kExitRegression when a row regressed, else
// kExitCouldNotMeasure when a row has an error on either side, else kExitOk.
int write_comparison(std::ostream& out, std::ostream& err, const Comparison& comparison, OutputFormat format,
                     const std::string& who = "shmbench compare");

// The same for backend pairs; always returns kExitOk (the table informs, it does not gate).
int write_backend_pairs(std::ostream& out, std::ostream& err, const PairComparison& pairs, OutputFormat format,
                        const std::string& who = "shmbench compare");

}  // namespace shmbench
