// Helpers that keep bad input's answer honest: one_line (every message is one line of
// bounded length, whatever value it echoes), seconds_text, file_a_write_would_create (a
// write probe removes only what it created, never a user's file or link) and
// ancestor_that_is_no_folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "common/files.hpp"
#include "common/text.hpp"
#include "os/process.hpp"

namespace shmbench {
namespace {

namespace fs = std::filesystem;

TEST(OneLine, ShowsControlCharactersAsEscapes) {
  EXPECT_EQ(one_line("unknown backend 'posix\nx'"), "unknown backend 'posix\\nx'");
  EXPECT_EQ(one_line("a\rb\tc\x1b[31m"), "a\\rb\\tc\\x1b[31m");
  EXPECT_EQ(one_line("r\xC3\xA9sultat"), "r\xC3\xA9sultat");  // UTF-8 is kept as it is
}

TEST(OneLine, CutsALongMessageInItsMiddleAndSaysHowMuch) {
  const std::string shown = one_line("unknown backend '" + std::string(5000, 'b') + "' (available: heap)", 100);
  EXPECT_LE(shown.size(), 100u + 40u);
  EXPECT_EQ(shown.rfind("unknown backend 'b", 0), 0u);
  EXPECT_NE(shown.find("(available: heap)"), std::string::npos);
  EXPECT_NE(shown.find("bytes left out"), std::string::npos);
}

TEST(OneLine, NeverCutsAUtf8CharacterInTwo) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += "\xCE\xBB";  // λ, two bytes each
  const std::string shown = one_line(text, 101);
  const std::size_t cut = shown.find(" [... ");
  ASSERT_NE(cut, std::string::npos);
  EXPECT_EQ(cut % 2, 0u);
  EXPECT_EQ((shown.size() - shown.find("] ") - 2) % 2, 0u);
}

class WriteProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("shmbench-files-test-" + std::to_string(current_pid()));
    fs::create_directories(folder_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(folder_, ec);
  }
  fs::path folder_;
};

TEST_F(WriteProbeTest, AMissingFileIsTheOneAWriteCreates) {
  EXPECT_EQ(file_a_write_would_create(folder_ / "r.json"), folder_ / "r.json");
}

TEST_F(WriteProbeTest, AnExistingFileIsNotOursToRemove) {
  std::ofstream(folder_ / "r.json") << "{}";
  EXPECT_TRUE(file_a_write_would_create(folder_ / "r.json").empty());
}

// history check --db: a file where a folder must be is found; missing folders are not
// in the way (history add creates them).
TEST_F(WriteProbeTest, AFileWhereAFolderMustBeIsFound) {
  std::ofstream(folder_ / "notes.txt") << "notes";
  EXPECT_EQ(ancestor_that_is_no_folder(folder_ / "notes.txt" / "h.sqlite"), folder_ / "notes.txt");
  EXPECT_EQ(ancestor_that_is_no_folder(folder_ / "notes.txt" / "x" / "y" / "h.sqlite"), folder_ / "notes.txt");
  EXPECT_TRUE(ancestor_that_is_no_folder(folder_ / "new" / "x" / "h.sqlite").empty());
  EXPECT_TRUE(ancestor_that_is_no_folder(folder_ / "h.sqlite").empty());
  EXPECT_TRUE(ancestor_that_is_no_folder("h.sqlite").empty());
}

TEST(SecondsText, WholeSecondsAsSuchAndASubSecondTimeoutIsNotZero) {
  EXPECT_EQ(seconds_text(60), "60 s");
  EXPECT_EQ(seconds_text(2.5), "2.5 s");
  EXPECT_EQ(seconds_text(0.001), "0.001 s");
  EXPECT_EQ(seconds_text(0.0125), "0.0125 s");
}

#if !defined(_WIN32)  // symbolic links need a privilege on Windows
TEST_F(WriteProbeTest, ALinkStaysAndItsMissingTargetIsTheOneCreated) {
  fs::create_directories(folder_ / "d");
  fs::create_symlink("../target.json", folder_ / "d" / "link.json");
  fs::create_symlink("d/link.json", folder_ / "chain.json");
  EXPECT_EQ(file_a_write_would_create(folder_ / "chain.json"), folder_ / "d" / ".." / "target.json");
  std::ofstream(folder_ / "target.json") << "{}";
  EXPECT_TRUE(file_a_write_would_create(folder_ / "chain.json").empty());
}

TEST_F(WriteProbeTest, ALinkLoopCreatesNothing) {
  fs::create_symlink("loop.json", folder_ / "loop.json");
  EXPECT_TRUE(file_a_write_would_create(folder_ / "loop.json").empty());
}
#endif

}  // namespace
}  // namespace shmbench
