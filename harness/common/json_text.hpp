// JSON as text, for reports, protocol lines and command output.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace shmbench {

// nlohmann::json refuses to write a string that is not UTF-8, and a Linux path need not be
// (its bytes are whatever the file system holds): such bytes are written as U+FFFD, so a
// run under such a folder still writes its report instead of failing after measuring.
template <typename Json>
std::string json_text(const Json& value, int indent = -1) {
  return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace shmbench
