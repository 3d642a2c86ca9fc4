#include "os/program_arguments.hpp"

namespace shmbench {

std::vector<std::string> platform_arguments(int argc, char** argv);  // program_arguments.<platform>.cpp

Utf8Arguments::Utf8Arguments(int argc, char** argv) : texts_(platform_arguments(argc, argv)) {
  for (auto& text : texts_) pointers_.push_back(text.data());
  pointers_.push_back(nullptr);
}

}  // namespace shmbench
