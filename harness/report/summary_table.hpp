// The readable table printed at the end of a run: medians per backend and size, the
// ratios to the reference, and how many figures carry a spread warning.
#pragma once

#include <ostream>

#include "report/analysis.hpp"

namespace shmbench {

void print_summary(std::ostream& out, const Analysis& analysis);

}  // namespace shmbench
