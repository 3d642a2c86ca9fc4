#include <string>
#include <vector>

#include "os/program_arguments.hpp"

namespace shmbench {

// Linux hands a program its arguments as the bytes they were given: nothing to convert.
std::vector<std::string> platform_arguments(int argc, char** argv) { return {argv, argv + argc}; }

void use_utf8_console() {}

}  // namespace shmbench
