// The controller side of fan-out and fan-in: it creates the one mapping, starts the
// writers and readers (worker processes; threads for the in-process heap reference),
// starts them together, watches their progress counters in the mapping, and settles what
// happened to each: reported, failed, died, or stalled and killed by the watchdog. A dead
// reader is marked gone so the writer stops waiting for it; a dead writer makes the
// controller tell the readers to stop with what they have. At the end it removes the
// mapping and checks that its name is gone.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "scenarios/stress/channel.hpp"

namespace shmbench::stress {

struct GroupSpec {
  Shape shape;
  Corruption corruption = Corruption::none;
  std::string fault_role;  // "writer" or "reader": who gets `fault`
  int fault_index = 0;
  WorkerFault fault = WorkerFault::none;
  double timeout_seconds = 10;  // watchdog: no progress this long while work is waiting
};

struct PeerOutcome {
  std::string role;  // writer, reader
  int index = 0;
  long pid = 0;
  bool reported = false;  // sent its result
  Tally tally;
  std::string error;      // it said it failed, or could not start
  bool died = false;      // ended without a result
  bool timed_out = false; // killed by the watchdog
  double stalled_seconds = 0;  // how long it had made no progress when killed
  bool stopped_cleanly = false;  // reported and exited 0 when asked
  std::string ended;      // how it ended, for labels ("exit code 0", "killed by signal 9")
};

struct GroupOutcome {
  std::string error;  // the group could not be set up
  std::vector<PeerOutcome> peers;  // writers first
  double seconds = 0;
  double objects_left = 0;       // the name still opened after teardown, or files left
  double backend_leftovers = 0;  // files the backend's close left, removed by shmbench
  std::uint64_t published = 0;   // messages the writers published in all
  bool interrupted = false;
};

// Called once every worker is ready, before they start: their pids and the object name.
using Started = std::function<void(const std::vector<long>& pids, const std::string& name)>;

GroupOutcome run_group(Backend& backend, const GroupSpec& spec, const std::string& name,
                       const Started& started = {});

// Task fields of a tally, and back.
void put_tally(std::map<std::string, double>& counters, const Tally& tally);
Tally take_tally(const std::map<std::string, double>& counters);
WorkerFault worker_fault_named(const std::string& name);
std::string worker_fault_name(WorkerFault fault);
Corruption corruption_named(const std::string& name);

}  // namespace shmbench::stress
