// Run-level comparison (report/run_level.hpp, report/student_t.hpp) against scipy 1.10
// (Debian's /usr/bin/python3: scipy.stats.t and scipy.stats.ttest_ind(..., equal_var=False)
// on the logarithms), and the dates that tell runs apart (common/dates.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "common/dates.hpp"
#include "report/run_level.hpp"
#include "report/student_t.hpp"

namespace shmbench {
namespace {

TEST(StudentT, UpperTailMatchesScipy) {
  EXPECT_NEAR(student_t_sf(2.0, 4.0), 0.05805826175840775, 1e-12);
  EXPECT_NEAR(student_t_sf(0.5, 3.3), 0.32426753819977927, 1e-12);
  EXPECT_NEAR(student_t_sf(-1.2, 10), 0.8711018496378471, 1e-12);
  EXPECT_NEAR(student_t_sf(5, 2), 0.018874775675311862, 1e-12);
  EXPECT_NEAR(student_t_sf(30, 1), 0.010606402405535424, 1e-12);
  EXPECT_NEAR(student_t_sf(1.96, 1e6), 0.02499803379263489, 1e-9);
  EXPECT_DOUBLE_EQ(student_t_sf(0, 7), 0.5);
}

TEST(StudentT, InverseMatchesScipy) {
  // scipy's isf agrees with the incomplete beta (scipy.special.betainc) to about 1e-8 in t;
  // the inverse here inverts our own sf, which matches betainc to 1e-15.
  EXPECT_NEAR(student_t_isf(0.025, 4), 2.7764451051977996, 1e-7);
  EXPECT_NEAR(student_t_isf(0.025, 2.5), 3.574654842011878, 1e-7);
  EXPECT_NEAR(student_t_isf(0.05, 30), 1.6972608943617384, 1e-7);
  EXPECT_NEAR(student_t_sf(student_t_isf(0.05, 30), 30), 0.05, 1e-12);
}

TEST(StudentT, IncompleteBetaMatchesScipy) {
  EXPECT_NEAR(regularized_incomplete_beta(0.9124, 15, 0.5), 0.10002132436370346, 1e-14);
}

TEST(RunLevel, WelchOnLogRunMediansMatchesScipy) {
  const auto test = compare_run_medians({100, 103, 98, 101}, {106, 104, 109}, 0.95);
  ASSERT_TRUE(test.has_value());
  EXPECT_NEAR(test->p_value, 0.029346933974141134, 1e-9);
  EXPECT_NEAR(test->ratio, 1.0580163983784028, 1e-12);
  EXPECT_NEAR(test->degrees_of_freedom, 4.0708089846806, 1e-9);
  EXPECT_NEAR(test->lower, 1.0092182705222605, 1e-9);
  EXPECT_NEAR(test->upper, 1.1091740329456476, 1e-9);
  EXPECT_EQ(test->baseline_runs, 4u);
  EXPECT_EQ(test->contender_runs, 3u);
}

TEST(RunLevel, NeedsTwoPositiveRunsPerSide) {
  EXPECT_FALSE(compare_run_medians({100}, {101, 102}, 0.95).has_value());
  EXPECT_FALSE(compare_run_medians({100, 0}, {101, 102}, 0.95).has_value());
  EXPECT_TRUE(compare_run_medians({100, 101}, {101, 102}, 0.95).has_value());
}

TEST(RunLevel, RunsThatNeverVaryAreCertain) {
  const auto same = compare_run_medians({100, 100}, {100, 100, 100}, 0.95);
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(same->p_value, 1);
  const auto moved = compare_run_medians({100, 100}, {110, 110}, 0.95);
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(moved->p_value, 0);
  EXPECT_NEAR(moved->ratio, 1.1, 1e-12);
}

TEST(Dates, EpochSecondsReadEveryFormReportsWrite) {
  EXPECT_EQ(epoch_seconds("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(epoch_seconds("2026-12-04T21:50:32+00:00"), epoch_seconds("2026-12-04T21:50:32Z"));
  EXPECT_EQ(epoch_seconds("2026-12-04T22:50:32+01:00"), epoch_seconds("2026-12-04T21:50:32-00:00"));
  EXPECT_EQ(*epoch_seconds("2026-12-04T21:50:32.123Z") - *epoch_seconds("2026-12-04T21:49:32Z"), 60);
  EXPECT_FALSE(epoch_seconds("yesterday").has_value());
  EXPECT_FALSE(epoch_seconds("2026-02-30T00:00:00Z").has_value());
  EXPECT_EQ(utc_text(*epoch_seconds("2026-12-04T22:50:32+01:00")), "2026-12-04T21:50:32Z");
}

}  // namespace
}  // namespace shmbench
