#include "scenarios/lifecycle/repeated_calls.hpp"

#include <gtest/gtest.h>

namespace shmbench::lifecycle {
namespace {

TEST(MedianOf, OddAndEvenCounts) {
  EXPECT_DOUBLE_EQ(median_of({5, 1, 3}), 3);
  EXPECT_DOUBLE_EQ(median_of({4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(median_of({7}), 7);
}

TEST(CallCount, CheapCallsStopAtTheMaximum) {
  CallCount count;
  int extras = 0;
  while (count.another(extras, extras * 1000.0, 1000.0)) ++extras;
  EXPECT_EQ(extras + 1, kMaxCalls);
}

TEST(CallCount, NoExtraCallWhoseEstimateOverrunsTheBudget) {
  CallCount count;
  EXPECT_FALSE(count.another(0, 0, kCallBudgetNs * 1.01));
  EXPECT_TRUE(count.another(0, 0, kCallBudgetNs * 0.99));
}

TEST(CallCount, AfterTheFirstExtraTheMeasuredCostDecides) {
  CallCount count;
  // The estimate said cheap; the first extra call took 40 % of the budget: one more
  // fits (80 %), a third would not (120 %).
  EXPECT_TRUE(count.another(1, kCallBudgetNs * 0.4, 1.0));
  EXPECT_FALSE(count.another(2, kCallBudgetNs * 0.8, 1.0));
}

TEST(CallCount, TheFirstRepetitionSettlesTheCountForTheRest) {
  CallCount count;
  count.settle(3);
  // Later repetitions make exactly 3 calls, whatever they cost.
  EXPECT_TRUE(count.another(0, kCallBudgetNs * 10, kCallBudgetNs * 10));
  EXPECT_TRUE(count.another(1, 0, 0));
  EXPECT_FALSE(count.another(2, 0, 0));
  count.settle(9);  // ignored: the count is already set
  EXPECT_FALSE(count.another(2, 0, 0));
}

TEST(RepeatedCall, ReportsTheMedianAndTheNumberOfCalls) {
  CallCount count;
  double next = 10;
  auto sample = repeated_call(Operation::open, 100, count, 1.0, [&](int) -> Result<double> { return next++; });
  ASSERT_TRUE(sample.ok());
  EXPECT_EQ(sample.value().iterations, static_cast<std::uint64_t>(kMaxCalls));
  EXPECT_EQ(sample.value().iterations_per_span, 1u);  // each call had a timer reading of its own
  // Calls 100, 10, 11, ..., 17: the median of nine is 14.
  EXPECT_DOUBLE_EQ(sample.value().ns, 14);
  EXPECT_EQ(sample.value().op, Operation::open);
}

TEST(RepeatedCall, AFailingExtraCallFailsTheSample) {
  CallCount count;
  auto sample = repeated_call(Operation::map, 100, count, 1.0, [&](int i) -> Result<double> {
    if (i == 2) return Error{ErrorKind::other, 0, "map", "planted"};
    return 1.0;
  });
  ASSERT_FALSE(sample.ok());
  EXPECT_EQ(sample.error().detail, "planted");
}

}  // namespace
}  // namespace shmbench::lifecycle
