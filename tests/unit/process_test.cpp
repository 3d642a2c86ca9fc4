// The process layer against a real child (shmbench-test-child, built beside this
// binary): the stop sequence ends at the step the child allows, a child that ignores
// every request is still stopped within its deadlines, and a wait over several children
// reports which one answered, closed or stayed silent.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/utf8.hpp"
#include "os/process.hpp"
#include "support/sibling_program.hpp"

namespace shmbench {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

std::string child_path() { return test::sibling_program("shmbench-test-child"); }

std::unique_ptr<ChildProcess> start_child(const std::vector<std::string>& args) {
  auto child = ChildProcess::start(child_path(), args);
  EXPECT_TRUE(child.ok()) << (child.ok() ? "" : child.error().describe());
  return child.ok() ? std::move(child.value()) : nullptr;
}

// Generous: Wine on a loaded two-core machine can take seconds to start or end a process.
constexpr milliseconds kPatience = seconds(30);

TEST(ProcessStop, ChildThatAnswersTheGoodbyeEndsAtTheAskStep) {
  auto child = start_child({"echo"});
  ASSERT_TRUE(child);
  StopDeadlines deadlines;
  deadlines.ask = kPatience;
  const StopOutcome outcome = child->stop("exit", deadlines);
  EXPECT_EQ(outcome.step, StopStep::asked) << to_string(outcome.step);
  ASSERT_TRUE(outcome.status.has_value());
  EXPECT_EQ(outcome.status->code, 0);
}

TEST(ProcessStop, ChildThatIgnoresTheGoodbyeEndsAtEndOfFile) {
  auto child = start_child({"echo"});
  ASSERT_TRUE(child);
  StopDeadlines deadlines;
  deadlines.ask = milliseconds(200);
  deadlines.terminate = kPatience;
  const StopOutcome outcome = child->stop("goodbye", deadlines);
  EXPECT_EQ(outcome.step, StopStep::terminated) << to_string(outcome.step);
  EXPECT_TRUE(outcome.status.has_value());
}

TEST(ProcessStop, ChildThatIgnoresExitIsStoppedWithinItsDeadline) {
  auto child = start_child({"stubborn"});
  ASSERT_TRUE(child);
  std::string line;
  ASSERT_EQ(child->read_line(line, kPatience), ChildProcess::ReadResult::line);  // SIGTERM is ignored from here on
  ASSERT_EQ(line, "ready");

  StopDeadlines deadlines;
  deadlines.ask = milliseconds(500);
  deadlines.terminate = milliseconds(500);
  deadlines.kill = seconds(5);
  const auto start = std::chrono::steady_clock::now();
  const StopOutcome outcome = child->stop("exit", deadlines);
  const auto elapsed = std::chrono::steady_clock::now() - start;

  EXPECT_EQ(outcome.step, StopStep::killed) << to_string(outcome.step);
  ASSERT_TRUE(outcome.status.has_value());
  // A correctness deadline, not a speed target: the deadlines plus ample slack.
  EXPECT_LT(elapsed, deadlines.ask + deadlines.terminate + deadlines.kill + seconds(10));
}

TEST(ProcessStop, ChildThatHasExitedIsReportedAsSuch) {
  auto child = start_child({"quit", "3"});
  ASSERT_TRUE(child);
  ASSERT_TRUE(child->wait(kPatience).has_value());
  const StopOutcome outcome = child->stop("exit");
  EXPECT_EQ(outcome.step, StopStep::already_exited) << to_string(outcome.step);
  ASSERT_TRUE(outcome.status.has_value());
  EXPECT_EQ(outcome.status->code, 3);
}

TEST(ProcessStop, DestructorEndsAChildThatIgnoresExit) {
  auto child = start_child({"stubborn"});
  ASSERT_TRUE(child);
  std::string line;
  ASSERT_EQ(child->read_line(line, kPatience), ChildProcess::ReadResult::line);
  const long pid = child->pid();
  child.reset();
  EXPECT_FALSE(process_alive(pid));
}

// A process's start, as leftovers judge a pid by it (process_alive_since): a child started
// now started within the time it took to start it, and a pid is not the same process as
// at a time before it started (a dead run's pid that came round again).
TEST(ProcessStart, IsReadOnTheWallClockAndTellsAPidThatCameRoundAgain) {
  const auto unix_ms = [] {
    return std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  };
  const std::int64_t before = unix_ms();
  auto child = start_child({"echo"});
  ASSERT_TRUE(child);
  const std::int64_t after = unix_ms();
  const auto started = process_start_unix_ms(child->pid());
  ASSERT_TRUE(started.has_value());
  // The clocks' rounding (Linux counts a start in ticks of 10 ms) and no more.
  EXPECT_GE(*started, before - 1000);
  EXPECT_LE(*started, after + 1000);
  EXPECT_TRUE(process_alive_since(child->pid(), after));
  EXPECT_TRUE(process_alive_since(child->pid(), 0)) << "a time not known leaves it to process_alive";
  EXPECT_FALSE(process_alive_since(child->pid(), before - 3'600'000)) << "an hour before it started";
  const long pid = child->pid();
  child->stop("exit");
  EXPECT_FALSE(process_alive_since(pid, after));
}

TEST(ProcessReadLine, ReturnsLinesThatArrivedTogetherOneByOne) {
  auto child = start_child({"echo"});
  ASSERT_TRUE(child);
  ASSERT_TRUE(child->write_line("one\ntwo").ok());
  std::string line;
  ASSERT_EQ(child->read_line(line, kPatience), ChildProcess::ReadResult::line);
  EXPECT_EQ(line, "one");
  ASSERT_EQ(child->read_line(line, kPatience), ChildProcess::ReadResult::line);
  EXPECT_EQ(line, "two");
}

TEST(ProcessReadAnyLine, ReturnsTheChildThatPrintedFirstThenTheOthers) {
  // The middle child prints by itself; the others only when written to.
  auto quiet_a = start_child({"echo"});
  auto talker = start_child({"after", "200", "first"});
  auto quiet_b = start_child({"echo"});
  ASSERT_TRUE(quiet_a && talker && quiet_b);
  const std::vector<ChildProcess*> children = {quiet_a.get(), talker.get(), quiet_b.get()};

  AnyLine got = read_any_line(children, kPatience);
  ASSERT_EQ(got.kind, AnyLine::Kind::line);
  EXPECT_EQ(got.index, 1u);
  EXPECT_EQ(got.line, "first");

  ASSERT_TRUE(quiet_b->write_line("second").ok());
  got = read_any_line(children, kPatience);
  ASSERT_EQ(got.kind, AnyLine::Kind::line);
  EXPECT_EQ(got.index, 2u);
  EXPECT_EQ(got.line, "second");

  ASSERT_TRUE(quiet_a->write_line("third").ok());
  got = read_any_line(children, kPatience);
  ASSERT_EQ(got.kind, AnyLine::Kind::line);
  EXPECT_EQ(got.index, 0u);
  EXPECT_EQ(got.line, "third");
}

TEST(ProcessReadAnyLine, ReportsAClosedChildAsClosed) {
  auto silent = start_child({"echo"});
  auto quitter = start_child({"quit", "0"});
  ASSERT_TRUE(silent && quitter);
  const AnyLine got = read_any_line({silent.get(), quitter.get()}, kPatience);
  EXPECT_EQ(got.kind, AnyLine::Kind::closed);
  EXPECT_EQ(got.index, 1u);
  std::string line;
  EXPECT_EQ(quitter->read_line(line, milliseconds(0)), ChildProcess::ReadResult::closed) << "closed stays closed";
}

TEST(ProcessReadAnyLine, ReportsSilenceAsTimeout) {
  auto first = start_child({"echo"});
  auto second = start_child({"echo"});
  ASSERT_TRUE(first && second);
  EXPECT_EQ(read_any_line({first.get(), second.get()}, milliseconds(200)).kind, AnyLine::Kind::timeout);
  std::string line;
  EXPECT_EQ(first->read_line(line, milliseconds(0)), ChildProcess::ReadResult::timeout);
}

// A driven program's complaints reach its driver: with ChildStderr::with_stdout the
// child's stderr line arrives on the same pipe as its stdout, after it.
TEST(ProcessStart, StderrCanJoinTheStdoutPipe) {
  auto child = ChildProcess::start(child_path(), {"complain", "bad input here"}, ChildStderr::with_stdout);
  ASSERT_TRUE(child.ok()) << child.error().describe();
  std::string line;
  ASSERT_EQ(child.value()->read_line(line, kPatience), ChildProcess::ReadResult::line);
  EXPECT_EQ(line, "out");
  ASSERT_EQ(child.value()->read_line(line, kPatience), ChildProcess::ReadResult::line);
  EXPECT_EQ(line, "bad input here");
  EXPECT_EQ(child.value()->read_line(line, kPatience), ChildProcess::ReadResult::closed);
  const auto status = child.value()->wait(kPatience);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->code, 2);
}

