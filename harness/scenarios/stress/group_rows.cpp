#include "scenarios/stress/group_rows.hpp"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace shmbench::stress {

std::string fixed(double value, int digits) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(digits) << value;
  return text.str();
}

std::string peer_name(const PeerOutcome& p) { return p.role + " " + std::to_string(p.index); }

// What went wrong with a peer that should have finished, or "".
std::string peer_problem(const PeerOutcome& p) {
  if (p.timed_out) return peer_name(p) + ": no progress for " + fixed(p.stalled_seconds) + " s: killed (timeout)";
  if (p.died) return peer_name(p) + ": exited unexpectedly (" + p.ended + ")";
  if (!p.error.empty()) return peer_name(p) + ": " + p.error;
  if (!p.stopped_cleanly) return peer_name(p) + ": did not stop cleanly (" + p.ended + ")";
  return "";
}

void put_integrity(StressRow& row, const Sums& s) {
  row.set("verified", static_cast<double>(s.verified));
  row.set("torn", static_cast<double>(s.torn));
  row.set("lost", static_cast<double>(s.lost));
  row.set("duplicated", static_cast<double>(s.duplicated));
  row.set("retries", static_cast<double>(s.retries));
}

std::string integrity_problem(const Sums& s) {
  if (s.torn + s.lost + s.duplicated == 0) return "";
  return "integrity: " + std::to_string(s.torn) + " torn, " + std::to_string(s.lost) + " lost, " +
         std::to_string(s.duplicated) + " duplicated message(s) seen by the readers";
}

void first_error(StressRow& row, const std::string& problem) {
  if (row.error.empty() && !problem.empty()) row.error = problem;
}

// The fan-out / fan-in row: messages are every writer's, the time the slowest side's.
StressRow group_row(const std::string& scenario, const std::string& backend, const std::string& variant,
                    const GroupSpec& spec, const GroupOutcome& outcome) {
  StressRow row{scenario, backend, variant};
  row.processes = spec.shape.writers + spec.shape.readers;
  if (!outcome.error.empty()) row.error = outcome.error;
  Sums sums;
  double seconds = 0;
  for (const auto& p : outcome.peers) {
    first_error(row, peer_problem(p));
    seconds = std::max(seconds, p.tally.seconds);
    if (p.role == "reader") sums.add(p.tally);
  }
  const double messages = static_cast<double>(outcome.published);
  row.iterations = outcome.published > 0 ? outcome.published : 0;
  row.real_time_ns = messages > 0 ? seconds * 1e9 / messages : 0;
  row.set("messages", messages);
  row.set(spec.shape.layout == Layout::fanout ? "readers" : "writers",
          spec.shape.layout == Layout::fanout ? spec.shape.readers : spec.shape.writers);
  row.set("message_size", static_cast<double>(spec.shape.message_size));
  put_integrity(row, sums);
  // Every reader must have verified every message meant for it.
  const double meant = static_cast<double>(spec.shape.messages) * spec.shape.writers *
                       (spec.shape.layout == Layout::fanout ? spec.shape.readers : 1);
  row.set("expected", meant);
  if (seconds > 0) {
    row.set("items_per_second", messages / seconds);
    row.set("bytes_per_second", messages * static_cast<double>(spec.shape.message_size) / seconds);
  }
  row.set("objects_left", outcome.objects_left);
  row.set("backend_leftovers", outcome.backend_leftovers);
  first_error(row, integrity_problem(sums));
  if (row.error.empty() && static_cast<double>(sums.verified) != meant)
    row.error = "the readers verified " + std::to_string(sums.verified) + " of " + fixed(meant, 0) + " messages";
  if (outcome.objects_left > 0) first_error(row, "the mapping's name outlived the run");
  return row;
}

GroupSpec spec_for(const StressConfig& config, Layout layout, std::uint64_t seed) {
  GroupSpec spec;
  spec.shape.layout = layout;
  spec.shape.writers = layout == Layout::fanout ? 1 : config.writers;
  spec.shape.readers = layout == Layout::fanout ? config.readers : 1;
  spec.shape.slots = config.slots;
  spec.shape.message_size = config.message_size;
  spec.shape.messages = config.messages;
  spec.shape.seed = seed;
  spec.corruption = corruption_named(config.fault);
  spec.timeout_seconds = config.timeout_seconds;
  return spec;
}

}  // namespace shmbench::stress
