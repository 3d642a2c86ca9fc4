#include "scenarios/lifecycle/lifecycle_worker.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "backends/backend.hpp"
#include "common/compiler_barrier.hpp"
#include "measure/pattern.hpp"
#include "os/process.hpp"
#include "measure/source_buffer.hpp"
#include "os/sysinfo.hpp"
#include "measure/timer.hpp"

namespace shmbench {

namespace {
using nlohmann::json;

// A warm copy or read is timed over a batch of passes, never over a few timer ticks
// and never over fewer than kMinPasses passes.
//
// Copies get long batches: a copy whose source and target nearly fill the last-level
// cache warms up over tens of passes. On a 32 MiB-L3 machine, 16 MiB copies ran at
// 25-29 GB/s over 3-6 passes, 28 GB/s over 32 and 30-31 GB/s over 64, where
// shmbench-micro's steady state (hundreds of passes) gave 31-35 GB/s. Reads showed no
// such ramp, and a read pass costs five times a copy pass, so their batches are shorter.
constexpr std::uint64_t kCopyBatchBytes = 1024ull << 20;
constexpr std::uint64_t kReadBatchBytes = 64ull << 20;
constexpr std::uint64_t kMinPasses = 4;

std::uint64_t passes_for(std::uint64_t size, std::uint64_t batch_bytes) {
  return std::max(kMinPasses, batch_bytes / size);
}

void reply(const json& message) { std::cout << message.dump() << std::endl; }

json failure(const Error& error) { return {{"ok", false}, {"error", error.describe()}}; }

// Times `work` with the harness timer; returns nanoseconds.
template <typename Work>
double timed(Work&& work) {
  const Timer& timer = Timer::get();
  const std::uint64_t start = timer.now();
  work();
  const std::uint64_t end = timer.now();
  return timer.ns_between(start, end);
}

class Writer {
 public:
  Writer(Backend& backend, std::uint64_t size, std::uint64_t page_size, std::string fault)
      : backend_(backend), size_(size), page_size_(page_size), fault_(std::move(fault)),
        source_(static_cast<std::size_t>(size)) {}

  json write(const std::string& name, std::uint64_t seed) {
    fill_pattern(source_.data(), source_.size(), seed);  // untimed: the data to copy
    json ns;

    Result<std::unique_ptr<SharedObject>> created = Error{};
    ns["create"] = timed([&] { created = backend_.create(name, size_); });
    if (!created.ok()) return failure(created.error());
    object_ = std::move(created.value());

    Result<std::unique_ptr<View>> mapped = Error{};
    ns["map"] = timed([&] { mapped = object_->map(); });
    if (!mapped.ok()) return failure(mapped.error());
    view_ = std::move(mapped.value());

    if (fault_ == "writer-crash") die_abruptly();
    if (fault_ == "writer-hang") std::this_thread::sleep_for(std::chrono::hours(24));

    volatile std::byte* pages = view_->data();
    const std::uint64_t page_count = (size_ + page_size_ - 1) / page_size_;
    const double touch_ns = timed([&] {
      for (std::uint64_t offset = 0; offset < size_; offset += page_size_) pages[offset] = std::byte{1};
    });
    ns["first_touch"] = touch_ns / static_cast<double>(page_count);

    const auto copy = [&](std::uint64_t count) {
      for (std::uint64_t i = 0; i < count; ++i) {
        std::memcpy(view_->data(), source_.data(), source_.size());
        clobber_memory();
      }
    };
    // The first copy into the fresh view is its own figure (copy_cold); the warm copy
    // is timed after it.
    ns["copy_cold"] = timed([&] { copy(1); });
    const std::uint64_t passes = passes_for(size_, kCopyBatchBytes);
    const double copy_ns = timed([&] { copy(passes); });
    ns["copy"] = copy_ns / static_cast<double>(passes);
    return {{"ok", true}, {"ns", ns}, {"iterations", {{"first_touch", page_count}, {"copy_cold", 1}, {"copy", passes}}}};
  }

  json release() {
    json ns;
    if (view_) {
      Status unmapped;
      ns["unmap"] = timed([&] { unmapped = view_->unmap(); });
      view_.reset();
      if (!unmapped.ok()) return failure(unmapped.error());
    }
    if (object_) {
      Status closed;
      ns["close"] = timed([&] { closed = object_->close(); });
      object_.reset();
      if (!closed.ok()) return failure(closed.error());
    }
    return {{"ok", true}, {"ns", ns}};
  }

