// parse_size / parse_size_list (harness/common/sizes.hpp) on arbitrary text: a parsed
// size is never zero and formats back to itself; a refusal always says why.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/sizes.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const shmbench::SizeParse one = shmbench::parse_size(text);
  if (one.bytes) {
    if (*one.bytes == 0) std::abort();
    const shmbench::SizeParse again = shmbench::parse_size(shmbench::format_size(*one.bytes));
    if (!again.bytes || *again.bytes != *one.bytes) std::abort();
  } else if (one.error.empty()) {
    std::abort();
  }
  std::string error;
  const auto list = shmbench::parse_size_list(text, error);
  if (list) {
    for (std::uint64_t bytes : *list)
      if (bytes == 0) std::abort();
  } else if (error.empty()) {
    std::abort();
  }
  return 0;
}
