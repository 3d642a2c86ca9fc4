#include "scenarios/transfer/transfer_run.hpp"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <memory>
#include <random>
#include <stdexcept>
#include <thread>

#include "backends/backend.hpp"
#include "backends/leftovers.hpp"
#include "backends/names.hpp"
#include "common/sizes.hpp"
#include "common/text.hpp"
#include "orchestration/worker_process.hpp"
#include "os/interrupt.hpp"
#include "scenarios/transfer/doorbell.hpp"
#include "transports/transport.hpp"

namespace shmbench::transfer {

namespace {
using Clock = std::chrono::steady_clock;

const MeasurementOrder kInterleavedOrder = {
    "interleaved",
    "for each size, mode and wait strategy, round r runs repetition r of every backend (warm-up first), in an "
    "order that rotates by one backend each round; each repetition in a mapping (and wait objects) of its own"};

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::vector<std::string> paths_of(const CleanOutcome& outcome) {
  std::vector<std::string> paths;
  for (const auto& leftover : outcome.removed) paths.push_back(leftover.path);
  paths.insert(paths.end(), outcome.failures.begin(), outcome.failures.end());
  return paths;
}

// What a cell runs over: a backend's mappings or a transport's channels. Either way a
// writer and a reader worker (for the heap reference, one process with two threads).
struct Subject {
  std::string name;
  Backend* backend = nullptr;      // a mapping backend, or
  Transport* transport = nullptr;  // a transport
  bool process_local() const { return backend != nullptr && backend->process_local(); }
  Status remove(const std::string& object) const {
    return backend != nullptr ? backend->remove(object) : transport->remove(object);
  }
  // Why this system cannot run the subject at `size` ("not available" rows), or nullopt.
  std::optional<std::string> unavailable(std::uint64_t size) const {
    return transport != nullptr ? transport->unavailable(size) : std::nullopt;
  }
};

// The worker processes of one subject; started when first needed and again after a
// failed cell killed them.
class SubjectWorkers {
 public:
  SubjectWorkers(Subject subject, const RunConfig& config, int writer_cpu, int reader_cpu)
      : subject_(std::move(subject)), config_(config), writer_cpu_(writer_cpu), reader_cpu_(reader_cpu) {}

  // Whether this subject runs at `size`: a transport not above the suite's cap.
  bool runs_at(std::uint64_t size) const {
    return subject_.transport == nullptr || config_.transport_max_size == 0 || size <= config_.transport_max_size;
  }

  Status ensure_started(std::optional<TimerInfo>& timer) {
    if (writer_) return {};
    auto writer = WorkerProcess::start("writer", args("writer", writer_cpu_, reader_cpu_));
    if (!writer.ok()) return writer.error();
    writer_ = std::move(writer.value());
    if (!subject_.process_local()) {
      auto reader = WorkerProcess::start("reader", args("reader", reader_cpu_, -1));
      if (!reader.ok()) return reader.error();
      reader_ = std::move(reader.value());
    }
    for (WorkerProcess* worker : all()) {
      auto hello = worker->hello(timeout());
      if (!hello.ok()) return hello.error();
      if (!timer) timer = hello.value().timer;
    }
    return {};
  }

  std::vector<WorkerProcess*> all() const {
    std::vector<WorkerProcess*> workers;
    if (writer_) workers.push_back(writer_.get());
    if (reader_) workers.push_back(reader_.get());
    return workers;
  }

  void kill() {
    for (WorkerProcess* worker : all()) worker->kill();
    writer_.reset();
    reader_.reset();
  }

  void stop(std::ostream& progress) {
    for (WorkerProcess* worker : all()) {
      const StopOutcome stopped = worker->stop();
      if (stopped.step != StopStep::asked && stopped.step != StopStep::already_exited)
        progress << "note: " << subject_.name << ": the transfer " << worker->label() << " did not exit when asked ("
                 << to_string(stopped.step) << ")" << std::endl;
      // Dead before it was asked (killed from outside after its last answer): say so.
      if (stopped.step == StopStep::already_exited && stopped.status &&
          (stopped.status->signaled || stopped.status->code != 0))
        progress << "note: " << subject_.name << ": the transfer " << worker->label() << " had already ended ("
                 << stopped.status->describe() << ") when asked to exit" << std::endl;
    }
    writer_.reset();
    reader_.reset();
  }

  std::chrono::milliseconds timeout() const {
    return std::chrono::milliseconds(static_cast<long long>(config_.timeout_seconds * 1000));
  }
  const Subject& subject() const { return subject_; }

