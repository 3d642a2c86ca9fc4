// What the transfer scenario measures (message hand-off between a writer and a reader),
// as it hands it to the report: per backend, mode, wait strategy and size, the
// repetitions of one cell. Plain data, like results.hpp; report/transfer_analysis.hpp
// computes the statistics once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "measure/histogram.hpp"
#include "measure/results.hpp"

namespace shmbench {

enum class TransferMode {
  pingpong,  // one message at a time; the reader verifies and answers: round-trip latency
  stream,    // a ring of slots with back-pressure: messages and bytes per second
};
enum class WaitStrategy {
  spin,    // poll the sequence number, with a pause instruction
  yield,   // poll, giving up the time slice between polls
  kernel,  // sleep in the backend's own primitive (Win32 event, Boost or POSIX semaphore)
};
inline constexpr TransferMode kTransferModes[] = {TransferMode::pingpong, TransferMode::stream};
inline constexpr WaitStrategy kWaitStrategies[] = {WaitStrategy::spin, WaitStrategy::yield, WaitStrategy::kernel};

const char* to_string(TransferMode mode);
const char* to_string(WaitStrategy strategy);
std::optional<TransferMode> transfer_mode_named(std::string_view name);
std::optional<WaitStrategy> wait_strategy_named(std::string_view name);

// The row name's first part: "pingpong_spin", "stream_kernel".
std::string transfer_operation(TransferMode mode, WaitStrategy strategy);

// A ping-pong cell can be paced (--rate, --idle): the writer sends message k at a time set
// beforehand, t0 + k / rate (open loop: a message is timed from when it was due, so a
// stall delays and is charged to every message due during it, as wrk2 and HdrHistogram
// count it), or after `idle_ns` of silence since the last answer (the wake-up after idle).
struct Pacing {
  double rate = 0;     // messages per second; 0: not a rate cell
  double idle_ns = 0;  // silence before each message; 0: not an idle cell
  bool paced() const { return rate > 0 || idle_ns > 0; }
};
// "rate10000_spin", "idle10ms_kernel"; transfer_operation's for an unpaced cell.
std::string paced_operation(const Pacing& pacing, WaitStrategy strategy);
// The in-process memcpy reference stream throughput is shown against: "memcpy".
inline constexpr std::string_view kMemcpyOperation = "memcpy";

// One repetition of one cell, as both sides measured it.
struct TransferRep {
  std::uint64_t messages = 0;  // in the timed batch (ping-pong: round trips)
  // Every message the repetition moved, which both sides' CPU time paid for: ping-pong's
  // per-message phase and its batch (a round trip counts once), or the stream's batch.
  std::uint64_t moved = 0;
  std::uint64_t lead_in = 0;  // ping-pong: untimed round trips before the timed ones (in moved)
  // Ping-pong: the batch's mean round trip, timed as one span (no timer read per message);
  // stream: the batch's time per message.
  double ns_per_message = 0;
  Histogram rtt;                    // ping-pong: every round trip of the per-message phase
  double writer_cpu_ns = 0, writer_wall_ns = 0;
  double reader_cpu_ns = 0, reader_wall_ns = 0;
  std::optional<double> memcpy_ns;  // the heap's stream cells: one warm memcpy of a message
  double late_p50_ns = 0;           // paced cells: how late the writer itself sent, its median
};

struct TransferCell {
  std::string backend;     // the backend, or the transport (the rows' middle part either way)
  bool transport = false;  // a message transport (harness/transports), not a mapping
  TransferMode mode = TransferMode::pingpong;
  WaitStrategy strategy = WaitStrategy::spin;
  Pacing pacing;  // ping-pong at a rate or after idle (mode is pingpong then)
  std::uint64_t size = 0;
  std::uint64_t slots = 1;
  std::vector<TransferRep> reps;
  int leftovers = 0;  // objects the backend's close left behind (shmbench removed them)
  // The row name's first part: "pingpong_spin", "stream_yield", "rate1000_kernel", ...
  std::string operation() const {
    return mode == TransferMode::stream ? transfer_operation(mode, strategy) : paced_operation(pacing, strategy);
  }
  std::string error;  // non-empty: the cell failed and its repetitions are not reported
  // Non-empty: this system lacks what the cell needs (a transport, or this message size on
  // it); the row says "not available: " and why, and the run has not failed.
  std::string not_available;
  double seconds = 0;
};

struct TransferRunResult {
  RunResult common;  // backends, timer, order, cleanup and interruption (common.cells stays empty)
  std::vector<TransferCell> cells;
  int writer_cpu = -1, reader_cpu = -1;  // the CPUs the sides were pinned to, -1 when not pinned
  std::vector<std::pair<std::string, std::string>> kernel_waits;  // backend or transport -> what its kernel wait is
  std::vector<std::pair<std::string, std::string>> transports;    // transport -> its calls and flags
};

}  // namespace shmbench
