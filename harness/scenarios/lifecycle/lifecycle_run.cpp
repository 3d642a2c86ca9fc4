#include "scenarios/lifecycle/lifecycle_run.hpp"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <random>
#include <stdexcept>

#include "backends/backend.hpp"
#include "backends/leftovers.hpp"
#include "backends/names.hpp"
#include "common/sizes.hpp"
#include "orchestration/worker_process.hpp"
#include "os/interrupt.hpp"

namespace shmbench::lifecycle {

namespace {
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<std::string> worker_args(const char* role, const std::string& backend, std::uint64_t size,
                                     const RunConfig& config) {
  std::vector<std::string> args = {"worker", "--role", role, "--backend", backend, "--size", std::to_string(size)};
  if (!config.fault.empty()) args.insert(args.end(), {"--fault", config.fault});
  return args;
}

// Keeps the samples of the operations this cell reports; a worker may time more (the
// heap's writer maps its buffer too, which is no mapping at all).
void record(Cell& cell, const MeasuredReply& reply) {
  for (const Sample& sample : reply.samples) {
    if (std::find(cell.operations.begin(), cell.operations.end(), sample.op) == cell.operations.end()) continue;
    OperationSamples& samples = cell.samples[sample.op];
    samples.ns.push_back(sample.ns);
    samples.iterations = sample.iterations;
  }
}

class CellRunner {
 public:
  CellRunner(const RunConfig& config, RunNames& names, std::optional<TimerInfo>& timer, std::ostream& progress)
      : config_(config), names_(names), timer_(timer), progress_(progress),
        timeout_(static_cast<long long>(config.timeout_seconds * 1000)) {}

  Cell run(Backend& backend, std::uint64_t size) {
    Cell cell;
    cell.backend = std::string(backend.name());
    cell.size = size;
    cell.operations = operations_for(backend.process_local());
    const auto start = Clock::now();
    Status status = measure(backend, cell);
    if (!status.ok()) {
      cell.error = status.error().call + ": " + status.error().detail;
      cell.samples.clear();
    }
    cell.seconds = seconds_since(start);
    return cell;
  }

 private:
  Status measure(Backend& backend, Cell& cell) {
    auto writer = WorkerProcess::start("writer", worker_args("writer", cell.backend, cell.size, config_));
    if (!writer.ok()) return writer.error();
    auto reader = WorkerProcess::start("reader", worker_args("reader", cell.backend, cell.size, config_));
    if (!reader.ok()) return reader.error();
    WorkerProcess& w = *writer.value();
    WorkerProcess& r = *reader.value();

    for (WorkerProcess* worker : {&w, &r}) {
      auto hello = worker->hello(timeout_);
      if (!hello.ok()) return hello.error();
      if (!timer_) timer_ = hello.value().timer;
    }

    std::mt19937_64 seeds(std::random_device{}());
    auto last_report = Clock::now();
    for (int rep = -config_.warmup_repetitions; rep < config_.repetitions; ++rep) {
      const std::string name = names_.next();
      Status status = interrupted() ? Status{Error{ErrorKind::other, 0, "controller", "interrupted"}}
                                    : one_repetition(w, r, name, seeds(), rep >= 0 ? &cell : nullptr);
      if (!status.ok()) {
        // A worker died or hung mid-repetition: stop both before removing what they made.
        w.kill();
        r.kill();
        (void)backend.remove(name);
        const std::string when = rep < 0 ? "warm-up" : "repetition " + std::to_string(rep + 1) + " of " +
                                                            std::to_string(config_.repetitions);
        return Error{status.error().kind, 0, status.error().call, status.error().detail + " (" + when + ")"};
      }
      // Large sizes take seconds per repetition: say how far a long cell has got.
      if (seconds_since(last_report) > 5) {
        progress_ << "       " << cell.backend << " " << format_size(cell.size) << ": " << rep + 1 << " of "
                  << config_.repetitions << " repetitions done" << std::endl;
        last_report = Clock::now();
      }
    }
    for (WorkerProcess* worker : {&w, &r}) {
      const StopOutcome stopped = worker->stop();
      if (stopped.step != StopStep::asked && stopped.step != StopStep::already_exited)
        progress_ << "note: " << cell.backend << " " << format_size(cell.size) << ": the " << worker->label()
                  << " did not exit when asked (" << to_string(stopped.step) << ")" << std::endl;
    }
    return {};
  }

