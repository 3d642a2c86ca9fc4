// The shared-memory layouts of the fan-out and fan-in scenarios and the code each side
// runs on them. It works on a plain byte pointer, so the same functions run in worker
// processes (a named mapping) and on threads (the heap reference).
//
//   fan-out         one writer, N readers, one ring of seqlocked slots: the writer marks
//                   a slot odd, copies the message in, marks it even; a reader copies the
//                   slot out and keeps the copy only if the mark did not move. The writer
//                   reuses a slot only when every live reader has consumed it.
//   fan-in disjoint N writers, each with its own ring (region) as above, one reader.
//   fan-in ring     N writers, one shared ring: a writer reserves a position with an
//                   atomic fetch_add on the tail, waits for that slot to be free, fills it
//                   and publishes it (Vyukov's bounded queue); one reader consumes in order.
//   lockstep        fan-out whose writer publishes one message and waits until every live
//                   reader has consumed (verified) it before the next: the time from its
//                   publish to the last reader's ack, per message, is the fan-out latency.
//
// Every message carries its writer and index and a pattern seeded by both; the reader
// checks every byte. A message whose bytes do not match is torn; one whose index was
// already seen is duplicated; indices skipped are lost.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

namespace shmbench::stress {

inline constexpr int kMaxPeers = 64;
inline constexpr std::uint64_t kMessageHeader = 16;  // writer id, index

enum class Layout : std::uint64_t { fanout = 1, disjoint = 2, ring = 3 };
const char* to_string(Layout layout);

struct alignas(64) Counter {
  std::atomic<std::uint64_t> value;
  char pad[64 - sizeof(std::atomic<std::uint64_t>)];
};
static_assert(sizeof(Counter) == 64, "one counter per cache line");
static_assert(std::atomic<std::uint64_t>::is_always_lock_free, "atomics shared between processes");

struct Header {
  std::uint64_t magic;
  std::uint64_t layout;
  std::uint64_t slots;
  std::uint64_t message_size;
  std::uint64_t writers;
  std::uint64_t readers;
  std::uint64_t seed;
  std::uint64_t messages;  // per writer, as planned
  std::uint64_t lockstep;  // fan-out: 1 = one message at a time, each hand-off timed
  std::uint64_t warmup;    // lockstep: the first messages, not timed
  Counter go;     // the controller: start
  Counter abort;  // the controller: a writer is gone, stop with what you have
  Counter tail;   // ring: the next position to reserve
  Counter published[kMaxPeers];  // per writer: messages it published
  Counter consumed[kMaxPeers];   // fan-out: per reader; disjoint: per writer's ring; ring: [0]
  Counter done[kMaxPeers];       // per writer: 1 when it published its last message
  Counter gone[kMaxPeers];       // per reader (fan-out): dead, do not wait for it
};

// The test-only corruption switch: what writer 0 does wrong at its middle message.
enum class Corruption { none, torn, lost, duplicate };
// The faults the faults scenario injects into one worker, at its middle message.
enum class WorkerFault { none, crash_mid_copy, crash, hang };

struct Shape {
  Layout layout = Layout::fanout;
  std::uint64_t slots = 16;
  std::uint64_t message_size = 4096;
  int writers = 1;
  int readers = 1;
  std::uint64_t seed = 0;
  std::uint64_t messages = 0;  // per writer
  bool lockstep = false;        // fan-out only
  std::uint64_t warmup = 0;     // lockstep: messages not timed
};

// The lockstep writer's hand-off latencies, summarised once where they were recorded.
struct Latency {
  std::uint64_t samples = 0;
  double min_ns = 0, p50_ns = 0, p99_ns = 0, max_ns = 0, mean_ns = 0;
};

// Bytes a mapping of this shape needs.
std::uint64_t mapping_size(const Shape& shape);
// Initialises a zeroed mapping (the controller, before any worker starts).
void initialise(std::byte* base, const Shape& shape);
Header* header_of(std::byte* base);

// What one side saw. Readers fill every field; writers fill messages and seconds.
struct Tally {
  std::uint64_t messages = 0;    // published (writer) or received (reader)
  std::uint64_t verified = 0;    // received whole and in order
  std::uint64_t torn = 0;
  std::uint64_t lost = 0;
  std::uint64_t duplicated = 0;
  std::uint64_t retries = 0;     // seqlock reads repeated because the writer moved
  std::uint64_t expected = 0;    // messages the reader should have seen
  double seconds = 0;            // from go to the last message
  bool aborted = false;          // stopped early because a writer was gone
  Latency latency;               // lockstep writer only
};

// The side a worker plays. `index` is its writer or reader number.
Tally run_writer(std::byte* base, int index, Corruption corruption, WorkerFault fault);
Tally run_reader(std::byte* base, int index, WorkerFault fault);

// Waits until the controller says go (or abort). Returns false on abort.
bool wait_for_go(std::byte* base);

}  // namespace shmbench::stress
