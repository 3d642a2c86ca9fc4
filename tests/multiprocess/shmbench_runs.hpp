// What the multiprocess tests share: run the real "shmbench" as a user would, into a
// report folder of this test process's own, and look for what a run left behind.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "backends/backend.hpp"
#include "backends/leftovers.hpp"
#include "os/process.hpp"
#include "support/sibling_program.hpp"

namespace shmbench::test {

using nlohmann::json;

inline std::string shmbench_path() { return test::sibling_program("shmbench"); }

// Starts shmbench with `args`, three tries a tenth of a second apart: Wine's CreateProcess
// now and then refuses a start (error 1359, "internal error") that succeeds a moment
// later. shmbench retries its own workers the same way (os/process.cpp,
// start_worker_process); a test that started it once failed on that, not on shmbench.
inline Result<std::unique_ptr<ChildProcess>> start_shmbench(const std::vector<std::string>& args) {
  auto child = ChildProcess::start(shmbench_path(), args);
  for (int attempt = 1; !child.ok() && attempt < 3; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    child = ChildProcess::start(shmbench_path(), args);
  }
  return child;
}

// Reports go to a folder of this test process's own under the system's temporary folder,
// removed when the tests end: never into the working directory (a test once committed
// its report that way).
class ReportFolder : public ::testing::Environment {
 public:
  static const std::filesystem::path& path() {
    static const std::filesystem::path folder = [] {
      auto p = std::filesystem::temp_directory_path() / ("shmbench-multiprocess-" + std::to_string(current_pid()));
      std::filesystem::create_directories(p);
      return p;
    }();
    return folder;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(path(), ignored);
  }
};

inline std::string report_path(const std::string& report_name) { return (ReportFolder::path() / (report_name + ".json")).string(); }

struct RunOutcome {
  int exit_code = -1;
  long pid = 0;
  json report;
};

// Runs shmbench with `args` plus --out, waits (the run's stdout is drained as it goes).
inline RunOutcome run_shmbench(std::vector<std::string> args, const std::string& report_name) {
  const std::string out = report_path(report_name);
  std::remove(out.c_str());
  args.insert(args.end(), {"--out", out});
  auto child = start_shmbench(args);
  EXPECT_TRUE(child.ok()) << (child.ok() ? "" : child.error().describe());
  RunOutcome outcome;
  if (!child.ok()) return outcome;
  ChildProcess& process = *child.value();
  outcome.pid = process.pid();
  std::string line;
  while (process.read_line(line, std::chrono::minutes(5)) == ChildProcess::ReadResult::line) {
  }
  auto status = process.wait(std::chrono::minutes(1));
  EXPECT_TRUE(status.has_value()) << "shmbench did not exit";
  if (status) outcome.exit_code = status->code;
  std::ifstream in(out);
  if (in) outcome.report = json::parse(in, nullptr, false);
  return outcome;
}

inline std::vector<std::string> leftovers_of(long pid) {
  std::vector<std::string> paths;
  for (const auto& leftover : find_leftovers("shmbench-" + std::to_string(pid) + "-")) paths.push_back(leftover.path);
  return paths;
}

inline std::vector<std::string> named_backends() {
  std::vector<std::string> names;
  for (const auto& name : default_backends())
    if (!make_backend(name)->process_local()) names.push_back(name);
  return names;
}

// An integrity fault's error row names the message and the byte (4 KiB messages, the
// 3rd of the run): corrupt-message flips byte 2048; a stale message is an older one,
// whose first 8-byte word differs (another seed; its first byte alone matches by chance
// once in 256, seen as "byte 1 of 4096"), so the first difference is one of bytes 0-7.
inline void expect_damage_named(const std::string& message, const std::string& fault) {
  EXPECT_NE(message.find("data_mismatch: message 3 of the run"), std::string::npos) << message;
  if (fault == "corrupt-message") {
    EXPECT_NE(message.find("byte 2048 of 4096"), std::string::npos) << message;
    return;
  }
  bool in_first_word = false;
  for (int b = 0; b < 8; ++b) in_first_word |= message.find("byte " + std::to_string(b) + " of 4096") != std::string::npos;
  EXPECT_TRUE(in_first_word) << message;
}

// A fault parameter as a GoogleTest name: "reader-crash" -> "readercrash".
inline std::string fault_test_name(const ::testing::TestParamInfo<const char*>& param) {
  std::string name = param.param;
  name.erase(std::remove(name.begin(), name.end(), '-'), name.end());
  return name;
}

inline std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
  return text;
}

}  // namespace shmbench::test
