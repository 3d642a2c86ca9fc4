#include "scenarios/lifecycle/lifecycle_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <random>
#include <stdexcept>

#include "backends/backend.hpp"
#include "backends/leftovers.hpp"
#include "backends/names.hpp"
#include "common/sizes.hpp"
#include "measure/stats.hpp"
#include "orchestration/cpu_halves.hpp"
#include "orchestration/worker_process.hpp"
#include "os/interrupt.hpp"
#include "os/thread.hpp"
#include "scenarios/lifecycle/turns.hpp"

namespace shmbench::lifecycle {

namespace {
using Clock = std::chrono::steady_clock;

// What the report says of the order in which repetitions ran (run_block, run_lifecycle).
const MeasurementOrder kInterleavedOrder = {
    "interleaved",
    "at each size, round r runs repetition r of every backend, in an order that rotates by one backend each round; "
    "every 3 rounds each backend gets a new writer and reader, warmed up by an unreported round, and each such "
    "block starts its backends' workers, and begins its rounds, one backend further on; the sizes take turns a "
    "block of those 3 rounds at a time, each pass through the sizes starting one size later"};

// run --duet: what the report says of the order, with the two CPU sets.
MeasurementOrder duet_order(const RunConfig& config) {
  const std::string& a = config.backends[0];
  const std::string& b = config.backends[1];
  return {"duet",
          "at each size, round r runs repetition r of " + a + " and " + b +
              " at the same time: each step of a repetition (write, read, release) is sent to both backends' workers "
              "before either is awaited; " + a + "'s writer and reader run on CPUs " + cpu_list(config.duet_cpus[0]) +
              " and " + b + "'s on CPUs " + cpu_list(config.duet_cpus[1]) +
              ", swapped with every new writer and reader (every 3 rounds, each new pair warmed up by an unreported "
              "round); every figure was measured beside the other backend on half the CPUs: read it as one side of "
              "the pair's ratio, not as an absolute figure",
          config.duet_cpus};
}

// run --duet: the CPUs of cells[cell]'s workers for the pair-th writer/reader pair of a
// size; the halves swap with every new pair.
const std::vector<int>& duet_cpus_of(const RunConfig& config, std::size_t cell, int pair) {
  return config.duet_cpus[(cell + static_cast<std::size_t>(pair)) % 2];
}

// run --pin (the default), interleaved: the one CPU the controller and every writer and
// reader run on (last_cpu); empty with --no-pin, with --duet (whose sides have CPU sets
// of their own) or where the system does not say. A lifecycle run does one step at a time (a writer,
// then a reader, the controller waiting), so it needs no second CPU. Left to the
// scheduler on the 2-vCPU VM, six default Linux runs warned 19-34 % of their figures and
// moved the Boost/raw copy and read ratios at 16 and 256 MiB by up to 5.6 %; six on one
// CPU, alternating with them, warned 14-27 % and moved them up to 4.2 %, with the medians
// where they were (docs/measurements.md, "On one CPU").
std::vector<int> one_cpu_for(const RunConfig& config) {
  if (!config.pin || !config.duet_cpus.empty()) return {};
  return last_cpu();
}

// The three steps of one repetition, each a command to one of the cell's two workers.
enum class Step { write, read, release };
constexpr Step kSteps[] = {Step::write, Step::read, Step::release};

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
    samples.iterations_per_span = sample.iterations_per_span;
    samples.counters.push_back(sample.counters);
  }
}

