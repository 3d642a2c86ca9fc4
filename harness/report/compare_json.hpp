// The machine-readable forms of a comparison and of backend pairs: every number, the
// options used and the warnings (shape: reports/README.md, "compare output").
#pragma once

#include <nlohmann/json.hpp>

#include "report/backend_pairs.hpp"
#include "report/compare.hpp"

namespace shmbench {

// Changes when a field changes meaning or is removed; new fields may appear without it.
inline constexpr int kCompareOutputVersion = 2;

nlohmann::ordered_json comparison_json(const Comparison& comparison);
nlohmann::ordered_json backend_pairs_json(const PairComparison& pairs);

}  // namespace shmbench
