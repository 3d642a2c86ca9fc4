// The transfer scenario over the message transports (harness/transports), end to end:
// every transport moves verified messages in every mode and wait strategy (or its row
// says "not available" where this system lacks it), a corrupt or stale message is caught
// and named, and a peer that dies or hangs ends the cell with an error row within
// --timeout, leaving no FIFO, socket file or message queue behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>
#include <string>

#include "shmbench_runs.hpp"
#include "transports/transport.hpp"

namespace shmbench {
namespace {

using namespace test;

const char* const kModes[] = {"pingpong", "stream"};
const char* const kStrategies[] = {"spin", "yield", "kernel"};
constexpr const char* kNotAvailable = "not available: ";

bool is_transport(const std::string& name) {
  const auto names = available_transports();
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string camel(const std::string& text) {
  std::string out;
  bool upper = true;
  for (char c : text) {
    if (c == '-') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

std::string subject_of(const std::string& row) {
  const auto first = row.find('/');
  return row.substr(first + 1, row.find('/', first + 1) - first - 1);
}

TEST(TransportQuick, EveryTransportMovesVerifiedMessagesAndLeavesNothing) {
  const RunOutcome run = run_shmbench({"run", "--suite", "transfer-quick", "--backends", "heap", "--transports", "all",
                                       "--repetitions", "2"},
                                      "transport-quick");
  ASSERT_EQ(run.exit_code, 0);
  ASSERT_TRUE(run.report.is_object());
  std::set<std::string> measured, missing;
  for (const auto& row : run.report.at("benchmarks")) {
    const std::string name = row.at("name");
    if (row.value("error_occurred", false)) {
      const std::string message = row.value("error_message", "");
      EXPECT_EQ(message.rfind(kNotAvailable, 0), 0u) << name << ": " << message;
      EXPECT_TRUE(is_transport(subject_of(name))) << name << ": only a transport may be not available";
      missing.insert(name);
    } else if (row.at("run_type") == "iteration") {
      measured.insert(name);
    }
  }
  for (const auto& transport : available_transports())
    for (const char* size : {"64", "4096", "1048576"})
      for (const char* mode : kModes)
        for (const char* strategy : kStrategies) {
          const std::string name = std::string(mode) + "_" + strategy + "/" + transport + "/" + size;
          EXPECT_TRUE(measured.count(name) || missing.count(name)) << name << " has no row";
#if !defined(_WIN32)
          // On Linux every transport carries 64 B and 4 KiB messages.
          if (std::string(size) != "1048576") {
            EXPECT_TRUE(measured.count(name)) << name << " was not measured";
          }
#endif
        }
  const auto& shm = run.report.at("context").at("shmbench");
  EXPECT_EQ(shm.at("config").at("transports").size(), available_transports().size());
  EXPECT_EQ(shm.at("transport_flags").size(), available_transports().size());
  EXPECT_EQ(leftovers_of(run.pid), std::vector<std::string>{});
}

// The transfer suite runs the transports up to 1 MiB (their 16 MiB cells cost minutes
// under Wine) and the mappings at every size; --sizes runs every subject at every size it
// names. One repetition: what is checked is which rows exist.
TEST(TransportSizes, TheSuiteStopsTheTransportsAt1MiBAndSizesOverrideIt) {
  const std::string transport = available_transports().front();
  const auto subjects_at = [](const RunOutcome& run, const std::string& size) {
    std::set<std::string> found;
    for (const auto& row : run.report.at("benchmarks")) {
      const std::string name = row.at("name");
      if (name.size() > size.size() && name.compare(name.size() - size.size() - 1, std::string::npos, "/" + size) == 0)
        found.insert(subject_of(name));
    }
    return found;
  };
  const RunOutcome suite = run_shmbench({"run", "--suite", "transfer", "--backends", "heap", "--transports", transport,
                                         "--repetitions", "1"},
                                        "transport-suite-sizes");
  ASSERT_EQ(suite.exit_code, 0);
  ASSERT_TRUE(suite.report.is_object());
  EXPECT_EQ(suite.report.at("context").at("shmbench").at("config").value("transport_max_size", 0), 1048576);
  EXPECT_EQ(subjects_at(suite, "1048576"), (std::set<std::string>{"heap", transport}));
  EXPECT_EQ(subjects_at(suite, "16777216"), std::set<std::string>{"heap"});
  const RunOutcome asked = run_shmbench({"run", "--suite", "transfer", "--backends", "heap", "--transports", transport,
                                         "--sizes", "16MiB", "--repetitions", "1"},
                                        "transport-asked-sizes");
  ASSERT_EQ(asked.exit_code, 0);
  ASSERT_TRUE(asked.report.is_object());
  EXPECT_FALSE(asked.report.at("context").at("shmbench").at("config").contains("transport_max_size"));
  EXPECT_EQ(subjects_at(asked, "16777216"), (std::set<std::string>{"heap", transport}));
  EXPECT_EQ(leftovers_of(suite.pid), std::vector<std::string>{});
  EXPECT_EQ(leftovers_of(asked.pid), std::vector<std::string>{});
}

// A message damaged (or never refilled) before the writer sent it is caught by the
// reader's verification and named: which message, which byte.
class TransportIntegrity : public ::testing::TestWithParam<std::tuple<std::string, const char*>> {};

TEST_P(TransportIntegrity, ADamagedMessageIsAnErrorRowNamingMessageAndOffset) {
  const std::string transport = std::get<0>(GetParam());
  const std::string fault = std::get<1>(GetParam());
  const RunOutcome run = run_shmbench({"run", "--suite", "transfer-quick", "--backends", "heap", "--transports", transport,
                                       "--sizes", "4KiB", "--repetitions", "2", "--inject-fault", fault},
                                      "transport-" + transport + "-" + fault);
  ASSERT_TRUE(run.report.is_object());
  int rows = 0, missing = 0;
  for (const auto& row : run.report.at("benchmarks")) {
    if (subject_of(row.at("name")) != transport) continue;
    ++rows;
    ASSERT_TRUE(row.value("error_occurred", false)) << row.at("name");
    const std::string message = row.at("error_message");
    if (message.rfind(kNotAvailable, 0) == 0) {
      ++missing;
      continue;
    }
    expect_damage_named(message, fault);  // stale: the writer's buffer still holds message 2
  }
  EXPECT_EQ(rows, 6);  // 2 modes x 3 strategies
  if (missing == rows) GTEST_SKIP() << transport << " is not available here";
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(leftovers_of(run.pid), std::vector<std::string>{});
}

INSTANTIATE_TEST_SUITE_P(Faults, TransportIntegrity,
                         ::testing::Combine(::testing::ValuesIn(available_transports()),
                                            ::testing::Values("corrupt-message", "stale-message")),
                         [](const auto& param) {
                           // "unix-stream" and "corrupt-message": UnixStreamCorrupt.
                           const std::string fault = std::get<1>(param.param);
                           return camel(std::get<0>(param.param)) + camel(fault.substr(0, fault.find('-')));
                         });

// A peer that dies or hangs mid-run: every transport's cell ends in an error row saying
// so, the run ends within a bound set by --timeout, and no named object is left.
class TransportPeerFault : public ::testing::TestWithParam<const char*> {};

TEST_P(TransportPeerFault, EndsEachCellWithAnErrorRowAndLeavesNothing) {
  const std::string fault = GetParam();
  const auto start = std::chrono::steady_clock::now();
  const RunOutcome run = run_shmbench({"run", "--suite", "transfer-quick", "--backends", "heap", "--transports", "all",
                                       "--sizes", "64", "--repetitions", "2", "--timeout", "4", "--inject-fault", fault},
                                      "transport-" + fault);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(run.exit_code, 3);
  ASSERT_TRUE(run.report.is_object());
  const bool hang = fault == "reader-hang";
  int rows = 0;
  for (const auto& row : run.report.at("benchmarks")) {
    const std::string name = row.at("name");
    if (name.rfind("memcpy/", 0) == 0) continue;  // the heap's memcpy row fails with its stream_spin cell
    ++rows;
    ASSERT_TRUE(row.value("error_occurred", false)) << name;
    const std::string message = row.at("error_message");
    if (message.rfind(kNotAvailable, 0) == 0) continue;
    // A hung reader: the writer gives up on it after half the --timeout, or, where its
    // wait cannot time out (a blocking ReadFile on a Windows anonymous pipe), the
    // controller kills both at the --timeout.
    const bool expected = hang ? message.find("the reader did not") != std::string::npos ||
                                     message.find("no answer within") != std::string::npos
                               : message.find("exited unexpectedly") != std::string::npos;
    EXPECT_TRUE(expected) << name << ": " << message;
  }
  const int subjects = 1 + static_cast<int>(available_transports().size());
  EXPECT_EQ(rows, 6 * subjects);
  // Each hung cell costs at most the --timeout; cells run one after another.
  EXPECT_LT(elapsed, std::chrono::seconds(hang ? 6 * subjects * 4 + 60 : 90));
  EXPECT_EQ(leftovers_of(run.pid), std::vector<std::string>{});
}

INSTANTIATE_TEST_SUITE_P(Peers, TransportPeerFault, ::testing::Values("reader-crash", "writer-crash", "reader-hang"),
                         fault_test_name);

}  // namespace
}  // namespace shmbench
