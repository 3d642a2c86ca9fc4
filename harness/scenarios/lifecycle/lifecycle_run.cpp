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
#include "measure/stats.hpp"
#include "orchestration/worker_process.hpp"
#include "os/interrupt.hpp"

namespace shmbench::lifecycle {

namespace {
using Clock = std::chrono::steady_clock;

// What the report says of the order in which repetitions ran (run_size).
const MeasurementOrder kInterleavedOrder = {
    "interleaved",
    "at each size, round r runs repetition r of every backend, in an order that rotates by one backend each round; "
    "every 3 rounds each backend gets a new writer and reader, warmed up by an unreported round; sizes run in the "
    "order given"};

// How many kept rounds one writer/reader pair measures before it is replaced (run_size).
constexpr int kRoundsPerWorkers = 3;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<std::string> worker_args(const char* role, const std::string& backend, std::uint64_t size,
                                     const RunConfig& config) {
  std::vector<std::string> args = {"worker", "--role", role, "--backend", backend, "--size", std::to_string(size)};
  if (!config.fault.empty()) args.insert(args.end(), {"--fault", config.fault});
  if (config.global_names) args.push_back("--global");
  if (config.accounting) args.push_back("--accounting");
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
    samples.counters.push_back(sample.counters);
  }
}

// One backend's cell at one size, measured a repetition at a time while the other
// backends' cells at that size take their turns (see run_size).
class CellInProgress {
 public:
  CellInProgress(Backend& backend, std::uint64_t size, const RunConfig& config, std::vector<std::string>& foreign)
      : backend_(backend), config_(config), foreign_(foreign),
        timeout_(static_cast<long long>(config.timeout_seconds * 1000)) {
    cell_.backend = std::string(backend.name());
    cell_.size = size;
    cell_.operations = operations_for(backend.process_local(), backend.separate_commit());
  }

  // Starts the writer and the reader (a new pair, after finish) and waits for their hellos.
  // First asks the backend whether the system lets it run at this size at all: a refusal
  // makes the cell skipped, and no worker is started for it.
  void start(std::optional<TimerInfo>& timer) {
    if (!probed_) {
      probed_ = true;
      Status usable = backend_.usable(cell_.size);
      if (!usable.ok()) cell_.skipped = usable.error().describe();
    }
    if (failed() || skipped()) return;
    const auto start = Clock::now();
    Status status = start_workers(timer);
    if (!status.ok()) fail(status.error());
    cell_.seconds += seconds_since(start);
  }

  // rep < 0: a warm-up repetition, measured but not kept.
  void repetition(int rep, RunNames& names, std::uint64_t seed) {
    if (failed() || skipped()) return;
    const auto start = Clock::now();
    const std::string name = names.next();
    Status status = one_repetition(name, seed, rep >= 0);
    if (!status.ok()) {
      // A worker died or hung mid-repetition: stop both before removing what they made.
      // An object the writer refused as already there is somebody else's: left alone.
      const std::string refused = writer_->refused_name();
      writer_->kill();
      reader_->kill();
      if (!refused.empty()) foreign_.push_back(refused);
      if (refused != name) (void)backend_.remove(name);
      const std::string when = rep < 0 ? "warm-up" : "repetition " + std::to_string(rep + 1) + " of " +
                                                          std::to_string(config_.repetitions);
      fail(Error{status.error().kind, 0, status.error().call, status.error().detail + " (" + when + ")"});
    }
    cell_.seconds += seconds_since(start);
  }

  // Asks both workers to exit (before a new pair, after the last repetition, or after an
  // interruption).
  void finish(std::ostream& progress) {
    const auto start = Clock::now();
    for (auto* worker : {writer_.get(), reader_.get()}) {
      if (worker == nullptr) continue;
      const StopOutcome stopped = worker->stop();
      if (stopped.step != StopStep::asked && stopped.step != StopStep::already_exited)
        progress << "note: " << cell_.backend << " " << format_size(cell_.size) << ": the " << worker->label()
                 << " did not exit when asked (" << to_string(stopped.step) << ")" << std::endl;
    }
    writer_.reset();
    reader_.reset();
    cell_.seconds += seconds_since(start);
  }

