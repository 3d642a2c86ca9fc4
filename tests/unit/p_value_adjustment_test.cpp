// Holm and Benjamini-Hochberg adjusted p-values (harness/report/p_value_adjustment.hpp),
// worked by hand.
#include "report/p_value_adjustment.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace shmbench {
namespace {

void expect_all_near(const std::vector<double>& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) EXPECT_NEAR(actual[i], expected[i], 1e-12) << "at " << i;
}

// Sorted: 0.005 (4th), 0.01 (1st), 0.03 (3rd), 0.04 (2nd).
const std::vector<double> kP = {0.01, 0.04, 0.03, 0.005};

TEST(PValueAdjustment, HolmStepsDownWithARunningMaximum) {
  // 4 · 0.005 = 0.02; 3 · 0.01 = 0.03; 2 · 0.03 = 0.06; 1 · 0.04 = 0.04, raised to 0.06.
  expect_all_near(adjust_p_values(kP, Correction::holm), {0.03, 0.06, 0.06, 0.02});
}

TEST(PValueAdjustment, BenjaminiHochbergStepsUpWithARunningMinimum) {
  // 4/1 · 0.005 = 0.02; 4/2 · 0.01 = 0.02; 4/3 · 0.03 = 0.04; 4/4 · 0.04 = 0.04.
  expect_all_near(adjust_p_values(kP, Correction::bh), {0.02, 0.04, 0.04, 0.02});
}

TEST(PValueAdjustment, NoneKeepsEachP) { expect_all_near(adjust_p_values(kP, Correction::none), kP); }

TEST(PValueAdjustment, NeverAboveOne) {
  expect_all_near(adjust_p_values({0.5, 0.6, 0.9}, Correction::holm), {1, 1, 1});
  expect_all_near(adjust_p_values({0.5, 0.6, 0.9}, Correction::bh), {0.9, 0.9, 0.9});
}

TEST(PValueAdjustment, OneTestIsItsOwnFamily) {
  expect_all_near(adjust_p_values({0.03}, Correction::holm), {0.03});
  EXPECT_TRUE(adjust_p_values({}, Correction::holm).empty());
}

TEST(PValueAdjustment, NamesRoundTrip) {
  for (Correction c : {Correction::holm, Correction::bh, Correction::none})
    EXPECT_EQ(correction_from_string(to_string(c)), c);
  EXPECT_FALSE(correction_from_string("bonferroni"));
}

}  // namespace
}  // namespace shmbench
