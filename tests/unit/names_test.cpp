// RunNames / owner_pid_of (harness/backends/names.hpp).
#include "backends/names.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

#include "common/bad_input.hpp"
#include "os/process.hpp"

#if !defined(_WIN32)
#include <stdlib.h>
#endif

namespace shmbench {
namespace {

bool all_digits(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

bool all_lower_hex(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text)
    if (!std::isdigit(static_cast<unsigned char>(c)) && (c < 'a' || c > 'f')) return false;
  return true;
}

TEST(RunNames, PrefixIsShmbenchPidAndEightHexDigits) {
  const RunNames names;
  const std::string& prefix = names.prefix();
  const std::string pid_part = "shmbench-" + std::to_string(current_pid()) + "-";
  ASSERT_EQ(prefix.rfind(pid_part, 0), 0u) << prefix;
  const std::string token_part = prefix.substr(pid_part.size());
  // "<8 hex>-"
  ASSERT_EQ(token_part.size(), 9u) << prefix;
  EXPECT_TRUE(all_lower_hex(token_part.substr(0, 8))) << prefix;
  EXPECT_EQ(token_part.back(), '-') << prefix;
}

TEST(RunNames, NextAppendsACounterFromZero) {
  RunNames names;
  EXPECT_EQ(names.next(), names.prefix() + "0");
  EXPECT_EQ(names.next(), names.prefix() + "1");
  EXPECT_EQ(names.next(), names.prefix() + "2");
}

TEST(RunNames, NamesAreUniqueWithinARun) {
  RunNames names;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string name = names.next();
    EXPECT_TRUE(seen.insert(name).second) << name << " handed out twice";
    EXPECT_EQ(name.rfind(names.prefix(), 0), 0u) << name;
    EXPECT_TRUE(all_digits(name.substr(names.prefix().size()))) << name;
  }
}

TEST(RunNames, TwoRunsInOneProcessGetDifferentTokens) {
  // Same pid, so only the random token keeps them apart (a deterministic
  // std::random_device would make this fail every time). The chance of a genuine
  // collision is 2^-32.
  const RunNames first;
  const RunNames second;
  EXPECT_NE(first.prefix(), second.prefix());
}

TEST(RunNames, NamesAreSafeForEveryBackend) {
  // POSIX names are one path component; Win32 names must not contain a backslash;
  // the Win32 backends widen byte by byte, so names must be ASCII.
  RunNames names;
  const std::string name = names.next();
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    EXPECT_TRUE(std::isalnum(u) || c == '-') << "'" << c << "' in " << name;
  }
  EXPECT_LT(name.size(), 64u) << name;
}

TEST(OwnerPidOf, ParsesOurOwnNames) {
  RunNames names;
  const auto pid = owner_pid_of(names.next());
  ASSERT_TRUE(pid.has_value());
  EXPECT_EQ(*pid, current_pid());
  EXPECT_EQ(owner_pid_of(names.prefix()), current_pid());
}

TEST(OwnerPidOf, ParsesAnyWellFormedName) {
  EXPECT_EQ(owner_pid_of("shmbench-4242-1a2b3c4d-7"), 4242);
  EXPECT_EQ(owner_pid_of("shmbench-1-00000000-0"), 1);
}

TEST(OwnerPidOf, RejectsOthers) {
  for (const char* name : {"", "shmbench", "shmbench-", "shmbench--1a2b3c4d-0", "shmbench-abc-1a2b3c4d-0",
                           "shmbench-4242", "shmbench-4242x-1a2b3c4d-0", "other-4242-1a2b3c4d-0",
                           "Shmbench-4242-1a2b3c4d-0", "xshmbench-4242-1a2b3c4d-0", "sem.shmbench-4242-1a2b3c4d-0",
                           "shmbench-123456789012-1a2b3c4d-0", "shmbench-notapid-x", "shmbench-4242-x",
                           "shmbench-4242-1A2B3C4D-0", "shmbench-4242-1a2b3c4-0", "shmbench-4242-1a2b3c4d",
                           "shmbench-4242-1a2b3c4dx-0", "shmbenchX-4242-1a2b3c4d-0"})
    EXPECT_FALSE(owner_pid_of(name).has_value()) << "'" << name << "' was taken for one of ours";
}

// SHMBENCH_TEST_NAME_TOKEN (test only) fixes the token; anything but 8 lowercase hex
// digits is bad input.
void set_token_variable(const char* value) {
#if defined(_WIN32)
  _putenv_s(kTestNameTokenVariable, value);
#else
  if (*value == '\0') ::unsetenv(kTestNameTokenVariable);
  else ::setenv(kTestNameTokenVariable, value, 1);
#endif
}

TEST(RunNames, TestTokenVariableFixesTheToken) {
  set_token_variable("0badcafe");
  const RunNames names;
  set_token_variable("");
  EXPECT_EQ(names.prefix(), "shmbench-" + std::to_string(current_pid()) + "-0badcafe-");
}

TEST(RunNames, TestTokenVariableMustBeEightLowercaseHexDigits) {
  for (const char* bad : {"0BADCAFE", "0badcaf", "0badcafe0", "xyzxyzxy", "0bad-afe"}) {
    set_token_variable(bad);
    EXPECT_THROW(RunNames(), BadInput) << bad;
  }
  set_token_variable("");
}

}  // namespace
}  // namespace shmbench
