// The values of `shmbench compare`'s flags (harness/cli/compare_command.hpp): the threshold
// is a percentage with or without '%', alpha lies in (0, 1), and anything else is one
// BadInput line naming the flag.
#include "cli/compare_command.hpp"

#include <gtest/gtest.h>

#include <string>

#include "common/bad_input.hpp"

namespace shmbench {
namespace {

TEST(CompareFlags, ThresholdIsAPercentage) {
  EXPECT_DOUBLE_EQ(parse_threshold_percent("5"), 0.05);
  EXPECT_DOUBLE_EQ(parse_threshold_percent("5%"), 0.05);
  EXPECT_DOUBLE_EQ(parse_threshold_percent("2.5%"), 0.025);
  EXPECT_DOUBLE_EQ(parse_threshold_percent("0.05"), 0.0005);  // a percentage, never a fraction
  EXPECT_DOUBLE_EQ(parse_threshold_percent("0"), 0);
  for (const std::string bad : {"-1", "-1%", "five", "", "%", "5%%", " 5", "5 ", "nan", "inf", "1e999"}) {
    try {
      parse_threshold_percent(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const BadInput& e) {
      EXPECT_EQ(e.message, "--threshold '" + bad + "': expected a percentage of at least 0, such as 5 or 5%");
    }
  }
}

TEST(CompareFlags, AlphaLiesBetweenZeroAndOne) {
  EXPECT_DOUBLE_EQ(parse_alpha("0.05"), 0.05);
  EXPECT_DOUBLE_EQ(parse_alpha("0.001"), 0.001);
  for (const std::string bad : {"0", "1", "1.5", "-0.05", "5%", "x", ""})
    EXPECT_THROW(parse_alpha(bad), BadInput) << bad;
}

TEST(CompareFlags, TheDefaultsAreHolmFivePercentAndAlphaFivePercent) {
  const CompareOptions options = compare_options(ComparisonFlags{});
  EXPECT_EQ(options.correction, Correction::holm);
  EXPECT_EQ(options.metric, MetricChoice::automatic);
  EXPECT_DOUBLE_EQ(options.alpha, 0.05);
  EXPECT_DOUBLE_EQ(options.threshold, 0.05);
  EXPECT_EQ(output_format(ComparisonFlags{}), OutputFormat::table);
}

TEST(CompareFlags, UnknownNamesAreBadInput) {
  ComparisonFlags flags;
  flags.correction = "bonferroni";
  EXPECT_THROW(compare_options(flags), BadInput);
  flags = {};
  flags.metric = "latency";
  EXPECT_THROW(compare_options(flags), BadInput);
  flags = {};
  flags.format = "html";
  EXPECT_THROW(output_format(flags), BadInput);
}

}  // namespace
}  // namespace shmbench
