// What the command line asks to measure (harness/cli/selection.hpp): backends, sizes and
// suite, checked the same way by shmbench and shmbench-micro. The SystemInfo is made up
// here, so nothing depends on the machine the tests run on.
#include "cli/selection.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "common/platform.hpp"

namespace shmbench {
namespace {

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = 1024 * kKiB;
constexpr std::uint64_t kGiB = 1024 * kMiB;

#if defined(SHMBENCH_OS_WINDOWS)
const char* const kNative = "win32";
const char* const kForeign = "posix";
const char* const kVariant = "win32-reserve";
const char* const kForeignVariant = "memfd";
#else
const char* const kNative = "posix";
const char* const kForeign = "win32";
const char* const kVariant = "memfd";
const char* const kForeignVariant = "win32-reserve";
#endif

SystemInfo machine_with(std::uint64_t physical_memory) {
  SystemInfo system;
  system.os = SHMBENCH_OS_NAME;
  system.page_size = 4096;
  system.allocation_granularity = 65536;
  system.physical_memory = physical_memory;
  system.num_cpus = 2;
  return system;
}

// The BadInput message `call` throws ("" with a failure when it does not throw).
template <typename Call>
std::string bad_input_of(Call call) {
  try {
    call();
  } catch (const BadInput& bad) {
    EXPECT_FALSE(bad.message.empty());
    return bad.message;
  }
  ADD_FAILURE() << "no BadInput thrown";
  return "";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(SelectBackends, EmptyOptionMeansEveryDefaultBackendHere) {
  const BackendChoice choice = select_backends("");
  EXPECT_EQ(choice.chosen, default_backends());
  EXPECT_EQ(std::find(choice.chosen.begin(), choice.chosen.end(), kVariant), choice.chosen.end());
  // Asked for, the variants are there too; where they are all, without asking.
  EXPECT_EQ(select_backends("", Variants::allowed).chosen, default_backends());
  EXPECT_EQ(select_backends("", Variants::all).chosen, available_backends());
  EXPECT_TRUE(choice.skipped.empty());
  EXPECT_NE(std::find(choice.chosen.begin(), choice.chosen.end(), kNative), choice.chosen.end());
  EXPECT_NE(std::find(choice.chosen.begin(), choice.chosen.end(), "heap"), choice.chosen.end());
  EXPECT_EQ(std::find(choice.chosen.begin(), choice.chosen.end(), kForeign), choice.chosen.end());
}

TEST(SelectBackends, ForeignBackendIsSkippedNotRefused) {
  const BackendChoice choice = select_backends(std::string(kForeign) + ",heap," + kNative);
  EXPECT_EQ(choice.chosen, (std::vector<std::string>{"heap", kNative}));
  EXPECT_EQ(choice.skipped, (std::vector<std::string>{kForeign}));
}

TEST(SelectBackends, VariantsAreTakenOnlyWhereAllowed) {
  EXPECT_EQ(select_backends(std::string(kVariant) + ",heap", Variants::allowed).chosen,
            (std::vector<std::string>{kVariant, "heap"}));
  // Refused where a command has no variants (transfer, stress, micro), naming it.
  EXPECT_TRUE(contains(bad_input_of([] { select_backends(kVariant); }), kVariant));
  // The other platform's variant is skipped like its other backends.
  const BackendChoice choice = select_backends(std::string(kForeignVariant) + ",heap", Variants::allowed);
  EXPECT_EQ(choice.skipped, (std::vector<std::string>{kForeignVariant}));
  const std::vector<std::string> defaults = default_backends();
  for (const auto& name : available_backends())
    EXPECT_EQ(is_variant(name), std::find(defaults.begin(), defaults.end(), name) == defaults.end()) << name;
}

TEST(SelectBackends, UnknownBackendIsBadInputNamingIt) {
  const std::string message = bad_input_of([] { select_backends("heap,shmem-turbo"); });
  EXPECT_TRUE(contains(message, "shmem-turbo")) << message;
  EXPECT_TRUE(contains(message, "heap")) << "should list what is available: " << message;
  // Names are exact: no case folding.
  EXPECT_TRUE(contains(bad_input_of([] { select_backends("HEAP"); }), "HEAP"));
}

TEST(SelectBackends, DuplicatesAreMeasuredOnceInTheGivenOrder) {
  const BackendChoice choice =
      select_backends(std::string("heap,boost-portable,heap,") + kForeign + "," + kForeign + ",boost-portable");
  EXPECT_EQ(choice.chosen, (std::vector<std::string>{"heap", "boost-portable"}));
  EXPECT_EQ(choice.skipped, (std::vector<std::string>{kForeign}));
}

TEST(SelectBackends, OnlyForeignBackendsIsBadInput) {
  const std::string message = bad_input_of([] { select_backends(kForeign); });
  EXPECT_TRUE(contains(message, SHMBENCH_OS_NAME)) << message;
#if defined(SHMBENCH_OS_WINDOWS)
  bad_input_of([] { select_backends("posix,posix"); });
#else
  bad_input_of([] { select_backends("win32,boost-windows"); });
#endif
}

TEST(SelectSizes, EmptyOptionMeansTheSuiteSizes) {
  const Suite suite = select_suite("quick");
  EXPECT_EQ(select_sizes("", suite, machine_with(16 * kGiB)), suite.sizes);
}

TEST(SelectSizes, DuplicatesAreMeasuredOnceInTheGivenOrder) {
  const Suite suite = select_suite("quick");
  EXPECT_EQ(select_sizes("4KiB,4096", suite, machine_with(16 * kGiB)), (std::vector<std::uint64_t>{4096}));
  EXPECT_EQ(select_sizes("1MiB,4KiB,1024KiB,4096,64KiB", suite, machine_with(16 * kGiB)),
            (std::vector<std::uint64_t>{kMiB, 4 * kKiB, 64 * kKiB}));
}

TEST(SelectSizes, SizeBeyondHalfThePhysicalMemoryIsBadInput) {
  const Suite suite = select_suite("quick");
  const SystemInfo one_gib = machine_with(kGiB);
  EXPECT_EQ(select_sizes("512MiB", suite, one_gib), (std::vector<std::uint64_t>{512 * kMiB}));  // exactly half fits
  const std::string message = bad_input_of([&] { select_sizes("4KiB,513MiB", suite, one_gib); });
  EXPECT_TRUE(contains(message, "513MiB")) << message;
  EXPECT_TRUE(contains(message, "1024MiB")) << "should say how much the machine has: " << message;
  // The suite's own sizes are checked as well: the default suite's 256MiB needs 512MiB.
  bad_input_of([&] { select_sizes("", select_suite("default"), machine_with(256 * kMiB)); });
}

TEST(SelectSizes, UnparsableSizeIsBadInput) {
  const Suite suite = select_suite("quick");
  const SystemInfo system = machine_with(16 * kGiB);
  EXPECT_TRUE(contains(bad_input_of([&] { select_sizes("4KiB,lots", suite, system); }), "--sizes")) ;
  bad_input_of([&] { select_sizes("4MB", suite, system); });  // ambiguous unit
  bad_input_of([&] { select_sizes("-4096", suite, system); });
  bad_input_of([&] { select_sizes("4KiB,,64KiB", suite, system); });
}

TEST(SelectSuite, KnownSuites) {
  EXPECT_EQ(select_suite("quick").name, "quick");
  EXPECT_EQ(select_suite("default").name, "default");
  EXPECT_FALSE(select_suite("quick").sizes.empty());
  EXPECT_GE(select_suite("default").repetitions, 9);
}

TEST(SelectSuite, UnknownSuiteIsBadInputNamingTheSuites) {
  const std::string message = bad_input_of([] { select_suite("exhaustive"); });
  EXPECT_TRUE(contains(message, "exhaustive")) << message;
  for (const Suite& suite : all_suites()) EXPECT_TRUE(contains(message, suite.name)) << message;
}

}  // namespace
}  // namespace shmbench