  void fail(const Error& error) {
    if (failed() || skipped()) return;
    cell_.error = error.call + ": " + error.detail;
    cell_.samples.clear();
  }
  bool failed() const { return !cell_.error.empty(); }
  bool skipped() const { return !cell_.skipped.empty(); }
  Cell& cell() { return cell_; }
  const Cell& cell() const { return cell_; }

 private:
  Status start_workers(std::optional<TimerInfo>& timer) {
    auto writer = WorkerProcess::start("writer", worker_args("writer", cell_.backend, cell_.size, config_));
    if (!writer.ok()) return writer.error();
    writer_ = std::move(writer.value());
    auto reader = WorkerProcess::start("reader", worker_args("reader", cell_.backend, cell_.size, config_));
    if (!reader.ok()) return reader.error();
    reader_ = std::move(reader.value());
    for (WorkerProcess* worker : {writer_.get(), reader_.get()}) {
      auto hello = worker->hello(timeout_);
      if (!hello.ok()) return hello.error();
      if (!timer) timer = hello.value().timer;
    }
    return {};
  }

  Status one_repetition(const std::string& name, std::uint64_t seed, bool kept) {
    auto written = writer_->ask(WriteCommand{name, seed}, timeout_);
    if (!written.ok()) return written.error();
    auto read = reader_->ask(ReadCommand{name, seed}, timeout_);
    if (!read.ok()) return read.error();
    auto released = writer_->ask(ReleaseCommand{}, timeout_);
    if (!released.ok()) return released.error();
    if (kept)
      for (const MeasuredReply* reply : {&written.value(), &read.value(), &released.value()}) record(cell_, *reply);
    // Boost's file-emulated objects can survive their close (remove() fails under Wine):
    // count them against the backend and remove them now, before they pile up on disk.
    const CleanOutcome left = clean_object(name);
    if (kept) cell_.leftovers += static_cast<int>(left.removed.size() + left.failures.size());
    return {};
  }