 private:
  std::vector<std::string> args(const char* role, int cpu, int peer_cpu) const {
    std::vector<std::string> a = {"transfer-worker", "--role", role,
                                  subject_.transport != nullptr ? "--transport" : "--backend", subject_.name};
    if (cpu >= 0) a.insert(a.end(), {"--cpu", std::to_string(cpu)});
    if (peer_cpu >= 0) a.insert(a.end(), {"--peer-cpu", std::to_string(peer_cpu)});
    if (!config_.fault.empty()) a.insert(a.end(), {"--fault", config_.fault});
    return a;
  }

  Subject subject_;
  const RunConfig& config_;
  int writer_cpu_, reader_cpu_;
  std::unique_ptr<WorkerProcess> writer_, reader_;
};

// What a side said when a repetition failed; a side that only stopped because its peer
// gave up says less than the peer, so the peer's message is preferred.
bool says_more(const std::string& a, const std::string& b) {
  const bool a_echo = a.find("gave up") != std::string::npos, b_echo = b.find("gave up") != std::string::npos;
  return b.empty() || (b_echo && !a_echo);
}

class CellInProgress {
 public:
  CellInProgress(SubjectWorkers& workers, TransferMode mode, WaitStrategy strategy, Pacing pacing, std::uint64_t size,
                 const RunConfig& config)
      : workers_(workers), config_(config) {
    cell_.pacing = pacing;
    cell_.backend = workers.subject().name;
    cell_.transport = workers.subject().transport != nullptr;
    cell_.mode = mode;
    cell_.strategy = strategy;
    cell_.size = size;
    cell_.slots = mode == TransferMode::pingpong ? 1 : stream_slots(size);
  }

  // rep < 0: the warm-up, which also fixes the batch length of the timed repetitions.
  // Each repetition opens the cell afresh and closes it after: a cell's mapping, its
  // addresses and its wait objects are drawn once per repetition, not once per row (why:
  // docs/transfer.md, "A row does not depend on its place in the sweep").
  void repetition(int rep, std::uint64_t seed, RunNames& names, std::optional<TimerInfo>& timer) {
    if (failed()) return;
    if (!checked_) {
      checked_ = true;
      if (auto why = workers_.subject().unavailable(cell_.size)) return not_available(*why);
    }
    open(names, timer, rep);
    run(rep, seed);
    close(rep);
  }

 private:
  void open(RunNames& names, std::optional<TimerInfo>& timer, int rep) {
    const auto start = Clock::now();
    name_ = names.next();
    Status started = workers_.ensure_started(timer);
    if (!started.ok()) return fail(started.error().call + ": " + started.error().detail, rep);
    // The writer first: it creates, and a transport's writer answers with the address
    // its reader needs.
    std::string address;
    for (WorkerProcess* worker : workers_.all()) {
      TransferCommand open = command(TransferStep::open, 0);
      open.address = address;
      auto done = step(*worker, open);
      if (!done.ok()) {
        if (done.error().kind == ErrorKind::unsupported) return not_available(done.error().detail);
        return fail(done.error().call + ": " + done.error().detail, rep);
      }
      address = done.value().address;
    }
    cell_.seconds += seconds_since(start);
  }

