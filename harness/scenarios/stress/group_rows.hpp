// Turning what a fan-out or fan-in group did (group.hpp) into a report row: the
// integrity sums over the readers, what went wrong with a peer, and the row's counters.
// Shared by the fixed-shape rows (stress_run.cpp), the faults and the reader sweep
// (fanout_scaling.hpp).
#pragma once

#include <cstdint>
#include <string>

#include "measure/stress_results.hpp"
#include "scenarios/stress/group.hpp"

namespace shmbench::stress {

std::string fixed(double value, int digits = 1);
std::string peer_name(const PeerOutcome& p);
// What went wrong with a peer that should have finished, or "".
std::string peer_problem(const PeerOutcome& p);

struct Sums {
  std::uint64_t verified = 0, torn = 0, lost = 0, duplicated = 0, retries = 0, expected = 0;
  void add(const Tally& t) {
    verified += t.verified;
    torn += t.torn;
    lost += t.lost;
    duplicated += t.duplicated;
    retries += t.retries;
    expected += t.expected;
  }
};

void put_integrity(StressRow& row, const Sums& s);
std::string integrity_problem(const Sums& s);
void first_error(StressRow& row, const std::string& problem);

// The fan-out / fan-in row: messages are every writer's, the time the slowest side's.
StressRow group_row(const std::string& scenario, const std::string& backend, const std::string& variant,
                    const GroupSpec& spec, const GroupOutcome& outcome);
GroupSpec spec_for(const StressConfig& config, Layout layout, std::uint64_t seed);

}  // namespace shmbench::stress
