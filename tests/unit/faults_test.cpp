// parse_faults (scenarios/lifecycle/faults.hpp) and the planted slowdown's stretch of a
// timed span (scenarios/lifecycle/timed.hpp).
#include "scenarios/lifecycle/faults.hpp"

#include <gtest/gtest.h>

#include <string>

#include "scenarios/lifecycle/timed.hpp"

namespace shmbench::lifecycle {
namespace {

Faults parsed(const std::string& text) {
  std::string why;
  const auto faults = parse_faults(text, why);
  EXPECT_TRUE(faults.has_value()) << text << ": " << why;
  return faults.value_or(Faults{});
}

std::string refusal(const std::string& text) {
  std::string why;
  EXPECT_FALSE(parse_faults(text, why).has_value()) << text;
  return why;
}

TEST(Faults, NoFaultIsEmpty) {
  const Faults none = parsed("");
  EXPECT_FALSE(none.writer_crash || none.reader_crash || none.writer_hang || none.ignore_exit);
  EXPECT_FALSE(none.slowed.has_value());
  EXPECT_EQ(none.stretch(Operation::copy), 0);
}

TEST(Faults, NamedFaults) {
  EXPECT_TRUE(parsed("writer-crash").writer_crash);
  EXPECT_TRUE(parsed("reader-crash").reader_crash);
  EXPECT_TRUE(parsed("writer-hang").writer_hang);
  EXPECT_TRUE(parsed("ignore-exit").ignore_exit);
}

TEST(Faults, PlantedSlowdownAppliesToItsOperationOnly) {
  const Faults slow = parsed("slow:copy:10");
  ASSERT_TRUE(slow.slowed.has_value());
  EXPECT_EQ(*slow.slowed, Operation::copy);
  EXPECT_DOUBLE_EQ(slow.stretch(Operation::copy), 0.10);
  EXPECT_EQ(slow.stretch(Operation::read), 0);
  EXPECT_EQ(slow.stretch(Operation::copy_cold), 0);
  EXPECT_DOUBLE_EQ(parsed("slow:read_unverified:2.5").stretch(Operation::read_unverified), 0.025);
}

// slow:OP:0 is the baseline's side of a planted comparison: the same fault table, no
// slowdown.
TEST(Faults, AZeroSlowdownNamesTheOperationAndStretchesNothing) {
  const Faults zero = parsed("slow:copy:0");
  EXPECT_EQ(zero.slowed, Operation::copy);
  EXPECT_EQ(zero.stretch(Operation::copy), 0);
}

TEST(Faults, BadValuesAreRefusedWithAReason) {
  EXPECT_NE(refusal("explode").find("not a fault"), std::string::npos);
  EXPECT_NE(refusal("slow:cpy:10").find("'cpy' is not an operation"), std::string::npos);
  EXPECT_NE(refusal("slow:copy").find("slow:OPERATION:PERCENT"), std::string::npos);
  for (const char* bad : {"slow:copy:", "slow:copy:-5", "slow:copy:ten", "slow:copy:10%",
                          "slow:copy:1001", "slow:copy:nan", "slow:copy:inf"})
    EXPECT_NE(refusal(bad).find("percentage"), std::string::npos) << bad;
}

// The stretch is spun out inside the span: a span that really takes at least 200 us
// comes back at least twice that with stretch 1. (A lower bound by construction, not a
// timing assertion: the spin ends only once the target has passed.)
TEST(Faults, StretchedSpanLastsLonger) {
  const Timer& timer = Timer::get();
  const auto spin_200us = [&] {
    const std::uint64_t start = timer.now();
    while (timer.ns_between(start, timer.now()) < 200'000) {
    }
  };
  EXPECT_GE(timed(spin_200us), 200'000);
  EXPECT_GE(timed(spin_200us, 1.0), 400'000);
}

}  // namespace
}  // namespace shmbench::lifecycle
