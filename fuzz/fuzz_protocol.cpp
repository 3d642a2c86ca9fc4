// The worker protocol's decoders (harness/orchestration/protocol.hpp) on arbitrary lines:
// a refusal is a typed protocol error; an accepted message encodes to one line that
// decodes to the same message again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "orchestration/protocol.hpp"

namespace {
void check_refusal(const shmbench::Error& error) {
  if (error.kind != shmbench::ErrorKind::invalid_argument || error.call != "protocol") std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  auto command = shmbench::decode_command(line);
  if (command.ok()) {
    const std::string encoded = shmbench::encode(command.value());
    if (encoded.find('\n') != std::string::npos) std::abort();
    auto again = shmbench::decode_command(encoded);
    if (!again.ok() || shmbench::encode(again.value()) != encoded) std::abort();
  } else {
    check_refusal(command.error());
  }
  auto reply = shmbench::decode_reply(line);
  if (reply.ok()) {
    const std::string encoded = shmbench::encode(reply.value());
    if (encoded.find('\n') != std::string::npos) std::abort();
    auto again = shmbench::decode_reply(encoded);
    if (!again.ok() || shmbench::encode(again.value()) != encoded) std::abort();
  } else {
    check_refusal(reply.error());
  }
  return 0;
}
