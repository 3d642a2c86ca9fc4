// The layout of a transfer cell's mapping: a control block in the first page (sequence
// numbers on cache lines of their own, the kernel wait objects), then the message slots.
// Both processes map the same object and see the same layout; the writer initialises it.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace shmbench::transfer {

// Two cache lines: the adjacent-line prefetcher fetches lines in pairs, so counters 64
// bytes apart would still bounce together between the two cores.
inline constexpr std::size_t kLine = 128;
inline constexpr std::size_t kWaitObjectBytes = 512;  // room for a sem_t or a Boost semaphore
inline constexpr std::uint64_t kDataOffset = 4096;    // slots start on their own page
inline constexpr std::uint64_t kSlotAlignment = 4096;

struct ControlBlock {
  alignas(kLine) std::atomic<std::uint64_t> written;   // writer: the last message published
  alignas(kLine) std::atomic<std::uint64_t> consumed;  // reader: the last message verified
  alignas(kLine) std::atomic<std::uint64_t> last;      // writer: the final message of this run
  std::atomic<std::uint32_t> abort;                    // either side: "I gave up", so the other stops waiting
  // [0]: what the writer rings for the reader, [1]: what the reader rings for the writer.
  alignas(kLine) unsigned char wait_area[2][kWaitObjectBytes];
};
static_assert(sizeof(ControlBlock) <= kDataOffset, "the control block must fit before the slots");
static_assert(std::atomic<std::uint64_t>::is_always_lock_free, "shared counters must be lock-free across processes");

inline std::uint64_t slot_stride(std::uint64_t size) { return (size + kSlotAlignment - 1) / kSlotAlignment * kSlotAlignment; }
inline std::uint64_t mapping_size(std::uint64_t size, std::uint64_t slots) { return kDataOffset + slots * slot_stride(size); }

// The pattern seed of message m: every message differs from the one before in every
// word, so a slot still holding an older message (stale) fails verification.
inline std::uint64_t message_seed(std::uint64_t seed, std::uint64_t m) { return seed + m * 0xD1B54A32D192ED03ull; }

}  // namespace shmbench::transfer
