// The two sides of a transfer cell: the writer publishes messages into the slots and the
// reader verifies each (every byte, with the fast verify kernel) and answers. The same
// code runs in two processes over a shared mapping and in two threads over a heap buffer
// (the in-process reference), so the only difference between the figures is the
// boundary between the sides.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "measure/histogram.hpp"
#include "measure/timer.hpp"
#include "measure/transfer_results.hpp"
#include "os/thread.hpp"
#include "scenarios/transfer/control_block.hpp"
#include "scenarios/transfer/doorbell.hpp"
#include "scenarios/transfer/faults.hpp"

namespace shmbench::transfer {

// One side's view of a cell's mapping.
struct Channel {
  ControlBlock* block = nullptr;
  std::byte* slots = nullptr;  // kDataOffset into the mapping
  std::uint64_t size = 0, slot_count = 1;
  Doorbell* to_reader = nullptr;
  Doorbell* to_writer = nullptr;
  std::byte* slot(std::uint64_t m) const { return slots + (m % slot_count) * slot_stride(size); }
};

struct RunSpec {
  TransferMode mode = TransferMode::pingpong;
  std::uint64_t seed = 0;
  std::uint64_t first_seq = 1;
  std::uint64_t messages = 0;  // 0: as many as fit in budget_ns
  double budget_ns = 10e6;
  double peer_timeout_ns = 30e9;
  Faults faults;
  bool first_run = false;  // the crash and hang faults strike in the first run only
  WaitStrategy strategy = WaitStrategy::spin;  // paced cells: how the writer waits for a message's time
  Pacing pacing;                               // ping-pong at a rate, or after idle
  // Ping-pong: untimed round trips for this long before the timed ones (and one at
  // least, which pays for the mapping's first touch). On a VM, a ping-pong whose sides
  // sleep got dearer after 30-70 ms of back-to-back exchange (the host's handling of an
  // idle vCPU), so a batch timed from its first message measured the start of an
  // exchange, not the exchange (docs/transfer.md).
  double lead_in_ns = 0;
};

struct SideResult {
  std::string error;  // non-empty: this side failed (the report's error row says this)
  std::uint64_t messages = 0;
  std::uint64_t lead_in_messages = 0;  // ping-pong: untimed round trips before the timed ones
  double ns_per_message = 0;
  Histogram rtt;   // ping-pong: round trips; paced: from each message's due time to its answer
  Histogram late;  // paced: how late the writer itself sent each message
  double cpu_ns = 0, wall_ns = 0;
};

// The calling thread's CPU time since `start` (a current_thread_cpu() reading), in ns;
// TSC cycles are turned into time with the calibrated timer's rate.
double cpu_ns_since(const ThreadCpu& start);

// A side's CPU and wall clocks: from its start (or, for a reader, again from its first
// message, so that neither a thread's start nor the wait for a peer that has not begun is
// charged to the messages) to its finish.
class SideClock {
 public:
  SideClock() { start(); }
  void start();
  void stop(SideResult& result) const;  // sets cpu_ns and wall_ns

 private:
  ThreadCpu cpu_start_;
  std::uint64_t wall_start_ = 0;
};

// The schedule of a paced ping-pong (Pacing), the same for a mapping's writer and a
// transport's: message k (from 0) is due at t0 + (k + 1) / rate, or idle_ns after the last answer. A
// rate run sends for the budget (at least 16 messages), an idle run 5 messages or as
// many as the budget holds. A rate run times each message from when it was due, so a
// message the writer could not send on time carries the delay; an idle run times the
// round trip from the send, which is the wake-up of a reader that waited that long.
class Schedule {
 public:
  explicit Schedule(const RunSpec& spec);
  std::uint64_t count() const { return count_; }
  // Waits until the next message is due, the way the run's strategy waits (polling the
  // clock, yielding, or asleep in the OS, which may wake late: counted in `late`).
  void wait_for_next(SideResult& result);
  // The answer to the message just sent has come: its latency goes into `rtt`.
  void answered(SideResult& result);
  // messages and ns_per_message: the interval the sends kept (n sends span n - 1).
  void finish(SideResult& result) const;

 private:
  // At a rate: when message k (from 0) is due, one interval after t0 for the first.
  std::uint64_t rate_due(std::uint64_t k) const {
    return t0_ + static_cast<std::uint64_t>(static_cast<double>(k + 1) * interval_ticks_);
  }
  const Timer& timer_;
  WaitStrategy strategy_;
  std::uint64_t count_ = 0;
  bool by_rate_ = false;
  double interval_ticks_ = 0;
  std::uint64_t k_ = 0, t0_ = 0, due_ = 0, sent_ = 0, first_sent_ = 0, last_answer_ = 0;
};

// Whether a budgeted batch of `count` messages, `elapsed_ns` so far, is long enough: at
// least 16 messages, at most 2 000 000, else until the budget is spent.
bool budget_spent(double elapsed_ns, std::uint64_t count, double budget_ns);
// A ping-pong's untimed round trips before its timed ones, message m on: one at least
// (it pays for the fresh mapping's first touch, which had doubled a 16 MiB row's mean),
// then until spec.lead_in_ns has passed; counted in result.lead_in_messages. False when
// a round trip failed (the side's error says why).
template <typename RoundTrip>
bool lead_in(const Timer& timer, const RunSpec& spec, std::uint64_t& m, SideResult& result, RoundTrip&& round_trip) {
  for (const std::uint64_t start = timer.now();
       result.lead_in_messages == 0 || timer.ns_between(start, timer.now()) < spec.lead_in_ns; ++m) {
    if (!round_trip()) return false;
    ++result.lead_in_messages;
  }
  return true;
}
// The crash and hang faults (tests only): strike at message kFaultyMessage of the first run.
void maybe_fail_midway(const RunSpec& spec, std::uint64_t m, bool reader);

// Sets up a fresh control block (the creator, before any reader has opened it).
void init_control_block(ControlBlock& block);

SideResult run_writer(const Channel& channel, const RunSpec& spec);
SideResult run_reader(const Channel& channel, const RunSpec& spec);

// The in-process memcpy reference for stream throughput: ns for one warm memcpy of
// `size` bytes between two heap buffers, over a batch.
double time_memcpy(std::uint64_t size);

}  // namespace shmbench::transfer
