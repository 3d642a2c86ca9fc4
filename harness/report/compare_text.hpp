// The readable forms of a comparison: an aligned table for a 100-column terminal, and
// GitHub markdown for a pull-request comment. compare_format.hpp chooses between them.
#pragma once

#include <ostream>
#include <string>

#include "report/backend_pairs.hpp"
#include "report/compare.hpp"

namespace shmbench {

// Widest line write_comparison_table and write_pairs_table print (with names of the
// usual length; a name too long for its column goes on a line of its own).
inline constexpr std::size_t kTableColumns = 100;

// A value of `metric` as people read it, with its unit: "27.0 us", "33.1 GB/s",
// "103 k/s" (three significant digits). history/ prints its tables with it too.
std::string value_text(double value, Metric metric);

void write_comparison_table(std::ostream& out, const Comparison& comparison);
void write_comparison_markdown(std::ostream& out, const Comparison& comparison);
void write_pairs_table(std::ostream& out, const PairComparison& pairs);
void write_pairs_markdown(std::ostream& out, const PairComparison& pairs);

}  // namespace shmbench
