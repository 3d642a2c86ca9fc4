#include "common/text.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace shmbench {

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : separator) + item;
  return text;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string item = text.substr(start, comma - start);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    items.push_back(item);
    start = comma + 1;
  }
  return items;
}

std::optional<double> whole_number(const std::string& text) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front()))) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(value)) return std::nullopt;
  return value;
}

namespace {

bool continues_a_character(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) == 0x80; }

std::string escaped_controls(const std::string& message) {
  static const char hex[] = "0123456789abcdef";
  std::string shown;
  shown.reserve(message.size());
  for (const char c : message) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') shown += "\\n";
    else if (c == '\r') shown += "\\r";
    else if (c == '\t') shown += "\\t";
    else if (byte < 0x20 || byte == 0x7F) shown += std::string("\\x") + hex[byte >> 4] + hex[byte & 0xF];
    else shown += c;
  }
  return shown;
}

}  // namespace

std::string one_line(const std::string& message, std::size_t limit) {
  std::string shown = escaped_controls(message);
  if (shown.size() <= limit) return shown;
  std::size_t head = limit / 2;
  std::size_t tail = shown.size() - limit / 2;
  while (head > 0 && continues_a_character(shown[head])) --head;
  while (tail < shown.size() && continues_a_character(shown[tail])) ++tail;
  return shown.substr(0, head) + " [... " + std::to_string(tail - head) + " bytes left out ...] " + shown.substr(tail);
}

std::string seconds_text(double seconds) {
  char text[32];
  if (seconds == std::floor(seconds) && std::fabs(seconds) < 1e15) std::snprintf(text, sizeof text, "%.0f s", seconds);
  else std::snprintf(text, sizeof text, "%.3g s", seconds);
  return text;
}

}  // namespace shmbench
