// Corrections for testing many rows at once. A comparison runs one U test per benchmark,
// so with 100 rows and no correction about five would look significant at 0.05 by chance
// alone; a CI gate that fails on any of them would fail most runs.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace shmbench {

enum class Correction {
  holm,  // Holm's step-down: the family-wise error rate (the chance of any false alarm) ≤ alpha
  bh,    // Benjamini-Hochberg: the expected share of false alarms among the alarms ≤ alpha
  none,  // each row on its own
};
const char* to_string(Correction correction);                       // "holm", "bh", "none"
std::optional<Correction> correction_from_string(const std::string& name);

// Adjusted p-values in the order given, as statsmodels' multipletests(method='holm' or
// 'fdr_bh') computes them: with p sorted ascending as p_(1) … p_(n),
//   holm: p~_(i) = max_{j ≤ i} min(1, (n - j + 1) · p_(j))
//   bh:   p~_(i) = min_{j ≥ i} min(1, n / j · p_(j))
// so a row is significant at level alpha exactly when its adjusted p is below alpha.
std::vector<double> adjust_p_values(const std::vector<double>& p, Correction correction);

}  // namespace shmbench