// Command lines carry UTF-8 both ways: a program whose path holds spaces and characters
// outside every ANSI code page starts, and arguments like it arrive intact (on Windows
// through CreateProcessW and the child's wide command line).
TEST(ProcessStart, NonAsciiProgramPathAndArgumentsArriveIntact) {
  namespace fs = std::filesystem;
  const std::string folder_name = "shmbench proc \xC3\xA9 \xCE\xBB \xE6\x97\xA5\xE6\x9C\xAC";  // é λ 日本
  const fs::path folder = fs::temp_directory_path() / path_from_utf8(folder_name + " " + std::to_string(current_pid()));
  std::error_code ec;
  fs::remove_all(folder, ec);
  ASSERT_TRUE(fs::create_directories(folder, ec)) << ec.message();
  const fs::path source = path_from_utf8(child_path());
  const fs::path copy = folder / path_from_utf8("child \xC3\xA9" + utf8_from_path(source.extension()));
  ASSERT_TRUE(fs::copy_file(source, copy, ec)) << ec.message();
  const std::vector<std::string> sent = {"plain", "with space", "\xC3\xA9\xC3\xA8 \xCE\xBB\xCE\xBC \xE6\x97\xA5\xE6\x9C\xAC",
                                         "quote \" inside", "trailing backslash\\"};
  std::vector<std::string> args = {"args"};
  args.insert(args.end(), sent.begin(), sent.end());
  {
    auto child = ChildProcess::start(utf8_from_path(copy), args);
    ASSERT_TRUE(child.ok()) << child.error().describe();
    for (const auto& expected : sent) {
      std::string line;
      ASSERT_EQ(child.value()->read_line(line, kPatience), ChildProcess::ReadResult::line);
      EXPECT_EQ(line, expected);
    }
    const auto status = child.value()->wait(kPatience);
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->code, 0);
  }
  fs::remove_all(folder, ec);
}

