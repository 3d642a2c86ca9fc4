// "shmbench stress": for each backend, the scenarios asked for (fanout, fanout-scaling,
// fanin, churn, capacity, faults), one report row per scenario variant. It measures
// nothing itself: the workers (group.hpp, storms.hpp) do, and the rows say what held.
#pragma once

#include <ostream>

#include "measure/stress_results.hpp"

namespace shmbench::stress {

inline constexpr const char* kScenarios[] = {"fanout", "fanout-scaling", "fanin", "churn", "capacity", "faults"};
inline constexpr const char* kFaultKinds[] = {"writer-crash", "reader-crash", "reader-hang", "controller-kill"};

// Stops early, cleaning up, when interrupted() turns true (os/interrupt.hpp).
StressResult run_stress(const StressConfig& config, std::ostream& progress);

}  // namespace shmbench::stress