 private:
  Backend& backend_;
  std::uint64_t size_;
  std::uint64_t page_size_;
  std::string fault_;
  SourceBuffer source_;
  std::unique_ptr<SharedObject> object_;
  std::unique_ptr<View> view_;
};

class Reader {
 public:
  Reader(Backend& backend, std::uint64_t size, std::string fault)
      : backend_(backend), size_(size), fault_(std::move(fault)) {}

  json read(const std::string& name, std::uint64_t seed) {
    json ns;
    std::unique_ptr<SharedObject> object;
    if (backend_.process_local()) {
      // The heap reference has nothing to open: it reads a buffer of its own, filled
      // with the same pattern outside the timing.
      auto created = backend_.create(name, size_);
      if (!created.ok()) return failure(created.error());
      object = std::move(created.value());
    } else {
      Result<std::unique_ptr<SharedObject>> opened = Error{};
      ns["open"] = timed([&] { opened = backend_.open(name, size_); });
      if (!opened.ok()) return failure(opened.error());
      object = std::move(opened.value());
    }
    if (fault_ == "reader-crash") die_abruptly();

    auto mapped = object->map();
    if (!mapped.ok()) return failure(mapped.error());
    std::unique_ptr<View> view = std::move(mapped.value());
    if (backend_.process_local()) fill_pattern(view->data(), view->size(), seed);

    std::size_t mismatch = 0;
    const auto verify = [&] { mismatch = std::min(mismatch, find_pattern_mismatch(view->data(), view->size(), seed)); };
    if (!backend_.process_local()) {
      mismatch = view->size();
      ns["read_cold"] = timed(verify);
      if (mismatch != view->size()) return mismatch_failure(mismatch);
    }
    const std::uint64_t passes = passes_for(size_, kReadBatchBytes);
    mismatch = view->size();
    const double read_ns = timed([&] {
      for (std::uint64_t i = 0; i < passes; ++i) {
        verify();
        clobber_memory();
      }
    });
    if (mismatch != view->size()) return mismatch_failure(mismatch);
    ns["read"] = read_ns / static_cast<double>(passes);

    Status unmapped = view->unmap();
    if (!unmapped.ok()) return failure(unmapped.error());
    Status closed = object->close();
    if (!closed.ok()) return failure(closed.error());
    return {{"ok", true}, {"ns", ns}, {"iterations", {{"read", passes}, {"read_cold", 1}}}};
  }

 private:
  static json mismatch_failure(std::size_t offset) {
    return failure(Error{ErrorKind::data_mismatch, 0, "verify",
                         "byte " + std::to_string(offset) + " differs from what the writer copied"});
  }
  Backend& backend_;
  std::uint64_t size_;
  std::string fault_;
};
}  // namespace

int run_worker(const WorkerOptions& options) {
  std::unique_ptr<Backend> backend = make_backend(options.backend);
  if (!backend) {
    reply({{"ok", false}, {"error", "unknown backend '" + options.backend + "'"}});
    return 2;
  }
  const TimerInfo& timer = Timer::get().info();  // calibrate before anything is timed
  const SystemInfo system = read_system_info();
  std::unique_ptr<Writer> writer;
  std::unique_ptr<Reader> reader;
  if (options.role == "writer") writer = std::make_unique<Writer>(*backend, options.size, system.page_size, options.fault);
  else reader = std::make_unique<Reader>(*backend, options.size, options.fault);

  reply({{"ok", true},
         {"timer", {{"source", timer.source}, {"resolution_ns", timer.resolution_ns},
                    {"read_overhead_ns", timer.read_overhead_ns},
                    {"os_clock", timer.os_clock}, {"os_clock_resolution_ns", timer.os_clock_resolution_ns},
                    {"tsc_ghz", timer.tsc_ghz}}}});

  std::string line;
  while (std::getline(std::cin, line)) {
    const json command = json::parse(line, nullptr, false);
    if (command.is_discarded() || !command.is_object()) {
      reply({{"ok", false}, {"error", "worker: malformed command"}});
      return 2;
    }
    const std::string verb = command.value("cmd", "");
    if (verb == "exit") return 0;
    if (verb == "write" && writer) reply(writer->write(command.at("name"), command.at("seed")));
    else if (verb == "release" && writer) reply(writer->release());
    else if (verb == "read" && reader) reply(reader->read(command.at("name"), command.at("seed")));
    else reply({{"ok", false}, {"error", "worker: '" + verb + "' is not a command of the " + options.role}});
  }
  return 0;  // the controller closed our stdin: nothing more to do
}

}  // namespace shmbench
