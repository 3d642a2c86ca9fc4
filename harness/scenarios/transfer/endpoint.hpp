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
};

struct SideResult {
  std::string error;  // non-empty: this side failed (the report's error row says this)
  std::uint64_t messages = 0;
  double ns_per_message = 0;
  Histogram rtt;   // ping-pong: round trips; paced: from each message's due time to its answer
  Histogram late;  // paced: how late the writer itself sent each message
  double cpu_ns = 0, wall_ns = 0;
};

// The calling thread's CPU time since `start` (a current_thread_cpu() reading), in ns;
// TSC cycles are turned into time with the calibrated timer's rate.
double cpu_ns_since(const ThreadCpu& start);

// Paced ping-pong (Pacing): the messages of one run and when each is due. A rate run
// sends for the budget (at least 16 messages); an idle run sends 5 messages, or as many as
// the budget holds.
std::uint64_t paced_messages(const RunSpec& spec);
// Waits until the timer reads `tick`, the way `strategy` waits: polling the clock (spin),
// yielding between reads (yield), or asleep in the OS (kernel; it may wake late, which
// the run counts).
void wait_until(std::uint64_t tick, WaitStrategy strategy);

// Whether a budgeted batch of `count` messages, `elapsed_ns` so far, is long enough: at
// least 16 messages, at most 2 000 000, else until the budget is spent.
bool budget_spent(double elapsed_ns, std::uint64_t count, double budget_ns);
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