  void run(int rep, std::uint64_t seed) {
    if (failed()) return;
    const auto start = Clock::now();
    TransferCommand run = command(TransferStep::run, seed);
    run.messages = messages_;
    run.measure_memcpy = rep >= 0 && workers_.subject().process_local() && cell_.mode == TransferMode::stream &&
                         cell_.strategy == WaitStrategy::spin;
    const std::vector<WorkerProcess*> workers = workers_.all();
    for (WorkerProcess* worker : workers) {
      Status sent = worker->send(run);
      if (!sent.ok()) return fail(sent.error().call + ": " + sent.error().detail, rep);
    }
    std::vector<std::optional<TransferredReply>> replies(workers.size());
    std::string error;
    std::size_t answered = 0;
    const auto deadline = Clock::now() + workers_.timeout();
    while (answered < workers.size()) {
      // A side that only stopped because its peer gave up says less than the peer: wait
      // a moment for the peer's own message (it set the abort flag, so it is done).
      // Any other failure is the answer; both sides are killed.
      if (!error.empty() && error.find("gave up") == std::string::npos) break;
      const auto limit = error.empty() ? deadline : std::min(deadline, Clock::now() + std::chrono::seconds(2));
      std::vector<WorkerProcess*> pending;
      std::vector<std::size_t> index;
      for (std::size_t i = 0; i < workers.size(); ++i)
        if (!replies[i] && !done_[i]) pending.push_back(workers[i]), index.push_back(i);
      if (pending.empty()) break;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(limit - Clock::now());
      if (interrupted()) {
        error = "controller: interrupted";
        break;
      }
      auto answer = left.count() > 0 ? WorkerProcess::first_answer(pending, left) : std::nullopt;
      if (!answer) {
        if (interrupted()) error = "controller: interrupted";
        else if (error.empty())
          error = pending.front()->label() + ": no answer within " +
                  seconds_text(static_cast<double>(workers_.timeout().count()) / 1000) + ": killed";
        break;
      }
      const std::size_t i = index[answer->index];
      done_[i] = true;
      ++answered;
      std::string message;
      if (!answer->reply.ok()) message = answer->reply.error().call + ": " + answer->reply.error().detail;
      else if (auto* failed = std::get_if<FailedReply>(&answer->reply.value()))
        message = workers[i]->label() + ": " + failed->error;
      else if (auto* t = std::get_if<TransferredReply>(&answer->reply.value())) replies[i] = *t;
      else message = workers[i]->label() + ": answered '" + type_name(answer->reply.value()) + "' to 'transfer'";
      if (!message.empty() && says_more(message, error)) error = message;
    }
    done_.assign(done_.size(), false);
    if (!error.empty()) return fail(error, rep);
    record(rep, replies);
    cell_.seconds += seconds_since(start);
  }

  void close(int rep) {
    if (failed()) return;
    const auto start = Clock::now();
    auto workers = workers_.all();
    std::reverse(workers.begin(), workers.end());  // the reader first: the writer removes
    for (WorkerProcess* worker : workers) {
      auto done = step(*worker, command(TransferStep::close, 0));
      if (!done.ok()) return fail(done.error().call + ": " + done.error().detail, rep);
    }
    // Boost's file-emulated objects can survive their close under Wine: count and remove.
    const CleanOutcome left = clean_object(name_);
    cell_.leftovers += static_cast<int>(left.removed.size() + left.failures.size());
    cell_.seconds += seconds_since(start);
  }


 public:
  void fail(const std::string& error, int rep = -2) {
    if (failed()) return;
    // Stop both sides before removing what they made.
    workers_.kill();
    if (!name_.empty()) {
      (void)workers_.subject().remove(name_);
      (void)clean_object(name_);
    }
    std::string when;
    if (rep == -1) when = " (warm-up)";
    else if (rep >= 0) when = " (repetition " + std::to_string(rep + 1) + " of " + std::to_string(config_.repetitions) + ")";
    cell_.error = error + when;
    cell_.reps.clear();
  }
  // This system lacks what the cell needs: the row says so, and the workers (whose last
  // open may have half succeeded) start afresh for the next cell.
  void not_available(const std::string& why) {
    if (failed()) return;
    if (!name_.empty()) {
      workers_.kill();
      (void)workers_.subject().remove(name_);
      (void)clean_object(name_);
    }
    cell_.not_available = why;
    cell_.reps.clear();
  }
  bool failed() const { return !cell_.error.empty() || !cell_.not_available.empty(); }
  TransferCell& cell() { return cell_; }

 private:
  TransferCommand command(TransferStep which, std::uint64_t seed) const {
    TransferCommand c;
    c.step = which;
    c.name = name_;
    c.mode = cell_.mode;
    c.strategy = cell_.strategy;
    c.size = cell_.size;
    c.slots = cell_.slots;
    c.seed = seed;
    c.first_seq = next_seq_;
    c.budget_ms = config_.budget_ms;
    c.rate = cell_.pacing.rate;
    c.idle_ns = cell_.pacing.idle_ns;
    // Only where a side sleeps between messages: spinning and yielding sides never let
    // their vCPU idle, and a paced row's silence is what it measures.
    if (cell_.mode == TransferMode::pingpong && cell_.strategy == WaitStrategy::kernel && !cell_.pacing.paced())
      c.lead_in_ms = config_.lead_in_ms;
    // A side gives up on its peer well before the controller gives up on the side, so
    // a hung peer is named by the side that waited for it.
    c.peer_timeout_ms = config_.timeout_seconds * 1000 / 2;
    return c;
  }

