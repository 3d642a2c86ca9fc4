// Who goes first in a run's block of rounds: the order in which a block starts its
// backends' workers, and the order of the backends within each of its rounds
// (lifecycle_run.cpp, run_block). Apart from the run so that the balance is testable.
#pragma once

#include <cstddef>

namespace shmbench::lifecycle {

// The k-th of `backends` backends to go at turn `turn`: the backends in their given
// order, rotated to begin with backend turn % backends.
inline std::size_t backend_in_turn(int turn, std::size_t k, std::size_t backends) {
  return (static_cast<std::size_t>(turn) + k) % backends;
}

// Block `pair` of a size (its pair-th writer and reader per backend, counted from 0)
// starts its workers at turn `pair`, and its rounds (warm-up first, step 0) take turns
// pair, pair + 1, ...: over any `backends` blocks in a row each backend starts first
// once, and takes each place in the kept rounds equally often.
inline int start_turn(int pair) { return pair; }
inline int round_turn(int pair, int step) { return pair + step; }

}  // namespace shmbench::lifecycle
