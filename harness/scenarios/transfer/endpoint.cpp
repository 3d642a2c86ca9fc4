#include "scenarios/transfer/endpoint.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <new>
#include <thread>
#include <vector>

#include "common/compiler_barrier.hpp"
#include "common/cpu_relax.hpp"
#include "measure/pattern.hpp"
#include "measure/timer.hpp"
#include "os/process.hpp"
#include "os/thread.hpp"

namespace shmbench::transfer {

// A budgeted batch is never shorter than this, so a slow wait still gives a distribution.
constexpr std::uint64_t kMinMessages = 16;
constexpr std::uint64_t kMaxMessages = 2'000'000;

double cpu_ns_since(const ThreadCpu& start) {
  const ThreadCpu now = current_thread_cpu();
  const Timer& timer = Timer::get();
  if (now.has_tsc_ticks && start.has_tsc_ticks && timer.info().tsc_ghz > 0)
    return timer.ns_between(start.tsc_ticks, now.tsc_ticks);
  return now.ns - start.ns;
}

void SideClock::start() {
  cpu_start_ = current_thread_cpu();
  wall_start_ = Timer::get().now();
}

void SideClock::stop(SideResult& result) const {
  const Timer& timer = Timer::get();
  result.cpu_ns = cpu_ns_since(cpu_start_);
  result.wall_ns = timer.ns_between(wall_start_, timer.now());
}

namespace {
// Waits until the timer reads `tick`, as `strategy` waits.
void wait_until(std::uint64_t tick, WaitStrategy strategy) {
  const Timer& timer = Timer::get();
  for (;;) {
    const std::uint64_t now = timer.now();
    if (now >= tick) return;
    switch (strategy) {
      case WaitStrategy::spin: cpu_relax(); break;
      case WaitStrategy::yield: yield_current_thread(); break;
      case WaitStrategy::kernel:
        // A sleep for the rest; a late wake-up is the run's (counted as lateness). An early
        // one (the OS clock and the TSC disagree by a little; MinGW's sleep under Wine)
        // sleeps again: a message is never sent before it is due.
        sleep_ns(timer.ns_between(now, tick));
        break;
    }
  }
}
}  // namespace

Schedule::Schedule(const RunSpec& spec) : timer_(Timer::get()), strategy_(spec.strategy) {
  by_rate_ = spec.pacing.rate > 0;
  if (spec.messages > 0) count_ = spec.messages;
  else if (by_rate_)
    count_ = std::clamp<std::uint64_t>(static_cast<std::uint64_t>(spec.budget_ns * spec.pacing.rate / 1e9), kMinMessages,
                                       kMaxMessages);
  else count_ = std::clamp<std::uint64_t>(static_cast<std::uint64_t>(spec.budget_ns / spec.pacing.idle_ns), 5, kMaxMessages);
  interval_ticks_ = (by_rate_ ? 1e9 / spec.pacing.rate : spec.pacing.idle_ns) / timer_.ns_between(0, 1);
  t0_ = last_answer_ = timer_.now();
}

void Schedule::wait_for_next(SideResult& result) {
  // The first message too is due one interval after t0, so that every send, the first
  // among them, waits as the strategy waits: with the first sent at once and the last
  // after a late wake-up, the sends' span came out a wake-up longer than the schedule's,
  // and a sleeping writer at 10k/s "reached" 98.7 % of it with its schedule kept.
  due_ = by_rate_ ? rate_due(k_)
                  : last_answer_ + static_cast<std::uint64_t>(interval_ticks_);
  wait_until(due_, strategy_);
  sent_ = timer_.now();  // never before due_
  result.late.record(timer_.ns_between(due_, sent_));
  if (k_++ == 0) first_sent_ = sent_;
}

void Schedule::answered(SideResult& result) {
  last_answer_ = timer_.now();
  const std::uint64_t from = by_rate_ ? due_ : sent_;
  result.rtt.record(last_answer_ > from ? timer_.ns_between(from, last_answer_) : 0);
}

// At a rate, the sends' span runs from the first message's due time, not its send: a
// first send that woke late and a schedule that caught up after it made the span short
// and the rate "exceeded" (a sleeping writer under Wine reached 511 of 500 messages/s,
// its first send 0.7 ms late). From the due time the rate can only fall short, as a
// schedule kept by sends that are never early must.
void Schedule::finish(SideResult& result) const {
  result.messages = count_;
  const std::uint64_t from = by_rate_ ? rate_due(0) : first_sent_;
  result.ns_per_message = count_ > 1 ? timer_.ns_between(from, sent_) / static_cast<double>(count_ - 1)
                                     : timer_.ns_between(t0_, last_answer_);
}

bool budget_spent(double elapsed_ns, std::uint64_t count, double budget_ns) {
  if (count < kMinMessages) return false;
  if (count >= kMaxMessages) return true;
  return elapsed_ns >= budget_ns;
}

void maybe_fail_midway(const RunSpec& spec, std::uint64_t m, bool reader) {
  if (!spec.first_run || m != spec.first_seq + kFaultyMessage) return;
  if (reader && spec.faults.reader_crash) die_abruptly();
  if (!reader && spec.faults.writer_crash) die_abruptly();
  if (reader && spec.faults.reader_hang) std::this_thread::sleep_for(std::chrono::hours(24));
}

namespace {

class Side {
 public:
  Side(const Channel& channel, const RunSpec& spec, const char* peer)
      : c_(channel), spec_(spec), peer_(peer), timer_(Timer::get()) {
  }

