// Runs a fuzz target's LLVMFuzzerTestOneInput once over every file in the folders given
// (a corpus): the regression test for inputs a fuzz run found, without libFuzzer.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "common/utf8.hpp"
#include "os/program_arguments.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  // The corpus lives in the source tree, whose path may be C:\Users\José\… on Windows.
  shmbench::Utf8Arguments arguments(argc, argv);
  int inputs = 0;
  for (int i = 1; i < arguments.argc(); ++i) {
    const std::string folder = arguments.texts()[static_cast<std::size_t>(i)];
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(shmbench::path_from_utf8(folder), ec)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::cout << shmbench::utf8_from_path(entry.path().filename()) << " (" << bytes.size() << " bytes)" << std::endl;
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++inputs;
    }
    if (ec) {
      std::cerr << "fuzz-replay: cannot read " << folder << ": " << ec.message() << std::endl;
      return 2;
    }
  }
  std::cout << inputs << " input(s) replayed" << std::endl;
  return inputs > 0 ? 0 : 2;
}