  Status one_repetition(WorkerProcess& writer, WorkerProcess& reader, const std::string& name, std::uint64_t seed,
                        Cell* cell) {
    auto written = writer.ask(WriteCommand{name, seed}, timeout_);
    if (!written.ok()) return written.error();
    auto read = reader.ask(ReadCommand{name, seed}, timeout_);
    if (!read.ok()) return read.error();
    auto released = writer.ask(ReleaseCommand{}, timeout_);
    if (!released.ok()) return released.error();
    if (cell != nullptr)
      for (const MeasuredReply* reply : {&written.value(), &read.value(), &released.value()}) record(*cell, *reply);
    // Boost's file-emulated objects can survive their close (remove() fails under Wine):
    // count them against the backend and remove them now, before they pile up on disk.
    const CleanOutcome left = clean_object(name);
    if (cell != nullptr) cell->leftovers += static_cast<int>(left.removed.size() + left.failures.size());
    return {};
  }

  const RunConfig& config_;
  RunNames& names_;
  std::optional<TimerInfo>& timer_;
  std::ostream& progress_;
  std::chrono::milliseconds timeout_;
};

std::vector<std::string> paths_of(const CleanOutcome& outcome) {
  std::vector<std::string> paths;
  for (const auto& leftover : outcome.removed) paths.push_back(leftover.path);
  paths.insert(paths.end(), outcome.failures.begin(), outcome.failures.end());
  return paths;
}
}  // namespace

RunResult run_lifecycle(const RunConfig& config, std::ostream& progress) {
  RunResult result;
  const auto start = Clock::now();
  result.stale_removed = paths_of(clean_dead_runs());
  if (!result.stale_removed.empty())
    progress << "removed " << result.stale_removed.size() << " object(s) left by crashed earlier runs\n";

  std::vector<std::unique_ptr<Backend>> backends;
  for (const auto& name : config.backends) {
    backends.push_back(make_backend(name));
    if (!backends.back()) throw std::logic_error("backend '" + name + "' was not checked by the command line");
    result.backends.push_back({name, std::string(backends.back()->flags()), backends.back()->process_local()});
  }

  RunNames names;
  CellRunner runner(config, names, result.timer, progress);
  const std::size_t total = config.backends.size() * config.sizes.size();
  std::size_t done = 0;
  for (const auto& backend : backends) {
    for (std::uint64_t size : config.sizes) {
      if (interrupted()) break;
      Cell cell = runner.run(*backend, size);
      ++done;
      progress << "[" << std::setw(2) << done << "/" << total << "] " << std::left << std::setw(15) << cell.backend
               << std::setw(7) << format_size(size) << std::right << std::fixed << std::setprecision(2)
               << std::setw(7) << cell.seconds << " s";
      if (!cell.error.empty()) progress << "  FAILED: " << cell.error;
      progress << std::endl;
      result.cells.push_back(std::move(cell));
    }
  }

  for (const auto& cell : result.cells)
    if (cell.leftovers > 0)
      progress << "note: " << cell.backend << " " << format_size(cell.size) << " left " << cell.leftovers
               << " object(s) behind after close; shmbench removed them\n";
  result.leaked = paths_of(clean_prefix(names.prefix()));
  for (const auto& path : result.leaked) progress << "warning: removed leftover " << path << "\n";
  result.interrupted = interrupted();
  result.seconds = seconds_since(start);
  return result;
}

}  // namespace shmbench::lifecycle
