#include "scenarios/stress/group.hpp"

#include <chrono>
#include <memory>
#include <new>
#include <random>
#include <thread>

#include "backends/leftovers.hpp"
#include "os/interrupt.hpp"
#include "os/process.hpp"
#include "scenarios/stress/stress_protocol.hpp"

namespace shmbench::stress {

namespace {
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct Peer {
  PeerOutcome out;
  std::unique_ptr<ChildProcess> child;
  bool resolved = false;
  std::uint64_t progress = 0;
  Clock::time_point last_change = Clock::now();
};

std::uint64_t load(const Counter& c) { return c.value.load(std::memory_order_acquire); }

// What a peer has done so far, and whether it has work it could be doing now.
std::uint64_t progress_of(const Header& h, const Peer& p) {
  const auto layout = static_cast<Layout>(h.layout);
  if (p.out.role == "writer") return load(h.published[p.out.index]);
  if (layout == Layout::fanout) return load(h.consumed[p.out.index]);
  if (layout == Layout::ring) return load(h.consumed[0]);
  std::uint64_t sum = 0;
  for (std::uint64_t w = 0; w < h.writers; ++w) sum += load(h.consumed[w]);
  return sum;
}

bool has_work(const Header& h, const Peer& p) {
  const auto layout = static_cast<Layout>(h.layout);
  std::uint64_t published = 0;
  for (std::uint64_t w = 0; w < h.writers; ++w) published += load(h.published[w]);
  if (p.out.role == "reader") return progress_of(h, p) < published;
  const std::uint64_t mine = load(h.published[p.out.index]);
  if (load(h.done[p.out.index]) != 0) return false;
  if (layout == Layout::disjoint) return load(h.consumed[p.out.index]) + h.slots > mine;
  if (layout == Layout::ring) return load(h.tail) < load(h.consumed[0]) + h.slots;
  std::uint64_t slowest = UINT64_MAX;
  for (std::uint64_t r = 0; r < h.readers; ++r)
    if (load(h.gone[r]) == 0) slowest = std::min(slowest, load(h.consumed[r]));
  // Lockstep: the writer waits for every ack of its last message before the next.
  if (h.lockstep != 0) return slowest == UINT64_MAX || slowest >= mine;
  return slowest == UINT64_MAX || slowest + h.slots > mine;
}

Task task_for(const std::string& backend, const std::string& name, std::uint64_t size, const GroupSpec& spec,
              const std::string& role, int index) {
  Task t;
  t.kind = role;
  t.backend = backend;
  t.name = name;
  t.size = size;
  t.index = index;
  if (role == "writer" && index == 0) {
    switch (spec.corruption) {
      case Corruption::none: break;
      case Corruption::torn: t.corruption = "torn"; break;
      case Corruption::lost: t.corruption = "lost"; break;
      case Corruption::duplicate: t.corruption = "duplicate"; break;
    }
  }
  if (role == spec.fault_role && index == spec.fault_index) t.fault = worker_fault_name(spec.fault);
  return t;
}

std::vector<std::pair<std::string, int>> roles_of(const Shape& shape) {
  std::vector<std::pair<std::string, int>> roles;
  for (int w = 0; w < shape.writers; ++w) roles.emplace_back("writer", w);
  for (int r = 0; r < shape.readers; ++r) roles.emplace_back("reader", r);
  return roles;
}

// The in-process reference: the same code on threads over a heap buffer.
GroupOutcome run_threads(const GroupSpec& spec) {
  GroupOutcome outcome;
  const std::uint64_t size = mapping_size(spec.shape);
  std::unique_ptr<std::byte[]> raw(new (std::nothrow) std::byte[size + 64]);
  if (!raw) {
    outcome.error = "heap: cannot allocate " + std::to_string(size) + " bytes";
    return outcome;
  }
  auto* base = reinterpret_cast<std::byte*>((reinterpret_cast<std::uintptr_t>(raw.get()) + 63) / 64 * 64);
  initialise(base, spec.shape);
  const auto roles = roles_of(spec.shape);
  outcome.peers.resize(roles.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < roles.size(); ++i) {
    outcome.peers[i].role = roles[i].first;
    outcome.peers[i].index = roles[i].second;
    threads.emplace_back([&, i] {
      PeerOutcome& p = outcome.peers[i];
      wait_for_go(base);
      p.tally = p.role == "writer" ? run_writer(base, p.index, spec.corruption, WorkerFault::none)
                                   : run_reader(base, p.index, WorkerFault::none);
      p.reported = p.stopped_cleanly = true;
      p.ended = "thread joined";
    });
  }
  const auto start = Clock::now();
  header_of(base)->go.value.store(1, std::memory_order_release);
  for (auto& t : threads) t.join();
  outcome.seconds = since(start);
  for (int w = 0; w < spec.shape.writers; ++w) outcome.published += header_of(base)->published[w].value.load();
  return outcome;
}
}  // namespace

GroupOutcome run_group(Backend& backend, const GroupSpec& spec, const std::string& name, const Started& started) {
  if (backend.process_local()) return run_threads(spec);
  GroupOutcome outcome;
  const std::uint64_t size = mapping_size(spec.shape);
  auto created = backend.create(name, size);
  if (!created.ok()) {
    outcome.error = created.error().describe();
    return outcome;
  }
  auto mapped = created.value()->map();
  if (!mapped.ok()) {
    outcome.error = mapped.error().describe();
    (void)created.value()->close();
    (void)clean_object(name);
    return outcome;
  }
  std::unique_ptr<SharedObject> object = std::move(created.value());
  std::unique_ptr<View> view = std::move(mapped.value());
  std::byte* base = view->data();
  initialise(base, spec.shape);
  Header& h = *header_of(base);

  std::vector<Peer> peers;
  for (const auto& [role, index] : roles_of(spec.shape)) {
    Peer p;
    p.out.role = role;
    p.out.index = index;
    peers.push_back(std::move(p));
  }
  const auto watchdog = std::chrono::duration<double>(spec.timeout_seconds);
  // Starting up (under Wine many processes start slowly) is not progress work: its own,
  // more generous deadline.
  const double start_deadline = std::max(spec.timeout_seconds, 60.0);
  std::vector<long> pids;
  for (Peer& p : peers) {
    auto child = start_worker_process({"stress-worker"});
    if (!child.ok()) {
      outcome.error = p.out.role + " " + std::to_string(p.out.index) + " could not start: " + child.error().describe();
      break;
    }
    p.child = std::move(child.value());
    p.out.pid = p.child->pid();
    pids.push_back(p.out.pid);
    Status sent = p.child->write_line(encode_task(task_for(std::string(backend.name()), name, size, spec, p.out.role, p.out.index)));
    if (!sent.ok()) outcome.error = p.out.role + ": " + sent.error().describe();
  }

  // Everyone ready?
  std::size_t ready = 0;
  const auto setup = Clock::now();
  while (outcome.error.empty() && ready < peers.size()) {
    std::vector<ChildProcess*> waiting;
    std::vector<Peer*> of;
    for (Peer& p : peers)
      if (!p.resolved) waiting.push_back(p.child.get()), of.push_back(&p);
    const double left = start_deadline - since(setup);
    if (left <= 0 || interrupted()) {
      outcome.error = interrupted() ? "interrupted" : "workers not ready within " + std::to_string(int(start_deadline)) + " s";
      break;
    }
    AnyLine got = read_any_line(waiting, milliseconds(static_cast<long long>(left * 1000) + 1));
    if (got.kind == AnyLine::Kind::line) {
      auto reply = decode_reply(got.line);
      if (!reply.ok() || reply.value().type != "ready") {
        outcome.error = of[got.index]->out.role + " " + std::to_string(of[got.index]->out.index) + ": " +
                        (reply.ok() ? reply.value().error : reply.error().describe());
        break;
      }
      of[got.index]->resolved = true;  // for this loop only
      ++ready;
    } else if (got.kind == AnyLine::Kind::closed) {
      outcome.error = of[got.index]->out.role + " " + std::to_string(of[got.index]->out.index) + " exited before it was ready";
    }
  }
  for (Peer& p : peers) p.resolved = false;

  if (outcome.error.empty()) {
    if (started) started(pids, name);
    const auto start = Clock::now();
    for (Peer& p : peers) p.last_change = start;
    h.go.value.store(1, std::memory_order_release);
    auto last_any_change = start;
    while (true) {
      std::vector<ChildProcess*> live;
      std::vector<Peer*> of;
      for (Peer& p : peers)
        if (!p.resolved) live.push_back(p.child.get()), of.push_back(&p);
      if (live.empty()) break;
      AnyLine got = read_any_line(live, milliseconds(100));
      if (got.kind == AnyLine::Kind::interrupted || interrupted()) {
        outcome.interrupted = true;
        h.abort.value.store(1, std::memory_order_release);
        for (Peer* p : of) {
          p->child->kill();
          p->out.died = true;
          p->out.error = "interrupted";
          p->resolved = true;
        }
        break;
      }
      if (got.kind == AnyLine::Kind::line) {
        Peer& p = *of[got.index];
        auto reply = decode_reply(got.line);
        if (!reply.ok()) p.out.error = reply.error().describe();
        else if (reply.value().type == "result") {
          p.out.tally = take_tally(reply.value().counters);
          p.out.reported = true;
        } else p.out.error = reply.value().error.empty() ? "said '" + reply.value().type + "'" : reply.value().error;
        p.resolved = true;
      } else if (got.kind == AnyLine::Kind::closed) {
        Peer& p = *of[got.index];
        const auto status = p.child->wait(milliseconds(5000));
        p.out.died = true;
        p.out.ended = status ? status->describe() : "still running";
        p.resolved = true;
        // A dead reader is not waited for; a dead writer ends the readers' wait.
        if (p.out.role == "reader" && h.layout == static_cast<std::uint64_t>(Layout::fanout))
          h.gone[p.out.index].value.store(1, std::memory_order_release);
        else
          h.abort.value.store(1, std::memory_order_release);
      }
      // The watchdog: a worker with work waiting that has not moved for the deadline.
      const auto now = Clock::now();
      for (Peer& p : peers) {
        if (p.resolved) continue;
        const std::uint64_t progress = progress_of(h, p);
        if (progress != p.progress || !has_work(h, p)) {
          if (progress != p.progress) last_any_change = now;
          p.progress = progress;
          p.last_change = now;
          continue;
        }
        if (now - p.last_change < watchdog) continue;
        p.out.stalled_seconds = since(p.last_change);
        p.child->kill();
        p.out.timed_out = true;
        // Its end shows up as a closed pipe on the next round.
      }
      // Nobody moved for three deadlines (a stall the rules above do not see): end it.
      if (now - last_any_change > 3 * watchdog) {
        h.abort.value.store(1, std::memory_order_release);
        for (Peer& p : peers)
          if (!p.resolved && now - last_any_change > 4 * watchdog) {
            p.out.stalled_seconds = since(p.last_change);
            p.out.timed_out = true;
            p.child->kill();
          }
      }
    }
    outcome.seconds = since(start);
  }

  // Everyone stops: asked, then terminated, then killed.
  for (Peer& p : peers) {
    if (!p.child) continue;
    const StopOutcome stop = p.child->stop(exit_line());
    if (!p.out.died) p.out.ended = stop.status ? stop.status->describe() : "still running";
    p.out.stopped_cleanly = p.out.reported && stop.step == StopStep::asked && stop.status && stop.status->code == 0 &&
                            !stop.status->signaled;
    if (stop.step == StopStep::still_running && outcome.error.empty())
      outcome.error = p.out.role + " " + std::to_string(p.out.index) + " would not stop";
  }
  for (int w = 0; w < spec.shape.writers; ++w) outcome.published += h.published[w].value.load();
  for (Peer& p : peers) outcome.peers.push_back(p.out);

  (void)view->unmap();
  (void)object->close();
  outcome.backend_leftovers = static_cast<double>(clean_object(name).removed.size());
  auto reopened = backend.open(name, size);
  if (reopened.ok()) {
    outcome.objects_left += 1;
    (void)reopened.value()->close();
    (void)backend.remove(name);
  }
  return outcome;
}

void put_tally(std::map<std::string, double>& c, const Tally& t) {
  c["messages"] = static_cast<double>(t.messages);
  c["verified"] = static_cast<double>(t.verified);
  c["torn"] = static_cast<double>(t.torn);
  c["lost"] = static_cast<double>(t.lost);
  c["duplicated"] = static_cast<double>(t.duplicated);
  c["retries"] = static_cast<double>(t.retries);
  c["expected"] = static_cast<double>(t.expected);
  c["seconds"] = t.seconds;
  c["aborted"] = t.aborted ? 1 : 0;
  if (t.latency.samples > 0) {
    c["latency_samples"] = static_cast<double>(t.latency.samples);
    c["latency_min_ns"] = t.latency.min_ns;
    c["latency_p50_ns"] = t.latency.p50_ns;
    c["latency_p99_ns"] = t.latency.p99_ns;
    c["latency_max_ns"] = t.latency.max_ns;
    c["latency_mean_ns"] = t.latency.mean_ns;
  }
}

Tally take_tally(const std::map<std::string, double>& c) {
  const auto get = [&](const char* k) {
    const auto it = c.find(k);
    return it == c.end() ? 0.0 : it->second;
  };
  Tally t;
  t.messages = static_cast<std::uint64_t>(get("messages"));
  t.verified = static_cast<std::uint64_t>(get("verified"));
  t.torn = static_cast<std::uint64_t>(get("torn"));
  t.lost = static_cast<std::uint64_t>(get("lost"));
  t.duplicated = static_cast<std::uint64_t>(get("duplicated"));
  t.retries = static_cast<std::uint64_t>(get("retries"));
  t.expected = static_cast<std::uint64_t>(get("expected"));
  t.seconds = get("seconds");
  t.aborted = get("aborted") != 0;
  t.latency.samples = static_cast<std::uint64_t>(get("latency_samples"));
  t.latency.min_ns = get("latency_min_ns");
  t.latency.p50_ns = get("latency_p50_ns");
  t.latency.p99_ns = get("latency_p99_ns");
  t.latency.max_ns = get("latency_max_ns");
  t.latency.mean_ns = get("latency_mean_ns");
  return t;
}

WorkerFault worker_fault_named(const std::string& name) {
  if (name == "crash-mid-copy") return WorkerFault::crash_mid_copy;
  if (name == "crash") return WorkerFault::crash;
  if (name == "hang") return WorkerFault::hang;
  return WorkerFault::none;
}

std::string worker_fault_name(WorkerFault fault) {
  switch (fault) {
    case WorkerFault::none: return "none";
    case WorkerFault::crash_mid_copy: return "crash-mid-copy";
    case WorkerFault::crash: return "crash";
    case WorkerFault::hang: return "hang";
  }
  return "none";
}

Corruption corruption_named(const std::string& name) {
  if (name == "torn") return Corruption::torn;
  if (name == "lost") return Corruption::lost;
  if (name == "duplicate") return Corruption::duplicate;
  return Corruption::none;
}

}  // namespace shmbench::stress
