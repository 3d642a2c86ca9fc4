// How this binary was built: recorded in every report.
#pragma once

#include <string>

namespace shmbench {

struct BuildInfo {
  std::string version;
  std::string compiler;
  std::string build_type;
  std::string boost_version;
  std::string git_revision;
};

BuildInfo build_info();

}  // namespace shmbench
