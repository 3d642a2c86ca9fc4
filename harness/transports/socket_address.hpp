// The one bit of a socket address both platforms parse the same way: the TCP port the
// writer's listening socket got, as the controller passes it on to the reader.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace shmbench {

inline std::optional<std::uint16_t> parse_port(const std::string& text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value == 0 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

}  // namespace shmbench
