// Buffer sizes as people write them: "4KiB", "1MiB", "2GiB", "4096", lists joined by
// commas. K/M/G/T alone mean KiB/MiB/GiB/TiB; "MB" and friends are refused as
// ambiguous rather than guessed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shmbench {

struct SizeParse {
  std::optional<std::uint64_t> bytes;
  std::string error;  // why `bytes` is empty
};

SizeParse parse_size(std::string_view text);

// Parses a comma-separated list; on failure returns nullopt and sets `error`.
std::optional<std::vector<std::uint64_t>> parse_size_list(std::string_view text, std::string& error);

// 4096 → "4KiB", 1536 → "1536B": exact binary units where they divide evenly.
std::string format_size(std::uint64_t bytes);

}  // namespace shmbench