// One backend's cell at one size, measured a repetition at a time while the other
// backends' cells at that size take their turns (see run_block).
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
  void start(std::optional<TimerInfo>& timer, const std::vector<int>& cpus = {}) {
    if (!probed_) {
      probed_ = true;
      Status usable = backend_.usable(cell_.size);
      if (!usable.ok()) cell_.skipped = usable.error().describe();
    }
    if (failed() || skipped()) return;
    const auto start = Clock::now();
    Status status = start_workers(timer, cpus);
    // A start cut short by Ctrl-C (the new workers get it too) is no failure of the
    // cell: it keeps the rounds it finished, as abort() keeps them.
    if (!status.ok() && !interrupted()) fail(status.error());
    cell_.seconds += seconds_since(start);
  }

  // One repetition, its three steps in a row. rep < 0: a warm-up repetition, measured
  // but not kept.
  void repetition(int rep, RunNames& names, std::uint64_t seed) {
    begin(rep, names, seed);
    for (Step step : kSteps) {
      send(step);
      receive(step);
    }
    end();
  }

  // The same in parts, for run --duet, which sends each step to both backends' workers
  // before it waits for either: begin, then send and receive per step, then end. A step
  // that fails ends the repetition (and the cell): the later parts then do nothing.
  void begin(int rep, RunNames& names, std::uint64_t seed) {
    active_ = !failed() && !skipped();
    if (!active_) return;
    rep_ = rep;
    name_ = names.next();
    seed_ = seed;
    replies_.clear();
    started_ = Clock::now();
  }
  void send(Step step) {
    if (!active_) return;
    Status sent = worker(step).send(command(step));
    if (!sent.ok()) abort(sent.error());
  }
  void receive(Step step) {
    if (!active_) return;
    auto reply = worker(step).measured(command(step), timeout_);
    if (!reply.ok()) return abort(reply.error());
    replies_.push_back(std::move(reply.value()));
  }
  void end() {
    if (!active_) return;
    active_ = false;
    const bool kept = rep_ >= 0;
    if (kept)
      for (const MeasuredReply& reply : replies_) record(cell_, reply);
    // Boost's file-emulated objects can survive their close (remove() fails under Wine):
    // count them against the backend and remove them now, before they pile up on disk.
    const CleanOutcome left = clean_object(name_);
    if (kept) cell_.leftovers += static_cast<int>(left.removed.size() + left.failures.size());
    cell_.seconds += seconds_since(started_);
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
      // Dead before it was asked, after its last answer: the figures are whole, but a
      // worker killed from outside deserves a line. (A failed cell's workers were killed
      // by abort(), and its error says why.)
      if (!failed() && stopped.step == StopStep::already_exited && stopped.status &&
          (stopped.status->signaled || stopped.status->code != 0))
        progress << "note: " << cell_.backend << " " << format_size(cell_.size) << ": the " << worker->label()
                 << " had already ended (" << stopped.status->describe() << ") when asked to exit" << std::endl;
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
  Status start_workers(std::optional<TimerInfo>& timer, const std::vector<int>& cpus) {
    auto writer = WorkerProcess::start("writer", worker_args("writer", cell_.backend, cell_.size, config_), cpus);
    if (!writer.ok()) return writer.error();
    writer_ = std::move(writer.value());
    auto reader = WorkerProcess::start("reader", worker_args("reader", cell_.backend, cell_.size, config_), cpus);
    if (!reader.ok()) return reader.error();
    reader_ = std::move(reader.value());
    for (WorkerProcess* worker : {writer_.get(), reader_.get()}) {
      auto hello = worker->hello(timeout_);
      if (!hello.ok()) return hello.error();
      if (!timer) timer = hello.value().timer;
    }
    return {};
  }

  WorkerProcess& worker(Step step) { return step == Step::read ? *reader_ : *writer_; }
  Command command(Step step) const {
    switch (step) {
      case Step::write: return WriteCommand{name_, seed_};
      case Step::read: return ReadCommand{name_, seed_};
      case Step::release: return ReleaseCommand{};
    }
    return ReleaseCommand{};
  }

  // A worker died or hung mid-repetition: stop both before removing what they made. An
  // object the writer refused as already there is somebody else's: left alone.
  void abort(const Error& error) {
    active_ = false;
    const std::string refused = writer_->refused_name();
    writer_->kill();
    reader_->kill();
    if (!refused.empty()) foreign_.push_back(refused);
    if (refused != name_) (void)backend_.remove(name_);
    cell_.seconds += seconds_since(started_);
    // Stopped by Ctrl-C (the workers get it too): the repetition is dropped, and the
    // cell keeps the rounds it finished.
    if (interrupted()) return;
    const std::string when =
        rep_ < 0 ? "warm-up" : "repetition " + std::to_string(rep_ + 1) + " of " + std::to_string(config_.repetitions);
    fail(Error{error.kind, 0, error.call, error.detail + " (" + when + ")"});
  }

  Backend& backend_;
  const RunConfig& config_;
  std::vector<std::string>& foreign_;  // names found taken by somebody else's objects
  std::chrono::milliseconds timeout_;
  Cell cell_;
  bool probed_ = false;  // Backend::usable asked
  std::unique_ptr<WorkerProcess> writer_;
  std::unique_ptr<WorkerProcess> reader_;
  // The repetition under way (begin to end).
  bool active_ = false;
  int rep_ = 0;
  std::string name_;
  std::uint64_t seed_ = 0;
  std::vector<MeasuredReply> replies_;
  Clock::time_point started_;
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

// run --duet: one round of both backends at once (Bulej et al., "Duet Benchmarking",
// ICPE 2020: interference that both sides see at the same moment cancels in their
// ratio). Each step goes to both backends' workers before either reply is awaited; the
// time between the two sends of the write step, the round's start skew as the
// controller sees it, goes to `send_skews_ns`.
// The first send goes to the side whose CPUs the controller is not on: a worker woken
// on the controller's own CPU may preempt it and run its whole step (milliseconds at
// 256 MiB) before the second send. With the sides taking turns first instead, the
// skew's maximum over a default run's rounds was 3.4-9.3 ms in three runs; this way it
// was 66 µs (median 16 and 21 µs: one pipe write that wakes a worker on another vCPU).
void duet_repetition(std::vector<CellInProgress>& cells, int rep, int round, RunNames& names,
                     std::mt19937_64& seeds, std::vector<double>& send_skews_ns, const RunConfig& config, int pair) {
  // Which cell to send to first: the one whose CPUs (at this pair) the controller is not
  // on; when the system does not say, the cells take turns by round.
  const auto first_cell = [&]() -> std::size_t {
    const int cpu = current_cpu();
    const auto on_side = [&](std::size_t cell) {
      const auto& cpus = duet_cpus_of(config, cell, pair);
      return std::find(cpus.begin(), cpus.end(), cpu) != cpus.end();
    };
    if (on_side(0) != on_side(1)) return on_side(0) ? 1 : 0;
    return static_cast<std::size_t>(round) % 2;
  };
  for (auto& cell : cells) cell.begin(rep, names, seeds());
  for (Step step : kSteps) {
    const std::size_t first = first_cell();
    const auto first_sent = Clock::now();
    cells[first].send(step);
    const auto second_sent = Clock::now();
    cells[1 - first].send(step);
    if (step == Step::write) send_skews_ns.push_back(std::chrono::duration<double, std::nano>(second_sent - first_sent).count());
    for (auto& cell : cells) cell.receive(step);
  }
  for (auto& cell : cells) cell.end();
}

// At each size the backends' repetitions are interleaved: round r runs
// repetition r of each backend, in an order that rotates by one backend per round. The
// machine drifts 10-20 % over minutes on shared VMs; run backend after backend, that
// drift lands on one backend and not on its pair, and a Boost/raw ratio mixes the two.
// Interleaved, slow drift falls on every backend alike, and the rotation keeps any one
// backend from always going first in a round, right after the previous round's last
// (whose leftovers in the caches or the page allocator it would inherit).
//
// The workers are replaced every kRoundsPerWorkers rounds, each new pair warmed up first.
// A worker process brings its own luck for its life: where its source buffer and code
// landed in physical memory, which it keeps. With one pair per cell for the whole run,
// that luck was one sample per run: in three back-to-back runs the median of 27
// repetitions of one cell moved by 10-20 % while its repetitions within each run stayed
// within a few percent (posix create at 1 MiB: 5.8, 5.7, then 7.0 µs). Three pairs per
// cell make it three samples, and the median over the rounds no longer follows one.
//
// That luck can depend on a pair's place among the others, so the backends take turns
// at starting first too: each block starts its pairs, and runs its first round, from the
// next backend on. Under Wine the pairs started first copied 256 MiB 7-10 % slower than
// those started last, block after block (12-round runs: win32 14.6-14.8 GB/s when listed
// first, 16.3-16.7 when listed last); started always in the order of --backends, the
// first backend took that loss in every run, and the Boost/raw copy ratios at 256 MiB
// with it. A block's rounds begin with the backend that started first, so the start
// place also fixes a pair's places in its rounds, and which of the two matters is not
// known (docs/measurements.md, "Which backend starts first"); both now turn.
//
// run --duet (two backends): both backends' repetitions of a round run at the same time,
// each backend's workers on their own half of the CPUs (duet_repetition).
//
// One size's cells over the run. A size takes its rounds a block at a time: one block is
// a new writer and reader per backend, their warm-up round and kRoundsPerWorkers kept
// rounds (fewer in the last). The sizes' blocks take turns (run_lifecycle).
struct SizeInProgress {
  std::uint64_t size = 0;
  std::vector<CellInProgress> cells;
  int first = 0;         // the next block's first kept round
  bool done = false;     // every round taken, or stopped by --precision
};

SizeInProgress begin_size(const std::vector<std::unique_ptr<Backend>>& backends, std::uint64_t size,
                          const RunConfig& config, std::vector<std::string>& foreign) {
  SizeInProgress s;
  s.size = size;
  s.cells.reserve(backends.size());
  for (const auto& backend : backends) s.cells.emplace_back(*backend, size, config, foreign);
  return s;
}

// One block of a size (see SizeInProgress): its workers are started, take their rounds
// and are stopped again before another size's block runs.
void run_block(SizeInProgress& s, const RunConfig& config, const std::vector<int>& one_cpu, RunNames& names,
               std::mt19937_64& seeds, std::optional<TimerInfo>& timer, std::vector<double>& send_skews_ns,
               std::ostream& progress) {
  const bool duet = !config.duet_cpus.empty();
  std::vector<CellInProgress>& cells = s.cells;
  const int first = s.first;
  const int kept = std::min(kRoundsPerWorkers, config.repetitions - first);
  const int pair = first / kRoundsPerWorkers;  // run --duet: the CPU halves swap with every new pair
  for (std::size_t k = 0; k < cells.size(); ++k) {
    if (interrupted()) break;
    const std::size_t i = backend_in_turn(start_turn(pair), k, cells.size());
    cells[i].start(timer, duet ? duet_cpus_of(config, i, pair) : one_cpu);
  }
  auto last_report = Clock::now();
  for (int step = -config.warmup_repetitions; step < kept; ++step) {
    const int rep = step < 0 ? -1 : first + step;
    const int round = round_turn(pair, step + config.warmup_repetitions);
    // Interrupted: no new repetition starts; the cells keep the rounds they finished.
    if (interrupted()) break;
    if (duet) {
      duet_repetition(cells, rep, round, names, seeds, send_skews_ns, config, pair);
    } else {
      for (std::size_t i = 0; i < cells.size() && !interrupted(); ++i)
        cells[backend_in_turn(round, i, cells.size())].repetition(rep, names, seeds());
    }
    // Large sizes take seconds per round: say how far the size has got.
    const int done = step < 0 ? first : rep + 1;
    if (seconds_since(last_report) > 5 && done < config.repetitions) {
      progress << "       " << format_size(s.size) << ": " << done << " of " << config.repetitions << " rounds done"
               << std::endl;
      last_report = Clock::now();
    }
  }
  for (auto& cell : cells) cell.finish(progress);
  s.first = first + kept;
  s.done = s.first >= config.repetitions;
  if (!s.done && precise_enough(cells, s.first, config)) {
    progress << "       " << format_size(s.size) << ": every figure within ±" << config.precision * 100
             << " % after " << s.first << " rounds (--precision)" << std::endl;
    s.done = true;
  }
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

  result.order = config.duet_cpus.empty() ? kInterleavedOrder : duet_order(config);
  std::vector<int> one_cpu = one_cpu_for(config);
  if (!one_cpu.empty()) {
    // The workers a block starts inherit nothing from this thread on Windows, so they
    // are started on the CPU as well (CellInProgress::start).
    if (const Status pinned = pin_current_thread(one_cpu.front()); !pinned.ok()) {
      progress << "warning: could not keep this run on CPU " << one_cpu.front() << " (" << pinned.error().describe()
               << "); its processes go where the scheduler puts them" << std::endl;
      one_cpu.clear();
    }
  }
  if (!one_cpu.empty()) {
    result.order.cpus = one_cpu;
    result.order.description += "; the controller and every writer and reader ran on CPU " + cpu_list(one_cpu);
  } else if (config.duet_cpus.empty()) {
    result.order.description += config.pin ? "; the processes ran where the scheduler put them (one CPU was asked "
                                             "for, and the system did not give it)"
                                           : "; the processes ran where the scheduler put them (run --no-pin)";
  }
  if (!config.duet_cpus.empty())
    progress << "--duet: " << config.backends[0] << " and " << config.backends[1]
             << " at the same time, on CPUs " << cpu_list(config.duet_cpus[0]) << " and "
             << cpu_list(config.duet_cpus[1]) << " (swapped with every new writer and reader)" << std::endl;
  RunNames names;
  std::vector<double> send_skews_ns;  // run --duet: per round
  std::vector<std::string> foreign;  // names this run found taken: never removed by it
  // Sizes take turns a block at a time (SizeInProgress), each pass starting one size
  // later, rather than running one after another: a spell of the host's noise a few
  // seconds long then falls on a block or two of every size, not on a third of one
  // size's rounds. Run size after size, such a spell once slowed every figure of the last
  // third of the 4 KiB rounds by 16-117 % and of the first third at 1 MiB by 10-55 %
  // (Linux, 2026-12-05), and those figures would have moved between runs.
  std::vector<SizeInProgress> sizes;
  sizes.reserve(config.sizes.size());
  for (std::uint64_t size : config.sizes) sizes.push_back(begin_size(backends, size, config, foreign));
  std::mt19937_64 seeds(std::random_device{}());
  const int passes = (config.repetitions + kRoundsPerWorkers - 1) / kRoundsPerWorkers;
  for (int pass = 0; !interrupted(); ++pass) {
    bool any = false;
    for (std::size_t k = 0; k < sizes.size() && !interrupted(); ++k) {
      SizeInProgress& s = sizes[(static_cast<std::size_t>(pass) + k) % sizes.size()];
      if (s.done) continue;
      any = true;
      run_block(s, config, one_cpu, names, seeds, result.timer, send_skews_ns, progress);
    }
    if (!any) break;
    if (sizes.size() > 1 && pass + 1 < passes && !interrupted())
      progress << "       round " << std::min(config.repetitions, (pass + 1) * kRoundsPerWorkers) << " of "
               << config.repetitions << " done at every size (" << std::lround(seconds_since(start)) << " s)"
               << std::endl;
  }
  const std::size_t total = config.backends.size() * config.sizes.size();
  std::size_t done = 0;
  for (SizeInProgress& s : sizes) {
    // Interrupted: every size holds the rounds it finished (its rows say how many); a
    // size that had not begun is left out of the report.
    if (s.first == 0) continue;
    for (CellInProgress& in_progress : s.cells) {
      Cell& cell = in_progress.cell();
      ++done;
      progress << "[" << std::setw(2) << done << "/" << total << "] " << std::left << std::setw(15) << cell.backend
               << std::setw(7) << format_size(s.size) << std::right << std::fixed << std::setprecision(2)
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
  if (!send_skews_ns.empty()) {
    result.order.send_skew_median_ns = median_of(send_skews_ns);
    result.order.send_skew_max_ns = *std::max_element(send_skews_ns.begin(), send_skews_ns.end());
  }
  result.interrupted = interrupted();
  result.seconds = seconds_since(start);
  return result;
}

}  // namespace shmbench::lifecycle
