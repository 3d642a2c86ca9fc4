#include "micro_benchmarks.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>

#include "backends/backend.hpp"
#include "common/compiler_barrier.hpp"
#include "os/interrupt.hpp"
#include "backends/leftovers.hpp"
#include "micro_fixtures.hpp"
#include "measure/pattern.hpp"
#include "measure/timer.hpp"

namespace shmbench::micro {

namespace {
std::atomic<bool> failed{false};

// Every way a benchmark can fail ends here: the native error in the report row.
void fail(benchmark::State& state, const Error& error) {
  failed.store(true);
  state.SkipWithError(error.describe().c_str());
}

// A benchmark function gets the backend by name and makes its own instance, so no
// state is shared between benchmarks but the fixtures in micro_fixtures.hpp.
std::unique_ptr<Backend> backend_or_fail(benchmark::State& state, const std::string& name) {
  if (interrupted()) {
    fail(state, Error{ErrorKind::other, 0, "interrupt", "interrupted before this benchmark ran"});
    return nullptr;
  }
  auto backend = make_backend(name);
  if (!backend) fail(state, Error{ErrorKind::unsupported, 0, "make_backend", "no backend '" + name + "' here"});
  return backend;
}

// A new name for every iteration, made before the timing starts: Boost's file-emulated
// objects on Windows keep their name after close() and remove() under Wine, so a name
// cannot be reused, and the harness also creates each object under a new name.
std::vector<std::string> iteration_names(const std::string& base, benchmark::State& state) {
  std::vector<std::string> names;
  names.reserve(static_cast<std::size_t>(state.max_iterations));
  for (benchmark::IterationCount i = 0; i < state.max_iterations; ++i) names.push_back(base + "-" + std::to_string(i));
  return names;
}

// Times an acquire (create, open, map) followed by the release of what it returned
// (close, unmap), once per iteration.
template <typename Acquire, typename Release>
void time_acquire_release(benchmark::State& state, Acquire acquire, Release release) {
  for (auto _ : state) {
    auto acquired = acquire();
    if (!acquired.ok()) {
      fail(state, acquired.error());
      break;
    }
    const Status released = release(*acquired.value());
    if (!released.ok()) {
      fail(state, released.error());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

Status close_object(SharedObject& object) { return object.close(); }
Status unmap_view(View& view) { return view.unmap(); }

void bm_create_close(benchmark::State& state, const std::string& backend_name, std::uint64_t size) {
  auto backend = backend_or_fail(state, backend_name);
  if (!backend) return;
  const std::string base = object_names().next();
  const std::vector<std::string> names = iteration_names(base, state);
  std::size_t next = 0;
  time_acquire_release(state, [&] { return backend->create(names[next++], size); }, close_object);
  clean_prefix(base + "-");  // only names a backend failed to remove are still there
}

void bm_open_close(benchmark::State& state, const std::string& backend_name, std::uint64_t size, bool open_missing) {
  auto backend = backend_or_fail(state, backend_name);
  if (!backend) return;
  if (open_missing) {
    const std::string name = object_names().next();
    time_acquire_release(state, [&] { return backend->open(name, size); }, close_object);
    clean_object(name);
    return;
  }
  Error error;
  const CreatedObject* created = created_object(*backend, size, error);
  if (created == nullptr) return fail(state, error);
  time_acquire_release(state, [&] { return backend->open(created->name, size); }, close_object);
}

void bm_map_unmap(benchmark::State& state, const std::string& backend_name, std::uint64_t size) {
  auto backend = backend_or_fail(state, backend_name);
  if (!backend) return;
  Error error;
  CreatedObject* created = created_object(*backend, size, error);
  if (created == nullptr) return fail(state, error);
  time_acquire_release(state, [&] { return created->object->map(); }, unmap_view);
}

// Each iteration creates and maps a fresh object (untimed), writes one byte to each of
// its pages (timed with the harness's timer) and unmaps and closes it (untimed).
void bm_first_touch(benchmark::State& state, const std::string& backend_name, std::uint64_t size,
                    std::uint64_t page) {
  auto backend = backend_or_fail(state, backend_name);
  if (!backend) return;
  const Timer& timer = Timer::get();
  const std::uint64_t pages = (size + page - 1) / page;
  const std::string base = object_names().next();
  const std::vector<std::string> names = iteration_names(base, state);
  std::size_t next = 0;
  for (auto _ : state) {
    auto created = backend->create(names[next++], size);
    if (!created.ok()) {
      fail(state, created.error());
      break;
    }
    std::unique_ptr<SharedObject> object = std::move(created.value());
    auto mapped = object->map();
    if (!mapped.ok()) {
      fail(state, mapped.error());
      break;
    }
    std::unique_ptr<View> view = std::move(mapped.value());
    volatile std::byte* bytes = view->data();
    const std::uint64_t start = timer.now();
    for (std::uint64_t offset = 0; offset < size; offset += page) bytes[offset] = std::byte{1};
    const std::uint64_t end = timer.now();
    state.SetIterationTime(timer.ns_between(start, end) * 1e-9);
    const Status unmapped = view->unmap();
    const Status closed = object->close();
    if (!unmapped.ok() || !closed.ok()) {
      fail(state, unmapped.ok() ? closed.error() : unmapped.error());
      break;
    }
  }
  clean_prefix(base + "-");
  const auto touched = static_cast<std::int64_t>(state.iterations() * pages);
  state.SetItemsProcessed(touched);  // items_per_second: pages per second
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
  state.counters["seconds_per_page"] =
      benchmark::Counter(static_cast<double>(touched), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void bm_copy(benchmark::State& state, const std::string& backend_name, std::uint64_t size) {
  auto backend = backend_or_fail(state, backend_name);
  if (!backend) return;
  Error error;
  WarmMapping* mapping = warm_mapping(*backend, size, error);
  if (mapping == nullptr) return fail(state, error);
  const SourceBuffer& source = source_buffer(size, 1);
  std::byte* target = mapping->view->data();
  for (auto _ : state) {
    std::memcpy(target, source.data(), source.size());
    clobber_memory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}

void bm_read(benchmark::State& state, const std::string& backend_name, std::uint64_t size) {
  auto backend = backend_or_fail(state, backend_name);
  if (!backend) return;
  Error error;
  WarmMapping* mapping = warm_mapping(*backend, size, error);
  if (mapping == nullptr) return fail(state, error);
  constexpr std::uint64_t kSeed = 2;
  std::byte* data = mapping->view->data();
  const std::size_t bytes = mapping->view->size();
  fill_pattern(data, bytes, kSeed);
  std::size_t mismatch = bytes;
  for (auto _ : state) {
    mismatch = std::min(mismatch, find_pattern_mismatch(data, bytes, kSeed));
    clobber_memory();
  }
  if (mismatch != bytes)
    return fail(state, Error{ErrorKind::data_mismatch, 0, "verify",
                             "byte " + std::to_string(mismatch) + " differs from what was written"});
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}

// The reference for bm_read: the same warm view read without checking a byte.
void bm_read_unverified(benchmark::State& state, const std::string& backend_name, std::uint64_t size) {
  auto backend = backend_or_fail(state, backend_name);
  if (!backend) return;
  Error error;
  WarmMapping* mapping = warm_mapping(*backend, size, error);
  if (mapping == nullptr) return fail(state, error);
  const std::byte* data = mapping->view->data();
  const std::size_t bytes = mapping->view->size();
  std::uint64_t folded = 0;
  for (auto _ : state) {
    folded ^= read_unverified(data, bytes);
    clobber_memory();
  }
  keep_value(folded);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}

// Fresh mappings per iteration are costly to set up (untimed), so first_touch runs a
// fixed count per repetition: about 16 MiB of pages, at most 64 mappings.
std::int64_t first_touch_iterations(std::uint64_t size) {
  return static_cast<std::int64_t>(std::clamp<std::uint64_t>((16ull << 20) / size, 1, 64));
}
}  // namespace

const std::vector<std::string>& micro_operations(bool process_local) {
  static const std::vector<std::string> named = {"create_close", "open_close", "map_unmap", "first_touch",
                                                 "copy",         "read",       "read_unverified"};
  // The heap reference has no name to open: it is there for throughput.
  static const std::vector<std::string> local = {"first_touch", "copy", "read", "read_unverified"};
  return process_local ? local : named;
}

std::size_t register_micro_benchmarks(const MicroPlan& plan) {
  std::size_t count = 0;
  // Backend, then size, then operation: copy and read of one size run back to back and
  // share one warm mapping.
  for (const auto& backend : plan.backends) {
    const bool process_local = make_backend(backend)->process_local();
    for (std::uint64_t size : plan.sizes) {
      for (const auto& op : micro_operations(process_local)) {
        const std::string name = op + "/" + backend + "/" + std::to_string(size);
        benchmark::internal::Benchmark* bench = nullptr;
        if (op == "create_close") bench = benchmark::RegisterBenchmark(name.c_str(), bm_create_close, backend, size);
        else if (op == "open_close")
          bench = benchmark::RegisterBenchmark(name.c_str(), bm_open_close, backend, size, plan.open_missing);
        else if (op == "map_unmap") bench = benchmark::RegisterBenchmark(name.c_str(), bm_map_unmap, backend, size);
        else if (op == "first_touch")
          bench = benchmark::RegisterBenchmark(name.c_str(), bm_first_touch, backend, size, plan.page_size)
                      ->UseManualTime()
                      ->Iterations(first_touch_iterations(size));
        else if (op == "copy") bench = benchmark::RegisterBenchmark(name.c_str(), bm_copy, backend, size);
        else if (op == "read") bench = benchmark::RegisterBenchmark(name.c_str(), bm_read, backend, size);
        else bench = benchmark::RegisterBenchmark(name.c_str(), bm_read_unverified, backend, size);
        // Wall time, not CPU time: under Wine much of the work happens in wineserver.
        if (op != "first_touch") bench->UseRealTime();
        ++count;
      }
    }
  }
  return count;
}

bool any_benchmark_failed() { return failed.load(); }

}  // namespace shmbench::micro
