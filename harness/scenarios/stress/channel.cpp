#include "scenarios/stress/channel.hpp"

#include <chrono>
#include <cstring>
#include <new>
#include <thread>
#include <vector>

#include "common/cpu_relax.hpp"
#include "measure/histogram.hpp"
#include "measure/pattern.hpp"
#include "measure/timer.hpp"
#include "os/process.hpp"

namespace shmbench::stress {

namespace {
using Clock = std::chrono::steady_clock;
constexpr std::uint64_t kMagic = 0x73686d7374726573ULL;  // "shmstres"
constexpr std::uint64_t kLine = 64;

std::uint64_t round_up(std::uint64_t n, std::uint64_t to) { return (n + to - 1) / to * to; }
std::uint64_t header_bytes() { return round_up(sizeof(Header), kLine); }
std::uint64_t slot_stride(std::uint64_t message_size) { return kLine + round_up(message_size, kLine); }

std::uint64_t channels_of(const Header& h) {
  return h.layout == static_cast<std::uint64_t>(Layout::disjoint) ? h.writers : 1;
}

// One slot: its sequence word on its own cache line, then the message.
struct Slot {
  std::atomic<std::uint64_t>* seq;
  std::byte* payload;
};
Slot slot_at(std::byte* base, std::uint64_t channel, std::uint64_t position) {
  const Header& h = *header_of(base);
  const std::uint64_t stride = slot_stride(h.message_size);
  std::byte* at = base + header_bytes() + (channel * h.slots + position % h.slots) * stride;
  return {&reinterpret_cast<Counter*>(at)->value, at + kLine};
}

// Waiting with two cores shared by many processes: spin briefly, then give the CPU away.
class Backoff {
 public:
  void wait() {
    if (n_ < 64) {
      cpu_relax();
    } else if (n_ < 2000) {
      std::this_thread::yield();
    } else {
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    ++n_;
  }
  void reset() { n_ = 0; }

 private:
  int n_ = 0;
};

[[noreturn]] void hang_forever() {
  while (true) std::this_thread::sleep_for(std::chrono::seconds(1));
}

std::uint64_t seed_for(std::uint64_t seed, std::uint64_t writer, std::uint64_t index) {
  std::uint64_t x = seed ^ (writer + 1) * 0x9E3779B97F4A7C15ULL ^ index * 0xD1B54A32D192ED03ULL;
  x ^= x >> 31;
  return x * 0xBF58476D1CE4E5B9ULL;
}

// Writes message `index` of `writer`; `half`: only the first half of its pattern (the
// corruption switch's torn message, or a writer killed mid-copy).
void write_message(std::byte* to, std::uint64_t size, std::uint64_t seed, std::uint64_t writer, std::uint64_t index,
                   bool half) {
  std::memcpy(to, &writer, 8);
  std::memcpy(to + 8, &index, 8);
  const std::uint64_t body = size - kMessageHeader;
  fill_pattern(to + kMessageHeader, half ? body / 16 * 8 : body, seed_for(seed, writer, index));
}

// True if every byte is the pattern its header names.
bool whole(const std::byte* message, std::uint64_t size, std::uint64_t seed, std::uint64_t& writer,
           std::uint64_t& index) {
  std::memcpy(&writer, message, 8);
  std::memcpy(&index, message + 8, 8);
  if (writer >= static_cast<std::uint64_t>(kMaxPeers)) return false;
  const std::uint64_t body = size - kMessageHeader;
  return find_pattern_mismatch(message + kMessageHeader, body, seed_for(seed, writer, index)) == body;
}

// One writer's messages as a reader sees them.
struct Stream {
  std::uint64_t next = 0;  // the index expected next
};

void account(Tally& tally, Stream& stream, bool is_whole, std::uint64_t index) {
  ++tally.messages;
  if (!is_whole) {  // it took the place of the message expected
    ++tally.torn;
    ++stream.next;
    return;
  }
  if (index < stream.next) {
    ++tally.duplicated;
    return;
  }
  tally.lost += index - stream.next;
  stream.next = index + 1;
  ++tally.verified;
}

// At the end: what a stream should have held and did not.
void close_stream(Tally& tally, const Stream& stream, std::uint64_t expected) {
  tally.expected += expected;
  if (expected > stream.next) tally.lost += expected - stream.next;
}

// The writer's plan under the corruption switch (writer 0 only): how many messages it
// publishes and which index the p-th one carries.
struct Plan {
  std::uint64_t positions;
  std::uint64_t middle;
  Corruption corruption;
  std::uint64_t index_at(std::uint64_t p) const {
    if (corruption == Corruption::lost) return p < middle ? p : p + 1;
    if (corruption == Corruption::duplicate) return p <= middle ? p : p - 1;
    return p;
  }
};
Plan plan_for(std::uint64_t messages, Corruption corruption) {
  Plan plan{messages, messages / 2, corruption};
  if (corruption == Corruption::lost) plan.positions = messages - 1;
  if (corruption == Corruption::duplicate) plan.positions = messages + 1;
  return plan;
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

bool aborted(const Header& h) { return h.abort.value.load(std::memory_order_acquire) != 0; }

// Fan-out and disjoint writers: may position p be written (its slot consumed by all)?
bool slot_free(const Header& h, int writer, std::uint64_t p) {
  if (p < h.slots) return true;
  const std::uint64_t needed = p - h.slots + 1;
  if (h.layout == static_cast<std::uint64_t>(Layout::disjoint))
    return h.consumed[writer].value.load(std::memory_order_acquire) >= needed;
  for (std::uint64_t r = 0; r < h.readers; ++r)
    if (h.gone[r].value.load(std::memory_order_acquire) == 0 &&
        h.consumed[r].value.load(std::memory_order_acquire) < needed)
      return false;
  return true;
}

// Lockstep fan-out: has every live reader consumed the first `needed` positions?
bool all_acked(const Header& h, std::uint64_t needed) {
  for (std::uint64_t r = 0; r < h.readers; ++r)
    if (h.gone[r].value.load(std::memory_order_acquire) == 0 &&
        h.consumed[r].value.load(std::memory_order_acquire) < needed)
      return false;
  return true;
}

Latency summarise(const Histogram& histogram) {
  Latency l;
  l.samples = histogram.count();
  if (l.samples == 0) return l;
  l.min_ns = histogram.min();
  l.p50_ns = histogram.percentile(0.50);
  l.p99_ns = histogram.percentile(0.99);
  l.max_ns = histogram.max();
  l.mean_ns = histogram.mean();
  return l;
}

Tally run_seqlock_writer(std::byte* base, int index, const Plan& plan, WorkerFault fault) {
  Header& h = *header_of(base);
  Tally tally;
  const bool lockstep = h.lockstep != 0 && h.layout == static_cast<std::uint64_t>(Layout::fanout);
  const Timer& timer = Timer::get();  // calibrated before the first message, not during it
  Histogram latencies;
  const auto start = Clock::now();
  const std::uint64_t channel = h.layout == static_cast<std::uint64_t>(Layout::disjoint) ? index : 0;
  for (std::uint64_t p = 0; p < plan.positions; ++p) {
    Backoff backoff;
    while (!slot_free(h, index, p)) {
      if (aborted(h)) {
        tally.aborted = true;
        tally.seconds = seconds_since(start);
        return tally;
      }
      backoff.wait();
    }
    if (p == plan.middle && fault == WorkerFault::hang) hang_forever();
    if (p == plan.middle && fault == WorkerFault::crash) die_abruptly();
    const Slot slot = slot_at(base, channel, p);
    const std::uint64_t generation = p / h.slots;
    slot.seq->store(2 * generation + 1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    if (p == plan.middle && fault == WorkerFault::crash_mid_copy) {
      write_message(slot.payload, h.message_size, h.seed, index, plan.index_at(p), true);
      die_abruptly();
    }
    write_message(slot.payload, h.message_size, h.seed, index, plan.index_at(p),
                  plan.corruption == Corruption::torn && p == plan.middle);
    const std::uint64_t published = timer.now();
    slot.seq->store(2 * generation + 2, std::memory_order_release);
    h.published[index].value.store(p + 1, std::memory_order_release);
    if (!lockstep) continue;
    // One message at a time: from its publish to the last live reader's ack.
    Backoff acks;
    while (!all_acked(h, p + 1)) {
      if (aborted(h)) {
        tally.aborted = true;
        tally.latency = summarise(latencies);
        tally.seconds = seconds_since(start);
        return tally;
      }
      acks.wait();
    }
    if (p >= h.warmup) latencies.record(timer.ns_between(published, timer.now()));
  }
  h.done[index].value.store(1, std::memory_order_release);
  tally.messages = plan.positions;
  tally.latency = summarise(latencies);
  tally.seconds = seconds_since(start);
  return tally;
}

Tally run_ring_writer(std::byte* base, int index, const Plan& plan, WorkerFault fault) {
  Header& h = *header_of(base);
  Tally tally;
  const auto start = Clock::now();
  for (std::uint64_t p = 0; p < plan.positions; ++p) {
    if (p == plan.middle && fault == WorkerFault::hang) hang_forever();
    if (p == plan.middle && fault == WorkerFault::crash) die_abruptly();
    const std::uint64_t ticket = h.tail.value.fetch_add(1, std::memory_order_acq_rel);
    const Slot slot = slot_at(base, 0, ticket);
    Backoff backoff;
    while (slot.seq->load(std::memory_order_acquire) != ticket) {
      if (aborted(h)) {
        tally.aborted = true;
        tally.seconds = seconds_since(start);
        return tally;
      }
      backoff.wait();
    }
    if (p == plan.middle && fault == WorkerFault::crash_mid_copy) {
      write_message(slot.payload, h.message_size, h.seed, index, plan.index_at(p), true);
      die_abruptly();
    }
    write_message(slot.payload, h.message_size, h.seed, index, plan.index_at(p),
                  plan.corruption == Corruption::torn && p == plan.middle);
    slot.seq->store(ticket + 1, std::memory_order_release);
    h.published[index].value.store(p + 1, std::memory_order_release);
  }
  h.done[index].value.store(1, std::memory_order_release);
  tally.messages = plan.positions;
  tally.seconds = seconds_since(start);
  return tally;
}

// Reads position p of a seqlocked ring into `copy` if it has been published.
enum class Read { got, not_yet, overwritten };
Read try_read(std::byte* base, std::uint64_t channel, std::uint64_t p, std::vector<std::byte>& copy, Tally& tally) {
  const Header& h = *header_of(base);
  const Slot slot = slot_at(base, channel, p);
  const std::uint64_t target = 2 * (p / h.slots) + 2;
  while (true) {
    const std::uint64_t before = slot.seq->load(std::memory_order_acquire);
    if (before != target) return before > target && before % 2 == 0 ? Read::overwritten : Read::not_yet;
    std::memcpy(copy.data(), slot.payload, h.message_size);
    std::atomic_thread_fence(std::memory_order_acquire);
    if (slot.seq->load(std::memory_order_relaxed) == before) return Read::got;
    ++tally.retries;
  }
}

void reader_fault(WorkerFault fault) {
  if (fault == WorkerFault::crash || fault == WorkerFault::crash_mid_copy) die_abruptly();
  if (fault == WorkerFault::hang) hang_forever();
}

bool all_writers_done(const Header& h) {
  for (std::uint64_t w = 0; w < h.writers; ++w)
    if (h.done[w].value.load(std::memory_order_acquire) == 0) return false;
  return true;
}

Tally run_fanout_reader(std::byte* base, int index, WorkerFault fault) {
  Header& h = *header_of(base);
  Tally tally;
  Stream stream;
  std::vector<std::byte> copy(h.message_size);
  const auto start = Clock::now();
  for (std::uint64_t p = 0;; ++p) {
    Backoff backoff;
    Read got;
    while ((got = try_read(base, 0, p, copy, tally)) == Read::not_yet) {
      if (h.done[0].value.load(std::memory_order_acquire) != 0 &&
          h.published[0].value.load(std::memory_order_acquire) <= p)
        break;
      if (aborted(h)) {
        tally.aborted = true;
        break;
      }
      backoff.wait();
    }
    if (got == Read::not_yet) break;
    if (p == h.messages / 2) reader_fault(fault);
    if (got == Read::overwritten) {
      ++tally.messages;
      ++tally.lost;
      ++stream.next;
    } else {
      std::uint64_t writer = 0, message = 0;
      const bool ok = whole(copy.data(), h.message_size, h.seed, writer, message);
      account(tally, stream, ok && writer == 0, message);
    }
    h.consumed[index].value.store(p + 1, std::memory_order_release);
  }
  close_stream(tally, stream, tally.aborted ? h.published[0].value.load() : h.messages);
  tally.seconds = seconds_since(start);
  return tally;
}

Tally run_disjoint_reader(std::byte* base, WorkerFault fault) {
  Header& h = *header_of(base);
  Tally tally;
  std::vector<Stream> streams(h.writers);
  std::vector<std::uint64_t> position(h.writers, 0);
  std::vector<bool> finished(h.writers, false);
  std::vector<std::byte> copy(h.message_size);
  std::uint64_t left = h.writers, received = 0;
  const auto start = Clock::now();
  Backoff backoff;
  while (left > 0) {
    bool progressed = false;
    for (std::uint64_t w = 0; w < h.writers; ++w) {
      if (finished[w]) continue;
      const Read got = try_read(base, w, position[w], copy, tally);
      if (got == Read::not_yet) {
        if (h.done[w].value.load(std::memory_order_acquire) != 0 &&
            h.published[w].value.load(std::memory_order_acquire) <= position[w]) {
          finished[w] = true;
          --left;
        }
        continue;
      }
      if (++received == h.messages / 2) reader_fault(fault);
      if (got == Read::overwritten) {
        ++tally.messages;
        ++tally.lost;
        ++streams[w].next;
      } else {
        std::uint64_t writer = 0, message = 0;
        const bool ok = whole(copy.data(), h.message_size, h.seed, writer, message);
        account(tally, streams[w], ok && writer == w, message);
      }
      h.consumed[w].value.store(++position[w], std::memory_order_release);
      progressed = true;
    }
    if (progressed) {
      backoff.reset();
    } else if (aborted(h)) {
      tally.aborted = true;
      break;
    } else {
      backoff.wait();
    }
  }
  for (std::uint64_t w = 0; w < h.writers; ++w)
    close_stream(tally, streams[w], tally.aborted ? h.published[w].value.load() : h.messages);
  tally.seconds = seconds_since(start);
  return tally;
}

Tally run_ring_reader(std::byte* base, WorkerFault fault) {
  Header& h = *header_of(base);
  Tally tally;
  std::vector<Stream> streams(h.writers);
  const auto start = Clock::now();
  for (std::uint64_t p = 0;; ++p) {
    const Slot slot = slot_at(base, 0, p);
    Backoff backoff;
    bool got = false;
    while (!(got = slot.seq->load(std::memory_order_acquire) == p + 1)) {
      if (all_writers_done(h) && h.tail.value.load(std::memory_order_acquire) <= p) break;
      if (aborted(h)) {
        tally.aborted = true;
        break;
      }
      backoff.wait();
    }
    if (!got) break;
    if (p == h.messages / 2) reader_fault(fault);
    std::uint64_t writer = 0, message = 0;
    const bool ok = whole(slot.payload, h.message_size, h.seed, writer, message);
    if (ok) account(tally, streams[writer], true, message);
    else {
      ++tally.messages;
      ++tally.torn;
    }
    slot.seq->store(p + h.slots, std::memory_order_release);
    h.consumed[0].value.store(p + 1, std::memory_order_release);
  }
  for (std::uint64_t w = 0; w < h.writers; ++w)
    close_stream(tally, streams[w], tally.aborted ? h.published[w].value.load() : h.messages);
  // A torn ring message names no trustworthy writer: it took some stream's place.
  tally.lost = tally.lost > tally.torn ? tally.lost - tally.torn : 0;
  tally.seconds = seconds_since(start);
  return tally;
}
}  // namespace

const char* to_string(Layout layout) {
  switch (layout) {
    case Layout::fanout: return "fanout";
    case Layout::disjoint: return "disjoint";
    case Layout::ring: return "ring";
  }
  return "unknown";
}

std::uint64_t mapping_size(const Shape& shape) {
  const std::uint64_t channels = shape.layout == Layout::disjoint ? static_cast<std::uint64_t>(shape.writers) : 1;
  return header_bytes() + channels * shape.slots * slot_stride(shape.message_size);
}

Header* header_of(std::byte* base) { return reinterpret_cast<Header*>(base); }

void initialise(std::byte* base, const Shape& shape) {
  std::memset(base, 0, mapping_size(shape));
  Header* h = new (base) Header;
  h->layout = static_cast<std::uint64_t>(shape.layout);
  h->slots = shape.slots;
  h->message_size = shape.message_size;
  h->writers = static_cast<std::uint64_t>(shape.writers);
  h->readers = static_cast<std::uint64_t>(shape.readers);
  h->seed = shape.seed;
  h->messages = shape.messages;
  h->lockstep = shape.lockstep && shape.layout == Layout::fanout ? 1 : 0;
  h->warmup = shape.warmup;
  for (std::uint64_t c = 0; c < channels_of(*h); ++c)
    for (std::uint64_t i = 0; i < shape.slots; ++i)
      slot_at(base, c, i).seq->store(shape.layout == Layout::ring ? i : 0, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release);
  h->magic = kMagic;
}

bool wait_for_go(std::byte* base) {
  Header& h = *header_of(base);
  Backoff backoff;
  while (h.go.value.load(std::memory_order_acquire) == 0) {
    if (aborted(h)) return false;
    backoff.wait();
  }
  return true;
}

Tally run_writer(std::byte* base, int index, Corruption corruption, WorkerFault fault) {
  const Header& h = *header_of(base);
  const Plan plan = plan_for(h.messages, index == 0 ? corruption : Corruption::none);
  return h.layout == static_cast<std::uint64_t>(Layout::ring) ? run_ring_writer(base, index, plan, fault)
                                                                : run_seqlock_writer(base, index, plan, fault);
}

Tally run_reader(std::byte* base, int index, WorkerFault fault) {
  const Header& h = *header_of(base);
  switch (static_cast<Layout>(h.layout)) {
    case Layout::fanout: return run_fanout_reader(base, index, fault);
    case Layout::disjoint: return run_disjoint_reader(base, fault);
    case Layout::ring: return run_ring_reader(base, fault);
  }
  return {};
}

}  // namespace shmbench::stress
