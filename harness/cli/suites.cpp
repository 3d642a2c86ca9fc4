#include "cli/suites.hpp"

namespace shmbench {

const std::vector<Suite>& all_suites() {
  constexpr std::uint64_t KiB = 1024, MiB = 1024 * KiB;
  // Nine repetitions at least, so a Mann-Whitney U test can judge a comparison.
  static const std::vector<Suite> suites = {
      {"quick", "small sizes only, for a fast check (4KiB, 64KiB, 1MiB)", {4 * KiB, 64 * KiB, 1 * MiB}, 9},
      {"default", "4KiB to 256MiB", {4 * KiB, 64 * KiB, 1 * MiB, 16 * MiB, 256 * MiB}, 9},
  };
  return suites;
}

std::optional<Suite> find_suite(const std::string& name) {
  for (const auto& suite : all_suites())
    if (suite.name == name) return suite;
  return std::nullopt;
}

}  // namespace shmbench
