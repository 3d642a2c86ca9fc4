// How many rounds an A/B needs before its test can flag a row at all, given how many rows
// the correction runs over: ab_command.cpp takes them as the automatic minimum and warns
// when --rounds asks for fewer.
#pragma once

#include <cstddef>

#include "report/compare.hpp"

namespace shmbench {

// The p the most significant test of a comparison must be below to be flagged. Holm's
// correction asks the smallest p of a family of T tests to be below alpha/T; the family
// is taken as twice the rows (rows and pooled tests), an upper bound. With
// Benjamini-Hochberg or no correction it need only be below alpha.
double smallest_p_flagged(std::size_t rows, const CompareOptions& options);

// A duet judges each row on its rounds' pairs with the Wilcoxon signed-rank test, whose
// smallest two-sided p with n pairs is 2/2^n (every ratio on one side), so with fewer
// rounds than this no row can be flagged at all: 12 rounds give 0.00049, and the quick
// suite's 87 rows with their pooled tests (127 under Linux) ask for 0.00039.
int paired_rounds_needed(std::size_t rows, const CompareOptions& options);

// An interleaved A/B judges each row with the U test of one build's runs against the
// other's. One run that lands beyond every run of the other build, against the change (a
// run that shared its CPU with a busy process, as in CTest: docs/ab.md), costs a whole
// run's worth of U: with 8 rounds the exact p of a change no other run contradicts is then
// 0.010, not 0.00016, and Holm over 7 rows makes it 0.073. These are the rounds (an even
// number, at most kMaxAutoRounds) whose p with one run so placed is still below what the
// correction asks.
int interleaved_rounds_absorbing_one_run(std::size_t rows, const CompareOptions& options);

}  // namespace shmbench
