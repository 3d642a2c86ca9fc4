// The readable forms of a comparison: an aligned table for a 100-column terminal, and
// GitHub markdown for a pull-request comment. compare_format.hpp chooses between them.
#pragma once

#include <ostream>

#include "report/backend_pairs.hpp"
#include "report/compare.hpp"

namespace shmbench {

// Widest line write_comparison_table and write_pairs_table print (with names of the
// usual length; a name too long for its column goes on a line of its own).
inline constexpr std::size_t kTableColumns = 100;

void write_comparison_table(std::ostream& out, const Comparison& comparison);
void write_comparison_markdown(std::ostream& out, const Comparison& comparison);
void write_pairs_table(std::ostream& out, const PairComparison& pairs);
void write_pairs_markdown(std::ostream& out, const PairComparison& pairs);

}  // namespace shmbench
