// Small text helpers for option lists and messages.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace shmbench {

// "a, b, c"
std::string join(const std::vector<std::string>& items, const std::string& separator = ", ");
// "a, b,c" → {"a", "b", "c"}; empty items are kept so they can be refused by name.
std::vector<std::string> split(const std::string& text);
// The whole text as one decimal number, or nullopt ("5x", "", " 5", "nan" are not).
std::optional<double> whole_number(const std::string& text);
// A message fit for one line on stderr: control characters (a newline in an echoed value)
// shown as escapes, and a message longer than `limit` bytes cut in its middle, at UTF-8
// character boundaries, with the number of bytes left out said in their place.
std::string one_line(const std::string& message, std::size_t limit = 1000);
// A duration for a message: "60 s", "2.5 s", "0.001 s" (a whole number of seconds as such,
// else three significant digits: a sub-second --timeout is not "0 s").
std::string seconds_text(double seconds);

}  // namespace shmbench