  // One open or close step; a worker that says this system lacks what the step needs
  // comes back as ErrorKind::unsupported.
  Result<TransferredReply> step(WorkerProcess& worker, const TransferCommand& command) {
    Status sent = worker.send(command);
    if (!sent.ok()) return sent.error();
    auto reply = worker.receive(workers_.timeout());
    if (!reply.ok()) return reply.error();
    if (auto* failed = std::get_if<FailedReply>(&reply.value()))
      return Error{failed->unsupported ? ErrorKind::unsupported : ErrorKind::other, 0, worker.label(), failed->error};
    if (auto* done = std::get_if<TransferredReply>(&reply.value())) return *done;
    return Error{ErrorKind::other, 0, worker.label(), std::string("answered '") + type_name(reply.value()) + "'"};
  }

  void record(int rep, const std::vector<std::optional<TransferredReply>>& replies) {
    const TransferredReply& writer = *replies[0];
    // Ping-pong sends the per-message phase and the batch: twice the batch length (a
    // paced ping-pong has one phase).
    const bool two_phases = cell_.mode == TransferMode::pingpong && !cell_.pacing.paced();
    const std::uint64_t sent = (two_phases ? 2 * writer.messages : writer.messages) + writer.lead_in_messages;
    next_seq_ += sent;
    if (rep < 0) {
      messages_ = writer.messages;
      return;
    }
    TransferRep r;
    r.messages = writer.messages;
    r.moved = sent;
    r.lead_in = writer.lead_in_messages;
    r.ns_per_message = writer.ns_per_message;
    r.rtt = writer.rtt;
    r.writer_cpu_ns = writer.cpu_ns;
    r.writer_wall_ns = writer.wall_ns;
    if (replies.size() > 1) {
      r.reader_cpu_ns = replies[1]->cpu_ns;
      r.reader_wall_ns = replies[1]->wall_ns;
    } else {
      r.reader_cpu_ns = writer.peer_cpu_ns;
      r.reader_wall_ns = writer.peer_wall_ns;
    }
    if (writer.memcpy_ns > 0) r.memcpy_ns = writer.memcpy_ns;
    r.late_p50_ns = writer.late_p50_ns;
    cell_.reps.push_back(std::move(r));
  }

