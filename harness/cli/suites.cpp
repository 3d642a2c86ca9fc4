#include "cli/suites.hpp"

namespace shmbench {

const std::vector<Suite>& all_suites() {
  constexpr std::uint64_t KiB = 1024, MiB = 1024 * KiB;
  // Nine repetitions at least, so a Mann-Whitney U test can judge a comparison. The
  // default suite takes 27: on a shared VM single repetitions of a 64 KiB copy are
  // bimodal (56 or 48 GB/s in phases), and with 9 a Boost/raw ratio moved by 10-20 %
  // between three back-to-back runs; with 27, paired round by round, by 1-4 % for copy
  // (scripts/ratio_stability.py; README, "What does Boost cost").
  static const std::vector<Suite> suites = {
      {"quick", "small sizes only, for a fast check (4KiB, 64KiB, 1MiB)", {4 * KiB, 64 * KiB, 1 * MiB}, 9},
      {"default", "4KiB to 256MiB", {4 * KiB, 64 * KiB, 1 * MiB, 16 * MiB, 256 * MiB}, 27},
  };
  return suites;
}

std::optional<Suite> find_suite(const std::string& name) {
  for (const auto& suite : all_suites())
    if (suite.name == name) return suite;
  return std::nullopt;
}

}  // namespace shmbench
