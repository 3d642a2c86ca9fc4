// Paths are UTF-8 text inside shmbench (common/utf8.hpp): a file made through
// path_from_utf8 is found under the same name by the file system, and its name read back
// through utf8_from_path is the text it was made from. (On Windows a narrow
// std::filesystem::path would have gone through the ANSI code page and lost λ and 日本.)
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "common/utf8.hpp"
#include "os/process.hpp"

namespace shmbench {
namespace {

namespace fs = std::filesystem;

// Written as escapes so the test does not depend on how the compiler reads the source.
const std::string kName = "r\xC3\xA9sultat \xCE\xBB \xE6\x97\xA5\xE6\x9C\xAC.json";  // résultat λ 日本.json

class Utf8PathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("shmbench-utf8-test-" + std::to_string(current_pid()));
    fs::create_directories(folder_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(folder_, ec);
  }
  fs::path folder_;
};

TEST_F(Utf8PathTest, AFileMadeFromUtf8IsListedUnderTheSameName) {
  { std::ofstream(folder_ / path_from_utf8(kName)) << "{}"; }
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder_)) names.push_back(utf8_from_path(entry.path().filename()));
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names.front(), kName);
}

TEST_F(Utf8PathTest, RoundTripKeepsEveryCharacter) {
  const std::string full = utf8_from_path(folder_) + "/" + kName;
  EXPECT_EQ(utf8_from_path(path_from_utf8(full)), full);
  EXPECT_EQ(utf8_from_path(path_from_utf8(kName).filename()), kName);
}

}  // namespace
}  // namespace shmbench
