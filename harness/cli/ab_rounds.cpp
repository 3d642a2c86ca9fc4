#include "cli/ab_rounds.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "cli/ab_command.hpp"
#include "report/rank_statistics.hpp"

namespace shmbench {

double smallest_p_flagged(std::size_t rows, const CompareOptions& options) {
  const double family = options.correction == Correction::holm ? 2.0 * static_cast<double>(std::max<std::size_t>(rows, 1)) : 1.0;
  return options.alpha / family;
}

int paired_rounds_needed(std::size_t rows, const CompareOptions& options) {
  int rounds = 2;
  while (2.0 / std::ldexp(1.0, rounds) >= smallest_p_flagged(rows, options)) ++rounds;
  return rounds;
}

int interleaved_rounds_absorbing_one_run(std::size_t rows, const CompareOptions& options) {
  // The U test's p with every run of one build beyond every run of the other but one.
  const auto p_with_one_run_out_of_place = [](int rounds) {
    std::vector<double> x{-1.0}, y;
    for (int i = 1; i < rounds; ++i) x.push_back(rounds + i);
    for (int i = 1; i <= rounds; ++i) y.push_back(i);
    return mann_whitney_u(x, y).p_value;
  };
  int rounds = 2;
  while (rounds < kMaxAutoRounds && p_with_one_run_out_of_place(rounds) >= smallest_p_flagged(rows, options))
    rounds += 2;
  return rounds;
}

}  // namespace shmbench
