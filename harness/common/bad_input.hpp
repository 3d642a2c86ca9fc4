// Bad input found anywhere below the command line: each program's main() turns it into
// one line on stderr and kExitBadInput.
#pragma once

#include <string>

namespace shmbench {

struct BadInput {
  std::string message;
};

}  // namespace shmbench
