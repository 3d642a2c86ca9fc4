#include "scenarios/stress/fanout_scaling.hpp"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <map>

#include "os/interrupt.hpp"
#include "scenarios/stress/group.hpp"
#include "scenarios/stress/group_rows.hpp"

namespace shmbench::stress {

namespace {
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

GroupSpec sweep_spec(const StressConfig& config, int readers, bool lockstep, std::uint64_t seed) {
  GroupSpec spec = spec_for(config, Layout::fanout, seed);  // with the corruption switch, if asked
  spec.shape.readers = readers;
  spec.shape.lockstep = lockstep;
  if (lockstep) {
    spec.shape.messages = config.latency_messages;
    spec.shape.warmup = config.latency_messages / 10;
  }
  // The test switch: the last reader hangs at its middle message (the watchdog kills it).
  if (config.fault == "reader-hang") {
    spec.fault_role = "reader";
    spec.fault_index = readers - 1;
    spec.fault = WorkerFault::hang;
  }
  return spec;
}

void erase_counter(StressRow& row, const std::string& name) {
  row.counters.erase(std::remove_if(row.counters.begin(), row.counters.end(),
                                    [&](const auto& counter) { return counter.first == name; }),
                     row.counters.end());
}

StressRow latency_row(const std::string& backend, const GroupSpec& spec, const GroupOutcome& outcome) {
  StressRow row = group_row("fanout_latency", backend, "readers:" + std::to_string(spec.shape.readers), spec, outcome);
  // A lockstep run's message rate is one hand-off after another: not a throughput.
  erase_counter(row, "items_per_second");
  erase_counter(row, "bytes_per_second");
  Latency latency;
  for (const auto& p : outcome.peers)
    if (p.role == "writer") latency = p.tally.latency;
  row.iterations = latency.samples;
  row.real_time_ns = latency.mean_ns;
  row.set("warmup", static_cast<double>(spec.shape.warmup));
  row.set("samples", static_cast<double>(latency.samples));
  row.set("min_ns", latency.min_ns);
  row.set("p50_ns", latency.p50_ns);
  row.set("p99_ns", latency.p99_ns);
  row.set("max_ns", latency.max_ns);
  row.set("mean_ns", latency.mean_ns);
  if (latency.samples == 0) first_error(row, "no hand-off was timed");
  return row;
}

StressRow throughput_row(const std::string& backend, const GroupSpec& spec, const GroupOutcome& outcome) {
  StressRow row =
      group_row("fanout_throughput", backend, "readers:" + std::to_string(spec.shape.readers), spec, outcome);
  const double readers = spec.shape.readers;
  row.set("delivered_items_per_second", row.get("items_per_second") * readers);
  row.set("delivered_bytes_per_second", row.get("bytes_per_second") * readers);
  return row;
}
}  // namespace

void run_fanout_scaling(Backend& backend, const StressConfig& config, RunNames& names, std::mt19937_64& seeds,
                        const RowSink& sink) {
  const std::string b(backend.name());
  for (int readers : config.readers_sweep) {
    for (bool lockstep : {true, false}) {
      if (interrupted()) return;
      const auto began = Clock::now();
      const GroupSpec spec = sweep_spec(config, readers, lockstep, seeds());
      const GroupOutcome outcome = run_group(backend, spec, names.next());
      sink(lockstep ? latency_row(b, spec, outcome) : throughput_row(b, spec, outcome), since(began));
    }
  }
}

void print_scaling_summary(std::ostream& out, const std::vector<StressRow>& rows) {
  // backend -> readers -> (latency row, throughput row)
  std::map<std::string, std::map<int, std::pair<const StressRow*, const StressRow*>>> table;
  for (const auto& row : rows) {
    if (row.scenario != "fanout_latency" && row.scenario != "fanout_throughput") continue;
    const int readers = static_cast<int>(row.get("readers"));
    auto& cell = table[row.backend][readers];
    (row.scenario == "fanout_latency" ? cell.first : cell.second) = &row;
  }
  if (table.empty()) return;
  const auto heap = table.find("heap");
  const auto us = [](double ns) { return fixed(ns / 1000, 2); };
  out << "fan-out reader scaling (latency: publish to the last reader's ack, us; throughput: messages/s published,"
         " each to every reader)\n";
  out << std::left << std::setw(16) << "backend" << std::right << std::setw(8) << "readers" << std::setw(10) << "p50"
      << std::setw(10) << "p99" << std::setw(11) << "max" << std::setw(13) << "msgs/s" << std::setw(12)
      << "p50 x heap" << "\n";
  for (const auto& [backend, by_readers] : table)
    for (const auto& [readers, cell] : by_readers) {
      out << std::left << std::setw(16) << backend << std::right << std::setw(8) << readers;
      const StressRow* l = cell.first;
      const bool latency_ok = l && l->error.empty();
      out << std::setw(10) << (latency_ok ? us(l->get("p50_ns")) : "error") << std::setw(10)
          << (latency_ok ? us(l->get("p99_ns")) : "-") << std::setw(11) << (latency_ok ? us(l->get("max_ns")) : "-");
      const StressRow* t = cell.second;
      out << std::setw(13) << (t && t->error.empty() ? fixed(t->get("items_per_second"), 0) : "error");
      std::string ratio = "-";
      if (latency_ok && heap != table.end() && backend != "heap") {
        const auto ref = heap->second.find(readers);
        if (ref != heap->second.end() && ref->second.first && ref->second.first->error.empty() &&
            ref->second.first->get("p50_ns") > 0)
          ratio = fixed(l->get("p50_ns") / ref->second.first->get("p50_ns"), 1);
      }
      out << std::setw(12) << ratio << "\n";
    }
}

}  // namespace shmbench::stress
