// Who goes first in a lifecycle run's blocks (scenarios/lifecycle/turns.hpp): a block's
// worker starts and its rounds must not favour any backend. Under Wine a pair started
// last copied 256 MiB about 10 % faster than one started first, so a backend that always
// started first carried that loss into every Boost/raw ratio.
#include "scenarios/lifecycle/turns.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "measure/run_config.hpp"  // kRoundsPerWorkers

namespace shmbench::lifecycle {
namespace {

constexpr int kWarmup = 1;  // RunConfig's default

TEST(BackendInTurn, IsTheGivenOrderRotated) {
  EXPECT_EQ(backend_in_turn(0, 0, 4), 0u);
  EXPECT_EQ(backend_in_turn(0, 3, 4), 3u);
  EXPECT_EQ(backend_in_turn(1, 0, 4), 1u);
  EXPECT_EQ(backend_in_turn(1, 3, 4), 0u);
  EXPECT_EQ(backend_in_turn(6, 1, 4), 3u);
  EXPECT_EQ(backend_in_turn(5, 0, 1), 0u);
}

TEST(BackendInTurn, EachTurnIsEveryBackendOnce) {
  for (std::size_t backends = 1; backends <= 6; ++backends)
    for (int turn = 0; turn < 20; ++turn) {
      std::vector<int> seen(backends, 0);
      for (std::size_t k = 0; k < backends; ++k) ++seen[backend_in_turn(turn, k, backends)];
      for (int count : seen) EXPECT_EQ(count, 1) << backends << " backends, turn " << turn;
    }
}

// Over any `backends` blocks in a row (9 blocks make a default run), each backend starts
// its workers in every place once, and takes every place in the kept rounds equally often.
TEST(Turns, OverAsManyBlocksAsBackendsEveryBackendTakesEveryPlaceAlike) {
  for (std::size_t backends = 1; backends <= 6; ++backends)
    for (int from = 0; from < 9; ++from) {
      std::vector<std::vector<int>> started(backends, std::vector<int>(backends, 0));
      std::vector<std::vector<int>> placed(backends, std::vector<int>(backends, 0));
      for (int pair = from; pair < from + static_cast<int>(backends); ++pair) {
        for (std::size_t k = 0; k < backends; ++k) ++started[backend_in_turn(start_turn(pair), k, backends)][k];
        for (int step = kWarmup; step < kWarmup + kRoundsPerWorkers; ++step)
          for (std::size_t k = 0; k < backends; ++k) ++placed[backend_in_turn(round_turn(pair, step), k, backends)][k];
      }
      for (std::size_t b = 0; b < backends; ++b)
        for (std::size_t k = 0; k < backends; ++k) {
          EXPECT_EQ(started[b][k], 1) << backends << " backends: backend " << b << " started in place " << k;
          EXPECT_EQ(placed[b][k], kRoundsPerWorkers) << backends << " backends: backend " << b << " ran in place " << k;
        }
    }
}

// The block's first round begins with the backend that started first.
TEST(Turns, ABlockBeginsWithTheBackendThatStartedFirst) {
  for (int pair = 0; pair < 9; ++pair)
    EXPECT_EQ(backend_in_turn(round_turn(pair, 0), 0, 4), backend_in_turn(start_turn(pair), 0, 4));
}

}  // namespace
}  // namespace shmbench::lifecycle
