#include "scenarios/lifecycle/lifecycle_run.hpp"

#include <chrono>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "backends/backend.hpp"
#include "os/interrupt.hpp"
#include "backends/leftovers.hpp"
#include "backends/names.hpp"
#include "measure/operation.hpp"
#include "os/process.hpp"
#include "common/sizes.hpp"

namespace shmbench {

namespace {
using nlohmann::json;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// One worker process and the role it plays, for messages.
struct Worker {
  std::string role;
  std::unique_ptr<ChildProcess> process;
};

// Sends `command` (unless null) and waits for the worker's one-line answer.
Result<json> ask(Worker& worker, const json& command, std::chrono::milliseconds timeout) {
  if (!command.is_null()) {
    Status sent = worker.process->write_line(command.dump());
    if (!sent.ok()) return Error{ErrorKind::other, 0, worker.role, "could not send a command: " + sent.error().describe()};
  }
  std::string line;
  switch (worker.process->read_line(line, timeout)) {
    case ChildProcess::ReadResult::timeout:
      if (interrupted()) return Error{ErrorKind::other, 0, worker.role, "interrupted"};
      return Error{ErrorKind::other, 0, worker.role,
                   "no answer within " + std::to_string(timeout.count() / 1000) + " s: killed"};
    case ChildProcess::ReadResult::closed: {
      const auto status = worker.process->wait(std::chrono::seconds(5));
      return Error{ErrorKind::other, 0, worker.role,
                   "exited unexpectedly (" + (status ? status->describe() : std::string("still running")) + ")"};
    }
    case ChildProcess::ReadResult::line: break;
  }
  json answer = json::parse(line, nullptr, false);
  if (answer.is_discarded() || !answer.is_object())
    return Error{ErrorKind::other, 0, worker.role, "answered something that is not JSON: " + line.substr(0, 120)};
  if (!answer.value("ok", false)) return Error{ErrorKind::other, 0, worker.role, answer.value("error", "failed")};
  return answer;
}

Result<Worker> start_worker(const std::string& role, const std::string& backend, std::uint64_t size,
                            const RunConfig& config) {
  std::vector<std::string> args = {"worker", "--role", role, "--backend", backend, "--size", std::to_string(size)};
  if (!config.fault.empty()) args.insert(args.end(), {"--fault", config.fault});
  auto process = ChildProcess::start(current_executable(), args);
  // Wine's CreateProcess now and then fails with ERROR_INTERNAL_ERROR under load; a
  // failed start creates nothing, so trying again is safe.
  for (int attempt = 1; !process.ok() && attempt < 3; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    process = ChildProcess::start(current_executable(), args);
  }
  if (!process.ok()) return Error{ErrorKind::other, 0, role, "could not start: " + process.error().describe()};
  return Worker{role, std::move(process.value())};
}

void record(Cell& cell, const json& answer) {
  for (const auto& [op, ns] : answer.at("ns").items()) cell.ns[op].push_back(ns.get<double>());
  if (answer.contains("iterations"))
    for (const auto& [op, n] : answer.at("iterations").items()) cell.iterations[op] = n.get<std::uint64_t>();
}

class CellRunner {
 public:
  CellRunner(const RunConfig& config, RunNames& names, std::optional<TimerInfo>& timer, std::ostream& progress)
      : config_(config), names_(names), timer_(timer), progress_(progress) {}

  Cell run(const std::string& backend, std::uint64_t size) {
    Cell cell;
    cell.backend = backend;
    cell.size = size;
    const auto start = Clock::now();
    Status status = measure(cell);
    if (!status.ok()) {
      cell.error = status.error().call + ": " + status.error().detail;
      cell.ns.clear();
    }
    cell.seconds = seconds_since(start);
    return cell;
  }