  SubjectWorkers& workers_;
  const RunConfig& config_;
  TransferCell cell_;
  std::string name_;
  std::uint64_t next_seq_ = 1;
  std::uint64_t messages_ = 0;
  bool checked_ = false;  // whether unavailable() has been asked
  std::vector<bool> done_ = std::vector<bool>(2, false);
};
}  // namespace

std::uint64_t stream_slots(std::uint64_t size) { return std::clamp<std::uint64_t>((4ull << 20) / size, 2, 16); }

TransferRunResult run_transfer(const RunConfig& config, std::ostream& progress) {
  TransferRunResult result;
  RunResult& common = result.common;
  const auto start = Clock::now();
  common.stale_removed = paths_of(clean_dead_runs());
  if (!common.stale_removed.empty())
    progress << "removed " << common.stale_removed.size() << " object(s) left by crashed earlier runs\n";

  if (config.pin && std::thread::hardware_concurrency() >= 2) {
    result.writer_cpu = 0;
    result.reader_cpu = 1;
  }
  std::vector<std::unique_ptr<Backend>> backends;
  std::vector<std::unique_ptr<Transport>> transports;
  std::vector<std::unique_ptr<SubjectWorkers>> workers;
  for (const auto& name : config.backends) {
    backends.push_back(make_backend(name));
    if (!backends.back()) throw std::logic_error("backend '" + name + "' was not checked by the command line");
    common.backends.push_back({name, std::string(backends.back()->flags()), backends.back()->process_local()});
    result.kernel_waits.emplace_back(name, kernel_wait_description(name));
    workers.push_back(std::make_unique<SubjectWorkers>(Subject{name, backends.back().get(), nullptr}, config,
                                                       result.writer_cpu, result.reader_cpu));
  }
  for (const auto& name : config.transports) {
    transports.push_back(make_transport(name));
    if (!transports.back()) throw std::logic_error("transport '" + name + "' was not checked by the command line");
    result.transports.emplace_back(name, std::string(transports.back()->flags()));
    result.kernel_waits.emplace_back(name, std::string(transports.back()->kernel_wait()));
    workers.push_back(std::make_unique<SubjectWorkers>(Subject{name, nullptr, transports.back().get()}, config,
                                                       result.writer_cpu, result.reader_cpu));
  }
  common.order = kInterleavedOrder;

  RunNames names;
  std::mt19937_64 seeds(std::random_device{}());
  // Per size: every mode and strategy, then ping-pong at each rate and after each idle
  // gap (--rate, --idle), each strategy.
  struct Kind {
    TransferMode mode;
    WaitStrategy strategy;
    Pacing pacing;
  };
  std::vector<Kind> kinds;
  for (TransferMode mode : kTransferModes)
    for (WaitStrategy strategy : kWaitStrategies) kinds.push_back({mode, strategy, {}});
  for (double rate : config.rates)
    for (WaitStrategy strategy : kWaitStrategies) kinds.push_back({TransferMode::pingpong, strategy, Pacing{rate, 0}});
  for (double idle : config.idle_ns)
    for (WaitStrategy strategy : kWaitStrategies) kinds.push_back({TransferMode::pingpong, strategy, Pacing{0, idle}});
  std::size_t total = 0;
  for (std::uint64_t size : config.sizes)
    for (const auto& w : workers) total += w->runs_at(size) ? kinds.size() : 0;
  std::size_t done = 0;
  for (std::uint64_t size : config.sizes)
    for (const Kind& kind : kinds) {
      if (interrupted()) break;
      std::vector<CellInProgress> cells;
      cells.reserve(workers.size());
      for (auto& w : workers)
        if (w->runs_at(size)) cells.emplace_back(*w, kind.mode, kind.strategy, kind.pacing, size, config);
      const int rounds = config.warmup_repetitions + config.repetitions;
      for (int round = 0; round < rounds; ++round)
        for (std::size_t i = 0; i < cells.size(); ++i) {
          CellInProgress& cell = cells[(static_cast<std::size_t>(round) + i) % cells.size()];
          const int rep = round - config.warmup_repetitions;
          if (interrupted()) cell.fail("controller: interrupted", rep);
          else cell.repetition(rep, seeds(), names, common.timer);
        }
      for (auto& cell : cells) {
        TransferCell& done_cell = cell.cell();
        ++done;
        progress << "[" << std::setw(3) << done << "/" << total << "] " << std::left << std::setw(15)
                 << done_cell.backend << std::setw(18) << done_cell.operation() << std::setw(7) << format_size(size)
                 << std::right << std::fixed << std::setprecision(2) << std::setw(7) << done_cell.seconds << " s";
        if (!done_cell.error.empty()) progress << "  FAILED: " << done_cell.error;
        if (!done_cell.not_available.empty()) progress << "  not available: " << done_cell.not_available;
        progress << std::endl;
        result.cells.push_back(std::move(done_cell));
      }
    }
  for (auto& w : workers) w->stop(progress);

  // The report lists cells backend by backend, then transport by transport, as Google
  // Benchmark lists families.
  std::vector<std::string> order = config.backends;
  order.insert(order.end(), config.transports.begin(), config.transports.end());
  const auto place = [&](const TransferCell& cell) {
    const auto subject = std::find(order.begin(), order.end(), cell.backend);
    const auto size = std::find(config.sizes.begin(), config.sizes.end(), cell.size);
    const auto rate = std::find(config.rates.begin(), config.rates.end(), cell.pacing.rate);
    const auto idle = std::find(config.idle_ns.begin(), config.idle_ns.end(), cell.pacing.idle_ns);
    // Unpaced cells first, then by rate, then by idle gap, as the operation table lists them.
    const long pacing = cell.pacing.rate > 0   ? 1 + (rate - config.rates.begin())
                        : cell.pacing.idle_ns > 0 ? 1 + static_cast<long>(config.rates.size()) + (idle - config.idle_ns.begin())
                                                  : 0;
    return std::make_tuple(subject - order.begin(), pacing, static_cast<int>(cell.mode), static_cast<int>(cell.strategy),
                           size - config.sizes.begin());
  };
  std::stable_sort(result.cells.begin(), result.cells.end(),
                   [&](const TransferCell& a, const TransferCell& b) { return place(a) < place(b); });

  for (const auto& cell : result.cells)
    if (cell.leftovers > 0)
      progress << "note: " << cell.backend << " " << format_size(cell.size) << " left " << cell.leftovers
               << " object(s) behind after close; shmbench removed them\n";
  common.leaked = paths_of(clean_prefix(names.prefix()));
  for (const auto& path : common.leaked) progress << "warning: removed leftover " << path << "\n";
  common.interrupted = interrupted();
  common.seconds = seconds_since(start);
  return result;
}

}  // namespace shmbench::transfer
