// Test programs find the programs they start beside their own executable: every target
// lands in build/<platform>/bin (also under Wine, where a build path is no Windows path).
#pragma once

#include <string>

#include "os/process.hpp"

namespace shmbench::test {

// "<folder of this executable>/<name>", with ".exe" on Windows.
inline std::string sibling_program(const std::string& name) {
  const std::string self = current_executable();
  const auto slash = self.find_last_of("/\\");
  const std::string folder = slash == std::string::npos ? "." : self.substr(0, slash + 1);
#if defined(_WIN32)
  return folder + name + ".exe";
#else
  return folder + name;
#endif
}

}  // namespace shmbench::test
