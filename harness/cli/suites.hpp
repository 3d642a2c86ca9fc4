// The named suites "shmbench run --suite" accepts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shmbench {

struct Suite {
  std::string name;
  std::string description;
  std::vector<std::uint64_t> sizes;
  int repetitions;
  std::string scenario = "lifecycle";  // or "transfer", "stress" (scenarios/<name>)
  double budget_ms = 0;                // transfer: the length of one repetition's batch, about
};

const std::vector<Suite>& all_suites();
std::optional<Suite> find_suite(const std::string& name);

}  // namespace shmbench