 private:
  Status measure(Cell& cell) {
    const auto timeout = std::chrono::milliseconds(static_cast<long long>(config_.timeout_seconds * 1000));
    auto writer = start_worker("writer", cell.backend, cell.size, config_);
    if (!writer.ok()) return writer.error();
    auto reader = start_worker("reader", cell.backend, cell.size, config_);
    if (!reader.ok()) return reader.error();

    for (Worker* worker : {&writer.value(), &reader.value()}) {
      auto hello = ask(*worker, nullptr, timeout);
      if (!hello.ok()) return hello.error();
      if (!timer_) {
        const json& t = hello.value().at("timer");
        timer_ = TimerInfo{t.at("source"), t.at("resolution_ns"), t.at("read_overhead_ns"), t.at("os_clock"),
                           t.at("os_clock_resolution_ns"), t.at("tsc_ghz")};
      }
    }

    std::mt19937_64 seeds(std::random_device{}());
    auto last_report = Clock::now();
    std::unique_ptr<Backend> backend = make_backend(cell.backend);
    for (int rep = -config_.warmup_repetitions; rep < config_.repetitions; ++rep) {
      const std::string name = names_.next();
      Status status = interrupted() ? Status{Error{ErrorKind::other, 0, "controller", "interrupted"}}
                                    : one_repetition(writer.value(), reader.value(), name, seeds(), rep >= 0 ? &cell : nullptr, timeout);
      if (!status.ok()) {
        // A worker died or hung mid-repetition: stop both before removing what they made.
        for (Worker* worker : {&writer.value(), &reader.value()})
          (void)worker->process->stop("", StopDeadlines::kill_now());
        if (backend) (void)backend->remove(name);
        const std::string when = rep < 0 ? "warm-up" : "repetition " + std::to_string(rep + 1) + " of " +
                                                            std::to_string(config_.repetitions);
        return Error{status.error().kind, 0, status.error().call, status.error().detail + " (" + when + ")"};
      }
      // Large sizes take seconds per repetition: say how far a long cell has got.
      if (std::chrono::duration<double>(Clock::now() - last_report).count() > 5) {
        progress_ << "       " << cell.backend << " " << format_size(cell.size) << ": " << rep + 1 << " of "
                  << config_.repetitions << " repetitions done" << std::endl;
        last_report = Clock::now();
      }
    }
    // Short default deadlines, not --timeout: a worker that ignores "exit" is killed
    // within seconds instead of holding the controller for the whole timeout.
    for (Worker* worker : {&writer.value(), &reader.value()})
      (void)worker->process->stop(json{{"cmd", "exit"}}.dump(), StopDeadlines{});
    return {};
  }

  Status one_repetition(Worker& writer, Worker& reader, const std::string& name, std::uint64_t seed,
                        Cell* cell, std::chrono::milliseconds timeout) {
    auto written = ask(writer, {{"cmd", "write"}, {"name", name}, {"seed", seed}}, timeout);
    if (!written.ok()) return written.error();
    auto read = ask(reader, {{"cmd", "read"}, {"name", name}, {"seed", seed}}, timeout);
    if (!read.ok()) return read.error();
    auto released = ask(writer, {{"cmd", "release"}}, timeout);
    if (!released.ok()) return released.error();
    if (cell != nullptr)
      for (const json* answer : {&written.value(), &read.value(), &released.value()}) record(*cell, *answer);
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
};

std::vector<std::string> paths_of(const CleanOutcome& outcome) {
  std::vector<std::string> paths;
  for (const auto& leftover : outcome.removed) paths.push_back(leftover.path);
  paths.insert(paths.end(), outcome.failures.begin(), outcome.failures.end());
  return paths;
}
}  // namespace

RunResult run_benchmarks(const RunConfig& config, std::ostream& progress) {
  RunResult result;
  const auto start = Clock::now();
  result.stale_removed = paths_of(clean_dead_runs());
  if (!result.stale_removed.empty())
    progress << "removed " << result.stale_removed.size() << " object(s) left by crashed earlier runs\n";

  RunNames names;
  CellRunner runner(config, names, result.timer, progress);
  const std::size_t total = config.backends.size() * config.sizes.size();
  std::size_t done = 0;
  for (const auto& backend : config.backends) {
    for (std::uint64_t size : config.sizes) {
      if (interrupted()) break;
      Cell cell = runner.run(backend, size);
      ++done;
      progress << "[" << std::setw(2) << done << "/" << total << "] " << std::left << std::setw(15) << backend
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

}  // namespace shmbench
