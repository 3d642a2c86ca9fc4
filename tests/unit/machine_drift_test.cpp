// The machine's own drift over a run (report/machine_drift.*): the median over the
// figures of their thirds drift, and the warning beyond ±3 %.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "report/machine_drift.hpp"

namespace shmbench {
namespace {

// A figure of 27 repetitions whose last third takes `last_over_first` times the first's time.
BenchmarkStats figure(double last_over_first) {
  BenchmarkStats stats;
  for (int rep = 0; rep < 27; ++rep) stats.ns.push_back(rep < 18 ? 1000.0 : 1000.0 * last_over_first);
  return stats;
}

Analysis analysis_of(const std::vector<double>& last_over_first) {
  Analysis analysis;
  for (double factor : last_over_first) analysis.benchmarks.push_back(figure(factor));
  return analysis;
}

TEST(MachineDrift, TheMedianFigureSaysHowTheMachineMoved) {
  // 12 figures: 8 of them 20 % slower at the end, 2 steady, 2 faster by 15 %.
  const auto drift = machine_drift(analysis_of({1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.0, 1.0, 0.85, 0.85}));
  ASSERT_TRUE(drift.has_value());
  EXPECT_NEAR(drift->median, 0.2, 1e-12);
  EXPECT_EQ(drift->figures, 12);
  EXPECT_EQ(drift->slower, 8);
  EXPECT_EQ(drift->faster, 2);
  const std::string text = machine_drift_warning(*drift);
  EXPECT_NE(text.find("the machine ran 20.0 % slower in the last third of the run than in the first (the median of 12 "
                      "figures; 8 more than 10 % slower, 2 faster)"),
            std::string::npos)
      << text;
}

TEST(MachineDrift, FiguresMovingEachTheirOwnWayDoNotWarn) {
  // Half 20 % slower, half 20 % faster: each figure drifted, the machine did not.
  const auto drift = machine_drift(analysis_of({1.2, 0.8, 1.2, 0.8, 1.2, 0.8, 1.2, 0.8, 1.2, 0.8, 1.0}));
  ASSERT_TRUE(drift.has_value());
  EXPECT_NEAR(drift->median, 0.0, 1e-12);
  EXPECT_EQ(machine_drift_warning(*drift), "");
}

TEST(MachineDrift, WarnsBeyondThreePercentEitherWay) {
  std::vector<double> faster(10, 0.96), slightly(10, 1.02);
  const auto fast = machine_drift(analysis_of(faster));
  ASSERT_TRUE(fast.has_value());
  EXPECT_NE(machine_drift_warning(*fast).find("ran 4.0 % faster"), std::string::npos) << machine_drift_warning(*fast);
  const auto slight = machine_drift(analysis_of(slightly));
  ASSERT_TRUE(slight.has_value());
  EXPECT_EQ(machine_drift_warning(*slight), "");
}

TEST(MachineDrift, TooFewFiguresOrRepetitionsSayNothing) {
  EXPECT_FALSE(machine_drift(analysis_of(std::vector<double>(9, 1.3))).has_value());
  // Figures of 9 repetitions (the quick suite) have no thirds drift.
  Analysis quick;
  for (int i = 0; i < 20; ++i) {
    BenchmarkStats stats;
    stats.ns.assign(9, 1000);
    quick.benchmarks.push_back(stats);
  }
  EXPECT_FALSE(machine_drift(quick).has_value());
}

}  // namespace
}  // namespace shmbench
