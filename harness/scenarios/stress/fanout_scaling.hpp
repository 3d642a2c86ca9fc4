// Reader scaling (issue 21): one writer fanning out to 1, 2, 4, ... readers, per reader
// count two rows over the same seqlocked ring as the fan-out scenario (channel.hpp):
//   fanout_latency/<backend>/readers:N     lockstep: the writer publishes one message and
//                                          waits until every live reader has consumed and
//                                          verified it; per message the time from its
//                                          publish to the last reader's ack (p50, p99, max,
//                                          mean, from the writer's Timer and Histogram)
//   fanout_throughput/<backend>/readers:N  streaming through the ring: messages and bytes
//                                          per second published, and delivered to all readers
// The heap backend runs the same code on threads: the in-process reference. A summary
// table (stderr) sets each backend's p50 beside the heap's.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <random>
#include <vector>

#include "backends/backend.hpp"
#include "backends/names.hpp"
#include "measure/stress_results.hpp"

namespace shmbench::stress {

// Called with each row as it is finished, and the seconds it took.
using RowSink = std::function<void(StressRow row, double seconds)>;

void run_fanout_scaling(Backend& backend, const StressConfig& config, RunNames& names, std::mt19937_64& seeds,
                        const RowSink& sink);

// The sweep's rows of a run as a table: per backend and reader count, p50/p99/max and
// messages/s, and p50 as a multiple of the heap reference's at the same reader count.
void print_scaling_summary(std::ostream& out, const std::vector<StressRow>& rows);

}  // namespace shmbench::stress
