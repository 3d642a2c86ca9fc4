#include "scenarios/stress/storms.hpp"

#include <chrono>
#include <cstring>
#include <memory>
#include <vector>

#include "backends/leftovers.hpp"
#include "measure/timer.hpp"
#include "os/resources.hpp"
#include "os/sysinfo.hpp"

namespace shmbench::stress {

namespace {
using Clock = std::chrono::steady_clock;
constexpr int kBatch = 64;  // names alive at once in a churn cycle

struct Timed {
  double ns = 0;
  double calls = 0;
};

// Times one call into `into`.
template <typename Call>
auto timed(Timed& into, Call&& call) {
  const Timer& timer = Timer::get();
  const std::uint64_t start = timer.now();
  auto result = call();
  into.ns += timer.ns_between(start, timer.now());
  into.calls += 1;
  return result;
}

// How many of these names can still be opened, plus shmbench objects under `prefix`
// still on disk: what a storm left behind.
double objects_left(Backend& backend, const std::string& prefix, const std::vector<std::string>& probes,
                    std::uint64_t size) {
  double left = static_cast<double>(find_leftovers(prefix).size());
  if (backend.process_local()) return left;
  for (const auto& name : probes) {
    auto opened = backend.open(name, size);
    if (opened.ok()) {
      left += 1;
      (void)opened.value()->close();
    }
  }
  return left;
}
}  // namespace

Reply run_churn(Backend& backend, const Task& task) {
  Reply reply{"result", {}, {}, {}, {}};
  const bool local = backend.process_local();
  Timed create, open, map, unmap, close;
  double verify_failures = 0, leftovers = 0, names_used = 0;
  std::vector<std::string> probes;
  std::uint64_t next_name = 0;
  std::string error;

  struct Live {
    std::string name;
    std::unique_ptr<SharedObject> created, opened;
    std::unique_ptr<View> created_view, opened_view;
  };
  // One cycle: a batch of names through every call, in storms of one call at a time.
  const auto cycle = [&](bool keep_probe) -> bool {
    std::vector<Live> live(kBatch);
    for (auto& l : live) {
      l.name = task.name + std::to_string(next_name++);
      auto made = timed(create, [&] { return backend.create(l.name, task.unit); });
      if (!made.ok()) return error = made.error().describe(), false;
      l.created = std::move(made.value());
      names_used += 1;
    }
    if (!local)
      for (auto& l : live) {
        auto got = timed(open, [&] { return backend.open(l.name, task.unit); });
        if (!got.ok()) return error = got.error().describe(), false;
        l.opened = std::move(got.value());
      }
    for (auto& l : live) {
      auto view = timed(map, [&] { return l.created->map(); });
      if (!view.ok()) return error = view.error().describe(), false;
      l.created_view = std::move(view.value());
      if (local) continue;
      auto other = timed(map, [&] { return l.opened->map(); });
      if (!other.ok()) return error = other.error().describe(), false;
      l.opened_view = std::move(other.value());
    }
    // Each object is its own: what one view writes, the other (the same object opened
    // by name) reads.
    for (std::size_t i = 0; i < live.size(); ++i) {
      const std::uint64_t mark = next_name * 131 + i;
      std::memcpy(live[i].created_view->data(), &mark, sizeof mark);
    }
    for (std::size_t i = 0; i < live.size(); ++i) {
      const std::uint64_t mark = next_name * 131 + i;
      const View& seen = local ? *live[i].created_view : *live[i].opened_view;
      if (std::memcmp(seen.data(), &mark, sizeof mark) != 0) verify_failures += 1;
    }
    for (auto& l : live)
      for (View* view : {l.opened_view.get(), l.created_view.get()}) {
        if (view == nullptr) continue;
        Status s = timed(unmap, [&] { return view->unmap(); });
        if (!s.ok()) return error = s.error().describe(), false;
      }
    for (auto& l : live)
      for (SharedObject* object : {l.opened.get(), l.created.get()}) {
        if (object == nullptr) continue;
        Status s = timed(close, [&] { return object->close(); });
        if (!s.ok()) return error = s.error().describe(), false;
      }
    // Objects a backend's close leaves on disk (Boost's emulation under Wine) are removed
    // as the lifecycle scenario removes them, and counted.
    leftovers += static_cast<double>(clean_prefix(task.name).removed.size());
    if (keep_probe) probes.push_back(live.front().name), probes.push_back(live.back().name);
    return true;
  };

  (void)Timer::get();
  // A warm-up cycle: the first calls allocate what the process keeps (Boost's folder,
  // the C library's buffers), which is not a leak.
  if (!cycle(false)) {
    reply.type = "failed";
    reply.error = error;
    return reply;
  }
  create = open = map = unmap = close = Timed{};
  leftovers = 0;
  const ResourceCounts before = count_resources();
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration<double>(task.duration);
  std::uint64_t cycles = 0;
  bool ok = true;
  while (ok && Clock::now() < end) ok = cycle(cycles++ % 16 == 0);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const ResourceCounts after = count_resources();

  auto& c = reply.counters;
  for (const auto& [op, t] : {std::pair<const char*, const Timed&>{"create", create}, {"open", open}, {"map", map},
                             {"unmap", unmap}, {"close", close}}) {
    c[std::string(op) + "_calls"] = t.calls;
    c[std::string(op) + "_ns"] = t.ns;
  }
  c["seconds"] = seconds;
  c["names"] = names_used;
  c["cycles"] = static_cast<double>(cycles);
  c["verify_failures"] = verify_failures;
  c["backend_leftovers"] = leftovers;
  c["handles_before"] = static_cast<double>(before.handles);
  c["handles_after"] = static_cast<double>(after.handles);
  c["mappings_before"] = static_cast<double>(before.shared_mappings);
  c["mappings_after"] = static_cast<double>(after.shared_mappings);
  c["leaks_objects"] = objects_left(backend, task.name, probes, task.unit);
  if (!ok) {
    reply.type = "failed";
    reply.error = error;
  }
  return reply;
}

Reply run_capacity(Backend& backend, const Task& task) {
  Reply reply{"result", {}, {}, {}, {}};
  auto& c = reply.counters;
  const std::uint64_t page = read_system_info().page_size;
  c["rlimit_nofile"] = static_cast<double>(raise_open_file_limit());

  // How many at once: mappings of one unit each, the first page of each written and read
  // back, until the OS refuses or a bound is reached.
  struct Held {
    std::unique_ptr<SharedObject> object;
    std::unique_ptr<View> view;
  };
  std::vector<Held> held;
  std::string count_stop;
  bool count_refused = false;
  auto start = Clock::now();
  while (true) {
    if (held.size() >= task.max_mappings) {
      count_stop = "stopped at --max-mappings " + std::to_string(task.max_mappings);
      break;
    }
    if ((held.size() + 1) * task.unit > task.max_bytes) {
      count_stop = "stopped at --max-bytes " + std::to_string(task.max_bytes);
      break;
    }
    const std::string name = task.name + "n" + std::to_string(held.size());
    auto made = backend.create(name, task.unit);
    if (!made.ok()) {
      count_stop = made.error().describe();
      count_refused = true;
      break;
    }
    auto view = made.value()->map();
    if (!view.ok()) {
      count_stop = view.error().describe();
      count_refused = true;
      break;
    }
    const std::uint64_t mark = held.size() + 1;
    std::memcpy(view.value()->data(), &mark, sizeof mark);
    held.push_back({std::move(made.value()), std::move(view.value())});
  }
  double bad_marks = 0;
  for (std::size_t i = 0; i < held.size(); ++i) {
    std::uint64_t mark = 0;
    std::memcpy(&mark, held[i].view->data(), sizeof mark);
    if (mark != i + 1) bad_marks += 1;
  }
  c["count_seconds"] = std::chrono::duration<double>(Clock::now() - start).count();
  c["capacity_count"] = static_cast<double>(held.size());
  c["count_refused"] = count_refused ? 1 : 0;
  c["verify_failures"] = bad_marks;
  reply.texts["count_stop"] = count_stop;
  start = Clock::now();
  for (auto& h : held) {
    (void)h.view->unmap();
    (void)h.object->close();
  }
  held.clear();
  c["release_seconds"] = std::chrono::duration<double>(Clock::now() - start).count();
  double leftovers = static_cast<double>(clean_prefix(task.name).removed.size());

  // How large one mapping: doubling from 1 MiB up to --max-bytes, every page touched.
  std::uint64_t size = std::min<std::uint64_t>(1 << 20, task.max_bytes), largest = 0, refused_at = 0;
  std::string largest_stop;
  start = Clock::now();
  while (size > 0) {
    const std::string name = task.name + "l" + std::to_string(size);
    auto made = backend.create(name, size);
    if (!made.ok()) {
      largest_stop = made.error().describe();
      refused_at = size;
      break;
    }
    auto view = made.value()->map();
    if (!view.ok()) {
      largest_stop = view.error().describe();
      refused_at = size;
      break;
    }
    std::string fault;
    const bool touched = touch_pages(view.value()->data(), size, page, fault);
    (void)view.value()->unmap();
    (void)made.value()->close();
    leftovers += static_cast<double>(clean_prefix(task.name).removed.size());
    if (!touched) {
      largest_stop = fault;
      refused_at = size;
      break;
    }
    largest = size;
    if (size >= task.max_bytes) {
      largest_stop = "stopped at --max-bytes " + std::to_string(task.max_bytes);
      break;
    }
    size = std::min(size * 2, task.max_bytes);
  }
  c["largest_seconds"] = std::chrono::duration<double>(Clock::now() - start).count();
  c["largest_bytes"] = static_cast<double>(largest);
  c["largest_refused"] = refused_at > 0 ? 1 : 0;
  c["refused_bytes"] = static_cast<double>(refused_at);
  reply.texts["largest_stop"] = largest_stop;
  c["backend_leftovers"] = leftovers;
  c["leaks_objects"] = objects_left(backend, task.name, {task.name + "n0", task.name + "l1048576"}, task.unit);
  return reply;
}

}  // namespace shmbench::stress