  Backend& backend_;
  const RunConfig& config_;
  std::vector<std::string>& foreign_;  // names found taken by somebody else's objects
  std::chrono::milliseconds timeout_;
  Cell cell_;
  bool probed_ = false;  // Backend::usable asked
  std::unique_ptr<WorkerProcess> writer_;
  std::unique_ptr<WorkerProcess> reader_;
};

// run --precision: whether the size may stop after `done_rounds`: at least
// kPrecisionMinimumRepetitions, no cell failed, and the median interval of every
// operation of every cell within ±precision of its median.
bool precise_enough(const std::vector<CellInProgress>& cells, int done_rounds, const RunConfig& config) {
  if (config.precision <= 0 || done_rounds < kPrecisionMinimumRepetitions) return false;
  for (const auto& cell : cells) {
    if (cell.failed()) return false;
    for (const auto& [op, samples] : cell.cell().samples) {
      const Summary summary = summarize(samples.ns);
      if (!summary.median_lower || !summary.median_upper || !(summary.median > 0)) return false;
      const double reach = std::max(summary.median - *summary.median_lower, *summary.median_upper - summary.median);
      if (reach > config.precision * summary.median) return false;
    }
  }
  return true;
}

// Measures every backend at one size with their repetitions interleaved: round r runs
// repetition r of each backend, in an order that rotates by one backend per round. The
// machine drifts 10-20 % over minutes on shared VMs; run backend after backend, that
// drift lands on one backend and not on its pair, and a Boost/raw ratio mixes the two.
// Interleaved, slow drift falls on every backend alike, and the rotation keeps any one
// backend from always following the same neighbour (whose leftovers in the caches or the
// page allocator it would inherit).
//
// The workers are replaced every kRoundsPerWorkers rounds, each new pair warmed up first.
// A worker process brings its own luck for its life: where its source buffer and code
// landed in physical memory, which it keeps. With one pair per cell for the whole run,
// that luck was one sample per run: in three back-to-back runs the median of 27
// repetitions of one cell moved by 10-20 % while its repetitions within each run stayed
// within a few percent (posix create at 1 MiB: 5.8, 5.7, then 7.0 µs). Three pairs per
// cell make it three samples, and the median over the rounds no longer follows one.
std::vector<Cell> run_size(const std::vector<std::unique_ptr<Backend>>& backends, std::uint64_t size,
                           const RunConfig& config, RunNames& names, std::vector<std::string>& foreign,
                           std::optional<TimerInfo>& timer, std::ostream& progress) {
  std::vector<CellInProgress> cells;
  cells.reserve(backends.size());
  for (const auto& backend : backends) cells.emplace_back(*backend, size, config, foreign);

  std::mt19937_64 seeds(std::random_device{}());
  auto last_report = Clock::now();
  int round = 0;  // every round, warm-up or kept: it rotates the order
  for (int first = 0; first < config.repetitions; first += kRoundsPerWorkers) {
    const int kept = std::min(kRoundsPerWorkers, config.repetitions - first);
    for (auto& cell : cells) {
      if (interrupted()) break;
      if (first > 0) cell.finish(progress);
      cell.start(timer);
    }
    for (int step = -config.warmup_repetitions; step < kept; ++step, ++round) {
      const int rep = step < 0 ? -1 : first + step;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        CellInProgress& cell = cells[(static_cast<std::size_t>(round) + i) % cells.size()];
        if (interrupted()) {
          cell.fail(Error{ErrorKind::other, 0, "controller", "interrupted (repetition " + std::to_string(rep + 1) +
                                                                 " of " + std::to_string(config.repetitions) + ")"});
          continue;
        }
        cell.repetition(rep, names, seeds());
      }
      // Large sizes take seconds per round: say how far the size has got.
      // A new pair's warm-up round counts nothing, but the rounds before it are done.
      const int done = step < 0 ? first : rep + 1;
      if (seconds_since(last_report) > 5 && done < config.repetitions) {
        progress << "       " << format_size(size) << ": " << done << " of " << config.repetitions
                 << " rounds done" << std::endl;
        last_report = Clock::now();
      }
    }
    const int done_rounds = first + kept;
    if (done_rounds < config.repetitions && precise_enough(cells, done_rounds, config)) {
      progress << "       " << format_size(size) << ": every figure within ±" << config.precision * 100
               << " % after " << done_rounds << " rounds (--precision)" << std::endl;
      break;
    }
  }
  std::vector<Cell> done;
  for (auto& cell : cells) {
    cell.finish(progress);
    done.push_back(std::move(cell.cell()));
  }
  return done;
}

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
    result.backends.push_back({name, std::string(backends.back()->flags()), backends.back()->process_local(),
                               backends.back()->separate_commit()});
  }

  result.order = kInterleavedOrder;
  RunNames names;
  std::vector<std::string> foreign;  // names this run found taken: never removed by it
  const std::size_t total = config.backends.size() * config.sizes.size();
  std::size_t done = 0;
  for (std::uint64_t size : config.sizes) {
    if (interrupted()) break;
    for (Cell& cell : run_size(backends, size, config, names, foreign, result.timer, progress)) {
      ++done;
      progress << "[" << std::setw(2) << done << "/" << total << "] " << std::left << std::setw(15) << cell.backend
               << std::setw(7) << format_size(size) << std::right << std::fixed << std::setprecision(2)
               << std::setw(7) << cell.seconds << " s";
      if (!cell.error.empty()) progress << "  FAILED: " << cell.error;
      if (!cell.skipped.empty()) progress << "  skipped: " << cell.skipped;
      progress << std::endl;
      result.cells.push_back(std::move(cell));
    }
  }

  // The report lists cells backend by backend, as Google Benchmark lists families,
  // whatever order they ran in.
  const auto place = [&](const Cell& cell) {
    const auto backend = std::find(config.backends.begin(), config.backends.end(), cell.backend);
    const auto size = std::find(config.sizes.begin(), config.sizes.end(), cell.size);
    return std::make_pair(backend - config.backends.begin(), size - config.sizes.begin());
  };
  std::stable_sort(result.cells.begin(), result.cells.end(),
                   [&](const Cell& a, const Cell& b) { return place(a) < place(b); });

  for (const auto& cell : result.cells)
    if (cell.leftovers > 0)
      progress << "note: " << cell.backend << " " << format_size(cell.size) << " left " << cell.leftovers
               << " object(s) behind after close; shmbench removed them\n";
  for (const auto& name : foreign)
    progress << "note: left alone '" << name << "', an object this run did not create under one of its names\n";
  result.leaked = paths_of(clean_prefix(names.prefix(), foreign));
  for (const auto& path : result.leaked) progress << "warning: removed leftover " << path << "\n";
  result.interrupted = interrupted();
  result.seconds = seconds_since(start);
  return result;
}

}  // namespace shmbench::lifecycle
