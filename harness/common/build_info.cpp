#include "common/build_info.hpp"

#include <boost/version.hpp>

namespace shmbench {

namespace {
std::string compiler_name() {
#if defined(__clang__)
  return std::string("clang ") + __clang_version__;
#elif defined(__MINGW64__)
  return std::string("MinGW-w64 GCC ") + __VERSION__;
#elif defined(__GNUC__)
  return std::string("GCC ") + __VERSION__;
#elif defined(_MSC_VER)
  return "MSVC " + std::to_string(_MSC_FULL_VER);
#else
  return "unknown";
#endif
}
}  // namespace

BuildInfo build_info() {
  // BOOST_LIB_VERSION is "1_81"; reports use "1.81".
  std::string boost = BOOST_LIB_VERSION;
  for (char& c : boost)
    if (c == '_') c = '.';
  return BuildInfo{SHMBENCH_VERSION, compiler_name(), SHMBENCH_BUILD_TYPE, boost, SHMBENCH_GIT_REVISION};
}

}  // namespace shmbench
