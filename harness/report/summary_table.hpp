// The readable table printed at the end of a run: medians per backend and size.
#pragma once

#include <ostream>

#include "measure/results.hpp"

namespace shmbench {

void print_summary(std::ostream& out, const RunResult& result);

}  // namespace shmbench
