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
  bool all_backends = false;           // lifecycle: without --backends, the variants too
  // lifecycle: the memory accounting unless --no-accounting (off elsewhere unless
  // --accounting: its readings cost the cold copy at small sizes, memory_accounting.hpp).
  bool accounting = false;
  // transfer: the transports run only at the suite's sizes up to this one (0: at all);
  // sizes given with --sizes are run by every subject.
  std::uint64_t transport_max_size = 0;
  // transfer: how long a ping-pong whose sides sleep exchanges untimed before each batch
  // (RunSpec::lead_in_ns).
  double lead_in_ms = 0;
};

const std::vector<Suite>& all_suites();
std::optional<Suite> find_suite(const std::string& name);

}  // namespace shmbench