  // Again when the reader has its first message (SideClock).
  void start_clock() { clock_.start(); }

  // Waits on `bell` until `seq` reaches `target`; on failure says why in error_.
  bool await(Doorbell* bell, const std::atomic<std::uint64_t>& seq, std::uint64_t target, const char* what) {
    const WaitLimit limit{&c_.block->abort, timer_.now(), spec_.peer_timeout_ns};
    if (bell->wait(seq, target, limit)) return true;
    if (c_.block->abort.load() != 0 && error_.empty()) error_ = std::string(peer_) + " gave up (see its error)";
    else
      error_ = "the " + std::string(peer_) + " did not " + what + " message " + std::to_string(target) + " within " +
               std::to_string(static_cast<long long>(spec_.peer_timeout_ns / 1e9)) + " s";
    give_up();
    return false;
  }

  // Tells the peer to stop waiting for us.
  void give_up() {
    c_.block->abort.store(1);
    c_.to_reader->ring();
    c_.to_writer->ring();
  }

  SideResult finish(SideResult result) {
    result.error = error_;
    clock_.stop(result);
    return result;
  }

  const Channel& c_;
  const RunSpec& spec_;
  const char* peer_;
  const Timer& timer_;
  std::string error_;
  SideClock clock_;
};

// Writes message m into its slot (or, under a test fault, a damaged or no message).
void write_message(const Channel& c, const RunSpec& spec, std::uint64_t m) {
  const bool faulty = m == spec.first_seq + kFaultyMessage;
  if (faulty && spec.faults.stale_message) return;
  fill_pattern(c.slot(m), c.size, message_seed(spec.seed, m));
  if (faulty && spec.faults.corrupt_message) c.slot(m)[c.size / 2] ^= std::byte{0x5a};
}

void publish(const Channel& c, std::uint64_t m, bool final) {
  if (final) c.block->last.store(m, std::memory_order_relaxed);  // ordered by the release below
  c.block->written.store(m, std::memory_order_release);
  c.to_reader->ring();
}

bool budget_spent(const Side& side, std::uint64_t start, std::uint64_t count, double budget_ns) {
  return count >= kMinMessages && transfer::budget_spent(side.timer_.ns_between(start, side.timer_.now()), count, budget_ns);
}

SideResult pingpong_writer(const Channel& c, const RunSpec& spec) {
  Side side(c, spec, "reader");
  SideResult result;
  std::uint64_t m = spec.first_seq;
  const auto round_trip = [&](bool final) {
    write_message(c, spec, m);
    maybe_fail_midway(spec, m, false);
    publish(c, m, final);
    return side.await(c.to_writer, c.block->consumed, m, "answer");
  };
  if (!lead_in(side.timer_, spec, m, result, [&] { return round_trip(false); })) return side.finish(result);
  // Per message: every round trip timed on its own, for the distribution.
  const std::uint64_t phase_start = side.timer_.now();
  std::uint64_t count = 0;
  for (;; ++count, ++m) {
    if (spec.messages ? count == spec.messages : budget_spent(side, phase_start, count, spec.budget_ns / 2)) break;
    const std::uint64_t start = side.timer_.now();
    if (!round_trip(false)) return side.finish(result);
    result.rtt.record(side.timer_.ns_between(start, side.timer_.now()));
  }
  // The same number of round trips as one span: their mean without a timer read per
  // message, so what the per-message timing adds can be seen beside it.
  const std::uint64_t start = side.timer_.now();
  for (std::uint64_t i = 0; i < count; ++i, ++m)
    if (!round_trip(i + 1 == count)) return side.finish(result);
  result.ns_per_message = side.timer_.ns_between(start, side.timer_.now()) / static_cast<double>(count);
  result.messages = count;
  return side.finish(result);
}

// Ping-pong on a schedule (Schedule).
SideResult paced_writer(const Channel& c, const RunSpec& spec) {
  Side side(c, spec, "reader");
  SideResult result;
  Schedule schedule(spec);
  std::uint64_t m = spec.first_seq;
  for (std::uint64_t k = 0; k < schedule.count(); ++k, ++m) {
    schedule.wait_for_next(result);
    write_message(c, spec, m);
    maybe_fail_midway(spec, m, false);
    publish(c, m, k + 1 == schedule.count());
    if (!side.await(c.to_writer, c.block->consumed, m, "answer")) return side.finish(result);
    schedule.answered(result);
  }
  schedule.finish(result);
  return side.finish(result);
}

SideResult stream_writer(const Channel& c, const RunSpec& spec) {
  Side side(c, spec, "reader");
  SideResult result;
  const std::uint64_t first = spec.first_seq, k = c.slot_count;
  // Waits for the slot of message m to be free: the reader has consumed m - k. Every
  // message waits once, so counting doorbells stay balanced (Doorbell::wait).
  std::uint64_t next_space = first;  // the next "consumed" number to wait for
  const auto wait_space = [&](std::uint64_t m) {
    if (m < first + k) return true;
    return side.await(c.to_writer, c.block->consumed, next_space++, "consume");
  };
  const std::uint64_t start = side.timer_.now();
  std::uint64_t m = first;
  for (;; ++m) {
    const std::uint64_t count = m - first + 1;
    const bool final = spec.messages ? count == spec.messages
                                     : (count % 8 == 0 && budget_spent(side, start, count, spec.budget_ns));
    if (!wait_space(m)) return side.finish(result);
    write_message(c, spec, m);
    maybe_fail_midway(spec, m, false);
    publish(c, m, final);
    if (final) break;
  }
  // The batch ends when the reader has verified the last message.
  while (next_space <= m)
    if (!side.await(c.to_writer, c.block->consumed, next_space++, "consume")) return side.finish(result);
  result.messages = m - first + 1;
  result.ns_per_message = side.timer_.ns_between(start, side.timer_.now()) / static_cast<double>(result.messages);
  return side.finish(result);
}
}  // namespace

void init_control_block(ControlBlock& block) {
  new (&block.written) std::atomic<std::uint64_t>(0);
  new (&block.consumed) std::atomic<std::uint64_t>(0);
  new (&block.last) std::atomic<std::uint64_t>(0);
  new (&block.abort) std::atomic<std::uint32_t>(0);
}

SideResult run_writer(const Channel& channel, const RunSpec& spec) {
  if (spec.pacing.paced()) return paced_writer(channel, spec);
  return spec.mode == TransferMode::pingpong ? pingpong_writer(channel, spec) : stream_writer(channel, spec);
}

// The reader is the same in both modes: wait for the next message, verify every byte,
// answer, until the message the writer marked as the last.
SideResult run_reader(const Channel& c, const RunSpec& spec) {
  Side side(c, spec, "writer");
  SideResult result;
  for (std::uint64_t m = spec.first_seq;; ++m) {
    if (!side.await(c.to_reader, c.block->written, m, "publish")) return side.finish(result);
    if (m == spec.first_seq) side.start_clock();
    maybe_fail_midway(spec, m, true);
    const std::size_t bad = find_pattern_mismatch(c.slot(m), c.size, message_seed(spec.seed, m));
    if (bad != c.size) {
      side.error_ = "verify: data_mismatch: message " + std::to_string(m - spec.first_seq + 1) + " of the run (number " +
                    std::to_string(m) + "): byte " + std::to_string(bad) + " of " + std::to_string(c.size) +
                    " differs from what the writer wrote (corrupt or stale)";
      side.give_up();
      return side.finish(result);
    }
    const bool final = c.block->last.load(std::memory_order_relaxed) == m;
    c.block->consumed.store(m, std::memory_order_release);
    c.to_writer->ring();
    ++result.messages;
    if (final) break;
  }
  return side.finish(result);
}

double time_memcpy(std::uint64_t size) {
  std::vector<std::byte> from(size), to(size);
  fill_pattern(from.data(), size, 1);
  std::memcpy(to.data(), from.data(), size);  // warm both
  const std::uint64_t passes = std::max<std::uint64_t>(16, (64ull << 20) / size);
  const Timer& timer = Timer::get();
  const std::uint64_t start = timer.now();
  for (std::uint64_t i = 0; i < passes; ++i) {
    std::memcpy(to.data(), from.data(), size);
    clobber_memory();
  }
  return timer.ns_between(start, timer.now()) / static_cast<double>(passes);
}

}  // namespace shmbench::transfer
