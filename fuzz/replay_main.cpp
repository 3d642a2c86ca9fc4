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

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  int inputs = 0;
  for (int i = 1; i < argc; ++i) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(argv[i], ec)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::cout << entry.path().filename().string() << " (" << bytes.size() << " bytes)" << std::endl;
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++inputs;
    }
    if (ec) {
      std::cerr << "fuzz-replay: cannot read " << argv[i] << ": " << ec.message() << std::endl;
      return 2;
    }
  }
  std::cout << inputs << " input(s) replayed" << std::endl;
  return inputs > 0 ? 0 : 2;
}
