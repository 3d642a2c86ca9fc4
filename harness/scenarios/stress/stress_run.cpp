#include "scenarios/stress/stress_run.hpp"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <random>
#include <sstream>
#include <thread>

#include "backends/backend.hpp"
#include "backends/leftovers.hpp"
#include "backends/names.hpp"
#include "measure/timer.hpp"
#include "os/interrupt.hpp"
#include "os/process.hpp"
#include "scenarios/stress/fanout_scaling.hpp"
#include "scenarios/stress/group.hpp"
#include "scenarios/stress/group_rows.hpp"
#include "scenarios/stress/stress_protocol.hpp"

namespace shmbench::stress {

namespace {
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// One worker process with one task: its reply, or why there is none.
Result<Reply> run_single(const Task& task, double deadline_seconds) {
  auto child = start_worker_process({"stress-worker"});
  if (!child.ok()) return Error{ErrorKind::other, 0, "worker", "could not start: " + child.error().describe()};
  ChildProcess& worker = *child.value();
  Status sent = worker.write_line(encode_task(task));
  if (!sent.ok()) return sent.error();
  std::string line;
  const auto result = worker.read_line(line, milliseconds(static_cast<long long>(deadline_seconds * 1000)));
  if (result != ChildProcess::ReadResult::line) {
    const bool timeout = result == ChildProcess::ReadResult::timeout;
    const StopOutcome stop = worker.stop("", StopDeadlines::kill_now());
    std::string why = interrupted() ? "interrupted"
                      : timeout     ? "no answer within " + fixed(deadline_seconds, 0) + " s: killed (timeout)"
                                    : "exited unexpectedly (" +
                                      (stop.status ? stop.status->describe() : std::string("still running")) + ")";
    return Error{ErrorKind::other, 0, "worker", why};
  }
  (void)worker.stop(exit_line());
  auto reply = decode_reply(line);
  if (!reply.ok()) return reply.error();
  return reply.value();
}

double counter(const Reply& reply, const char* name) {
  const auto it = reply.counters.find(name);
  return it == reply.counters.end() ? 0 : it->second;
}

std::vector<StressRow> churn_rows(Backend& backend, const StressConfig& config, const std::string& prefix) {
  Task task;
  task.kind = "churn";
  task.backend = std::string(backend.name());
  task.name = prefix;
  task.duration = config.duration_seconds;
  task.unit = 4096;
  auto reply = run_single(task, config.duration_seconds + std::max(60.0, config.timeout_seconds * 3));
  const std::string b(backend.name());
  StressRow all{"churn", b, "all"};
  if (!reply.ok()) {
    all.error = reply.error().detail;
    return {all};
  }
  const Reply& r = reply.value();
  if (r.type != "result") all.error = r.error;
  std::vector<StressRow> rows;
  double ops = 0;
  for (const char* op : {"create", "open", "map", "unmap", "close"}) {
    const double calls = counter(r, (std::string(op) + "_calls").c_str());
    const double ns = counter(r, (std::string(op) + "_ns").c_str());
    ops += calls;
    if (calls == 0) continue;  // the heap has no open
    StressRow row{"churn", b, op};
    row.iterations = static_cast<std::uint64_t>(calls);
    row.real_time_ns = ns / calls;
    row.set("ops", calls);
    row.set("ops_per_second", ns > 0 ? calls * 1e9 / ns : 0);
    row.set("items_per_second", ns > 0 ? calls * 1e9 / ns : 0);
    rows.push_back(row);
  }
  const double seconds = counter(r, "seconds");
  all.iterations = static_cast<std::uint64_t>(ops);
  all.real_time_ns = ops > 0 ? seconds * 1e9 / ops : 0;
  all.set("ops", ops);
  all.set("ops_per_second", seconds > 0 ? ops / seconds : 0);
  all.set("items_per_second", seconds > 0 ? ops / seconds : 0);
  all.set("names", counter(r, "names"));
  all.set("seconds", seconds);
  const double handles = counter(r, "handles_after") - counter(r, "handles_before");
  const double mappings = counter(r, "mappings_after") - counter(r, "mappings_before");
  all.set("leaks_handles", handles);
  all.set("leaks_mappings", mappings);
  all.set("leaks_objects", counter(r, "leaks_objects"));
  all.set("handles_before", counter(r, "handles_before"));
  all.set("mappings_before", counter(r, "mappings_before"));
  all.set("verify_failures", counter(r, "verify_failures"));
  all.set("backend_leftovers", counter(r, "backend_leftovers"));
  if (counter(r, "backend_leftovers") > 0)
    all.label = "the backend's close left " + fixed(counter(r, "backend_leftovers"), 0) +
                " object(s) on disk; shmbench removed them after each cycle";
  if (handles != 0 || mappings != 0 || counter(r, "leaks_objects") != 0)
    first_error(all, "leaks: " + fixed(handles, 0) + " handle(s), " + fixed(mappings, 0) + " mapping(s), " +
                         fixed(counter(r, "leaks_objects"), 0) + " named object(s)");
  if (counter(r, "verify_failures") > 0) first_error(all, "a view did not see what the other view of its object wrote");
  rows.insert(rows.begin(), all);
  return rows;
}

std::vector<StressRow> capacity_rows(Backend& backend, const StressConfig& config, const std::string& prefix) {
  Task task;
  task.kind = "capacity";
  task.backend = std::string(backend.name());
  task.name = prefix;
  task.unit = config.capacity_unit;
  task.max_bytes = config.max_bytes;
  task.max_mappings = config.max_mappings;
  auto reply = run_single(task, std::max(1800.0, config.timeout_seconds));
  const std::string b(backend.name());
  StressRow count{"capacity", b, "count"}, largest{"capacity", b, "largest"};
  if (!reply.ok()) {
    count.error = largest.error = reply.error().detail;
    return {count, largest};
  }
  const Reply& r = reply.value();
  if (r.type != "result") count.error = largest.error = r.error;
  const auto text = [&](const char* k) {
    const auto it = r.texts.find(k);
    return it == r.texts.end() ? std::string() : it->second;
  };
  const double n = counter(r, "capacity_count");
  count.iterations = static_cast<std::uint64_t>(n);
  count.real_time_ns = n > 0 ? counter(r, "count_seconds") * 1e9 / n : 0;
  count.set("capacity_count", n);
  count.set("capacity_bytes", n * static_cast<double>(config.capacity_unit));
  count.set("unit_bytes", static_cast<double>(config.capacity_unit));
  count.set("refused_by_os", counter(r, "count_refused"));
  count.set("rlimit_nofile", counter(r, "rlimit_nofile"));
  count.set("release_seconds", counter(r, "release_seconds"));
  count.set("verify_failures", counter(r, "verify_failures"));
  count.set("leaks_objects", counter(r, "leaks_objects"));
  count.set("backend_leftovers", counter(r, "backend_leftovers"));
  count.label = (counter(r, "count_refused") != 0 ? "os refused: " : "") + text("count_stop");
  largest.iterations = 1;
  largest.real_time_ns = counter(r, "largest_seconds") * 1e9;
  largest.set("capacity_bytes", counter(r, "largest_bytes"));
  largest.set("refused_by_os", counter(r, "largest_refused"));
  largest.set("refused_bytes", counter(r, "refused_bytes"));
  largest.set("max_bytes", static_cast<double>(config.max_bytes));
  largest.set("leaks_objects", counter(r, "leaks_objects"));
  largest.label = (counter(r, "largest_refused") != 0 ? "os refused: " : "") + text("largest_stop");
  if (counter(r, "verify_failures") > 0) first_error(count, "a mapping did not keep what was written to it");
  if (counter(r, "leaks_objects") > 0) {
    first_error(count, "leaks: " + fixed(counter(r, "leaks_objects"), 0) + " named object(s) left");
    first_error(largest, "leaks: " + fixed(counter(r, "leaks_objects"), 0) + " named object(s) left");
  }
  return {count, largest};
}

// --- faults under load -------------------------------------------------------------

StressRow controller_kill_row(Backend& backend, const StressConfig& config) {
  const std::string b(backend.name());
  StressRow row{"fault", b, "controller-kill"};
  row.processes = config.readers + 2;
  Task task;
  task.kind = "controller";
  task.backend = b;
  task.readers = config.readers;
  task.slots = config.slots;
  task.message_size = config.message_size;
  auto child = start_worker_process({"stress-worker"});
  if (!child.ok()) {
    row.error = "the inner controller could not start: " + child.error().describe();
    return row;
  }
  ChildProcess& inner = *child.value();
  (void)inner.write_line(encode_task(task));
  std::string line;
  if (inner.read_line(line, milliseconds(static_cast<long long>(std::max(60.0, config.timeout_seconds) * 1000))) !=
      ChildProcess::ReadResult::line) {
    (void)inner.stop("", StopDeadlines::kill_now());
    row.error = "the inner controller did not announce its workers";
    return row;
  }
  auto announce = decode_reply(line);
  if (!announce.ok() || announce.value().type != "announce") {
    (void)inner.stop("", StopDeadlines::kill_now());
    row.error = "the inner controller said: " + (announce.ok() ? announce.value().error : announce.error().describe());
    return row;
  }
  const Reply& a = announce.value();
  const std::string name = a.texts.count("name") ? a.texts.at("name") : "";
  const std::string prefix = a.texts.count("prefix") ? a.texts.at("prefix") : "";
  std::this_thread::sleep_for(milliseconds(300));  // messages flowing
  // Seen alive first, so that "dead afterwards" means something.
  const auto alive_before = std::count_if(a.pids.begin(), a.pids.end(), process_alive);
  const auto killed = Clock::now();
  (void)inner.stop("", StopDeadlines::kill_now());
  // Its workers must die with it (PR_SET_PDEATHSIG; a job object killed on close).
  std::size_t alive = a.pids.size();
  while (alive > 0 && since(killed) < 10) {
    alive = static_cast<std::size_t>(std::count_if(a.pids.begin(), a.pids.end(), process_alive));
    if (alive > 0) std::this_thread::sleep_for(milliseconds(10));
  }
  const double gone_after = since(killed);
  // What the killed run left is a dead run's: found and removed as the next run would.
  double left = 0, foreign = 0;
  for (const auto& leftover : find_leftovers(prefix)) {
    left += 1;
    if (owner_alive(leftover)) foreign += 1;
    else (void)remove_leftover(leftover);
  }
  double remaining = static_cast<double>(find_leftovers(prefix).size());
  if (!name.empty()) {
    auto reopened = backend.open(name, 4096);
    if (reopened.ok()) {
      remaining += 1;
      (void)reopened.value()->close();
    }
  }
  row.iterations = 1;
  row.real_time_ns = gone_after * 1e9;
  row.set("workers", static_cast<double>(a.pids.size()));
  row.set("workers_alive_before", static_cast<double>(alive_before));
  row.set("workers_alive_after", static_cast<double>(alive));
  row.set("workers_gone_seconds", gone_after);
  row.set("objects_left_by_kill", left);
  row.set("objects_left", remaining);
  row.label = "controller killed: " + std::to_string(a.pids.size() - alive) + " of " + std::to_string(a.pids.size()) +
              " workers died with it within " + fixed(gone_after, 2) + " s; it left " + fixed(left, 0) +
              " object(s), removed as a dead run's";
  if (alive_before != static_cast<long>(a.pids.size()))
    row.error = "only " + std::to_string(alive_before) + " of the inner controller's workers were seen running";
  else if (alive > 0) row.error = std::to_string(alive) + " worker(s) outlived their killed controller";
  else if (foreign > 0) row.error = "a left object's owner is still alive";
  else if (remaining > 0) row.error = "a named object remained after the dead run's cleanup";
  return row;
}

StressRow fault_row(Backend& backend, const StressConfig& config, const std::string& kind, RunNames& names,
                    std::uint64_t seed) {
  if (kind == "controller-kill") return controller_kill_row(backend, config);
  GroupSpec spec = spec_for(config, Layout::fanout, seed);
  spec.corruption = Corruption::none;
  const int last = config.readers - 1;
  if (kind == "writer-crash") spec.fault_role = "writer", spec.fault_index = 0, spec.fault = WorkerFault::crash_mid_copy;
  if (kind == "reader-crash") spec.fault_role = "reader", spec.fault_index = last, spec.fault = WorkerFault::crash;
  if (kind == "reader-hang") spec.fault_role = "reader", spec.fault_index = last, spec.fault = WorkerFault::hang;
  const GroupOutcome outcome = run_group(backend, spec, names.next());
  StressRow row{"fault", std::string(backend.name()), kind};
  row.processes = 1 + config.readers;
  if (!outcome.error.empty()) row.error = outcome.error;
  Sums sums;
  int survivors = 0, expected_survivors = 0;
  const PeerOutcome* victim = nullptr;
  for (const auto& p : outcome.peers) {
    const bool is_victim = p.role == spec.fault_role && p.index == spec.fault_index;
    if (is_victim) {
      victim = &p;
      continue;
    }
    ++expected_survivors;
    const std::string problem = peer_problem(p);
    if (problem.empty()) ++survivors;
    else first_error(row, "survivor " + problem);
    if (p.role == "reader") sums.add(p.tally);
  }
  row.iterations = outcome.published > 0 ? outcome.published : 0;
  row.real_time_ns = outcome.published > 0 ? outcome.seconds * 1e9 / static_cast<double>(outcome.published) : 0;
  row.set("messages", static_cast<double>(config.messages));
  row.set("messages_published", static_cast<double>(outcome.published));
  row.set("survivors", survivors);
  row.set("survivors_expected", expected_survivors);
  put_integrity(row, sums);
  row.set("objects_left", outcome.objects_left);
  row.set("deadline_seconds", config.timeout_seconds);
  first_error(row, integrity_problem(sums));
  if (outcome.objects_left > 0) first_error(row, "the mapping's name outlived the run");
  // Every survivor verified every message published to it.
  const std::uint64_t each = outcome.published;
  const std::uint64_t readers_left = static_cast<std::uint64_t>(config.readers - (spec.fault_role == "reader" ? 1 : 0));
  if (row.error.empty() && sums.verified != each * readers_left)
    row.error = "the surviving readers verified " + std::to_string(sums.verified) + " of " +
                std::to_string(each * readers_left) + " published messages";
  if (victim == nullptr) {
    first_error(row, "no worker got the fault");
    return row;
  }
  const std::string who = peer_name(*victim);
  const std::string rest = std::to_string(survivors) + " of " + std::to_string(expected_survivors) +
                           " survivors finished and stopped cleanly; " + std::to_string(sums.verified) +
                           " messages verified, none torn, lost or duplicated";
  if (kind == "reader-hang") {
    row.set("watchdog_seconds", victim->stalled_seconds);
    row.label = "timeout: " + who + " hung and made no progress for " + fixed(victim->stalled_seconds) +
                " s; the watchdog killed it (deadline " + fixed(config.timeout_seconds) + " s); " + rest;
    if (!victim->timed_out) first_error(row, who + " hung but the watchdog did not kill it (" + victim->ended + ")");
    else if (victim->stalled_seconds > config.timeout_seconds + 2)
      first_error(row, "the watchdog took " + fixed(victim->stalled_seconds) + " s, past its deadline");
  } else {
    row.label = "crashed: " + who + (kind == "writer-crash" ? " died mid-copy after publishing " +
                                                                  std::to_string(outcome.published) + " of " +
                                                                  std::to_string(config.messages) + " messages"
                                                            : " died while the writer waited for it") +
                " (" + victim->ended + "); " + rest;
    if (!victim->died || victim->timed_out) first_error(row, who + " should have crashed but " + victim->ended);
  }
  return row;
}

void print_row(std::ostream& progress, const StressRow& row, double seconds) {
  progress << std::left << std::setw(40) << row.name() << std::right << std::fixed << std::setprecision(2)
           << std::setw(8) << seconds << " s";
  if (!row.error.empty()) progress << "  FAILED: " << row.error;
  else if (!row.label.empty()) progress << "  " << row.label;
  progress << std::endl;
}

bool wanted(const StressConfig& config, const char* scenario) {
  return std::find(config.scenarios.begin(), config.scenarios.end(), scenario) != config.scenarios.end();
}
}  // namespace

StressResult run_stress(const StressConfig& config, std::ostream& progress) {
  StressResult result;
  const auto start = Clock::now();
  for (const auto& leftover : clean_dead_runs().removed) result.stale_removed.push_back(leftover.path);
  if (!result.stale_removed.empty())
    progress << "removed " << result.stale_removed.size() << " object(s) left by crashed earlier runs\n";
  result.timer = Timer::get().info();
  RunNames names;
  std::mt19937_64 seeds(std::random_device{}());

  const auto add = [&](StressRow row, Clock::time_point began) {
    print_row(progress, row, since(began));
    result.rows.push_back(std::move(row));
  };
  for (const auto& name : config.backends) {
    std::unique_ptr<Backend> backend = make_backend(name);
    if (!backend) continue;
    result.backends.push_back({name, std::string(backend->flags()), backend->process_local()});
    const bool local = backend->process_local();
    if (wanted(config, "fanout") && !interrupted()) {
      const auto began = Clock::now();
      const GroupSpec spec = spec_for(config, Layout::fanout, seeds());
      add(group_row("fanout", name, "readers:" + std::to_string(config.readers), spec,
                    run_group(*backend, spec, names.next())),
          began);
    }
    if (wanted(config, "fanout-scaling"))
      run_fanout_scaling(*backend, config, names, seeds, [&](StressRow row, double seconds) {
        print_row(progress, row, seconds);
        result.rows.push_back(std::move(row));
      });
    if (wanted(config, "fanin"))
      for (Layout layout : {Layout::disjoint, Layout::ring}) {
        if (interrupted()) break;
        const auto began = Clock::now();
        const GroupSpec spec = spec_for(config, layout, seeds());
        add(group_row(layout == Layout::disjoint ? "fanin_disjoint" : "fanin_ring", name,
                      "writers:" + std::to_string(config.writers), spec, run_group(*backend, spec, names.next())),
            began);
      }
    if (wanted(config, "churn") && !interrupted()) {
      const auto began = Clock::now();
      progress << "       churn " << name << ": " << config.duration_seconds << " s of storms..." << std::endl;
      for (auto& row : churn_rows(*backend, config, names.next() + "-")) add(std::move(row), began);
    }
    if (wanted(config, "capacity") && !interrupted()) {
      const auto began = Clock::now();
      progress << "       capacity " << name << ": up to " << config.max_mappings << " mappings, "
               << config.max_bytes << " bytes..." << std::endl;
      for (auto& row : capacity_rows(*backend, config, names.next() + "-")) add(std::move(row), began);
    }
    if (wanted(config, "faults") && !local)
      for (const char* kind : kFaultKinds) {
        if (interrupted()) break;
        const auto began = Clock::now();
        add(fault_row(*backend, config, kind, names, seeds()), began);
      }
  }
  print_scaling_summary(progress, result.rows);
  for (const auto& leftover : clean_prefix(names.prefix()).removed) {
    result.leaked.push_back(leftover.path);
    progress << "warning: removed leftover " << leftover.path << "\n";
  }
  result.interrupted = interrupted();
  result.seconds = since(start);
  return result;
}

}  // namespace shmbench::stress