// A child started on some CPUs runs only there (ab --mode duet gives each side its own).
TEST(ProcessStart, AChildStartedOnOneCpuRunsOnlyThere) {
  auto child = ChildProcess::start(child_path(), {"cpus"}, ChildStderr::shared, {0});
  ASSERT_TRUE(child.ok()) << child.error().describe();
  std::string line;
  ASSERT_EQ(child.value()->read_line(line, kPatience), ChildProcess::ReadResult::line);
  EXPECT_EQ(line, "0");
  const auto status = child.value()->wait(kPatience);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->code, 0);
}

// A file that is not a program cannot be started: start() says so (Linux: the child's
// failed execv comes back through a pipe; Windows: CreateProcessW refuses it), rather
// than handing back a child that exits 127 at once.
TEST(ProcessStart, AFileThatIsNotAProgramIsAnErrorOfStart) {
  namespace fs = std::filesystem;
  const fs::path file = fs::temp_directory_path() / ("shmbench-not-a-program-" + std::to_string(current_pid()) + ".exe");
  { std::ofstream(file) << "this is text, not a program\n"; }
  fs::permissions(file, fs::perms::owner_all, fs::perm_options::add);
  auto child = ChildProcess::start(utf8_from_path(file), {"echo"});
  EXPECT_FALSE(child.ok()) << "started a text file as a program";
  std::error_code ec;
  fs::remove(file, ec);
}

// Children started at the same moment from several threads must not inherit each
// other's pipe ends: each one's stdout closes when that child ends, while the others
// still run.
TEST(ProcessStart, ChildrenStartedTogetherFromThreadsShareNoPipes) {
  constexpr int kChildren = 6;
  std::vector<std::unique_ptr<ChildProcess>> children(kChildren);
  std::vector<std::thread> starters;
  for (int i = 0; i < kChildren; ++i)
    starters.emplace_back([&children, i] {
      auto child = ChildProcess::start(child_path(), {"echo"});
      if (child.ok()) children[static_cast<std::size_t>(i)] = std::move(child.value());
    });
  for (auto& starter : starters) starter.join();
  for (const auto& child : children) ASSERT_TRUE(child);

  StopDeadlines deadlines;
  deadlines.terminate = kPatience;
  for (auto& child : children) {
    // Closing stdin is enough only if no sibling holds a copy of its write end.
    EXPECT_EQ(child->stop("", deadlines).step, StopStep::terminated);
    std::string line;
    EXPECT_EQ(child->read_line(line, kPatience), ChildProcess::ReadResult::closed)
        << "a sibling holds this child's stdout open";
  }
}

}  // namespace
}  // namespace shmbench
