#include "common/sizes.hpp"

#include <cctype>

namespace shmbench {

namespace {
std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

SizeParse parse_size(std::string_view raw) {
  const std::string_view text = trim(raw);
  const std::string quoted = "'" + std::string(raw) + "'";
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0) return {std::nullopt, "size " + quoted + " does not start with a number"};

  std::uint64_t number = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const std::uint64_t digit = static_cast<std::uint64_t>(text[i] - '0');
    if (number > (UINT64_MAX - digit) / 10) return {std::nullopt, "size " + quoted + " does not fit in 64 bits"};
    number = number * 10 + digit;
  }

  const std::string unit = lower(trim(text.substr(digits)));
  int shift = -1;
  if (unit.empty() || unit == "b") shift = 0;
  else if (unit == "k" || unit == "kib") shift = 10;
  else if (unit == "m" || unit == "mib") shift = 20;
  else if (unit == "g" || unit == "gib") shift = 30;
  else if (unit == "t" || unit == "tib") shift = 40;
  else if (unit == "kb" || unit == "mb" || unit == "gb" || unit == "tb")
    return {std::nullopt, "size " + quoted + " is ambiguous: write KiB/MiB/GiB (powers of 2) or plain bytes"};
  else
    return {std::nullopt, "size " + quoted + " has an unknown unit (use B, KiB, MiB, GiB or TiB)"};

  if (shift > 0 && number > (UINT64_MAX >> shift)) return {std::nullopt, "size " + quoted + " does not fit in 64 bits"};
  const std::uint64_t bytes = number << shift;
  if (bytes == 0) return {std::nullopt, "size " + quoted + " is zero"};
  return {bytes, {}};
}

std::optional<std::vector<std::uint64_t>> parse_size_list(std::string_view text, std::string& error) {
  std::vector<std::uint64_t> sizes;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const std::string_view item = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    SizeParse parsed = parse_size(item);
    if (!parsed.bytes) {
      error = parsed.error;
      return std::nullopt;
    }
    sizes.push_back(*parsed.bytes);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return sizes;
}

std::string format_size(std::uint64_t bytes) {
  static const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  while (unit < 4 && bytes >= 1024 && bytes % 1024 == 0) {
    bytes /= 1024;
    ++unit;
  }
  return std::to_string(bytes) + units[unit];
}

}  // namespace shmbench
