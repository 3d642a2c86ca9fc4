// How one side waits for the other (modelled on Boost's interprocess/sync/{spin,posix,
// windows}): the publisher bumps a sequence number in the control block and rings; the
// waiter waits until the number reaches its target. What waiting costs is the question
// the transfer scenario answers, per strategy:
//   spin    polls with a pause instruction (polling_doorbell.cpp)
//   yield   polls, giving up the time slice between polls (polling_doorbell.cpp)
//   kernel  the backend's own primitive: Win32 named events for win32, Boost's
//           interprocess_semaphore in the mapping for the Boost backends, a process-shared
//           POSIX semaphore in the mapping for posix, and their private forms for the
//           in-process heap reference (kernel_doorbell.*.cpp, boost_doorbell.cpp).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "measure/transfer_results.hpp"
#include "scenarios/transfer/control_block.hpp"

namespace shmbench::transfer {

// When a waiter stops waiting: the peer gave up (abort), or it did not answer in time.
struct WaitLimit {
  const std::atomic<std::uint32_t>* abort = nullptr;
  std::uint64_t start_tick = 0;  // Timer ticks
  double limit_ns = 0;
};

class Doorbell {
 public:
  virtual ~Doorbell() = default;
  // After the publisher stored a new sequence number: wake the waiter.
  virtual void ring() = 0;
  // Returns when `seq` >= `target` (true), or on abort or past the limit (false). Every
  // ring is answered by exactly one wait: each side waits once per message, for the
  // next number (counting primitives rely on it: their count never drifts).
  virtual bool wait(const std::atomic<std::uint64_t>& seq, std::uint64_t target, const WaitLimit& limit) = 0;
};

struct Doorbells {
  std::unique_ptr<Doorbell> to_reader;  // the writer rings: a message is published
  std::unique_ptr<Doorbell> to_writer;  // the reader rings: a message is consumed
};

// `creator` (the writer) creates the wait objects, in the control block or by name
// (derived from the mapping's `name`); the reader opens them. For the heap reference
// both threads share the creator's.
Result<Doorbells> make_doorbells(WaitStrategy strategy, std::string_view backend, ControlBlock& block,
                                 const std::string& name, bool creator);
Result<Doorbells> make_polling_doorbells(WaitStrategy strategy);
Result<Doorbells> make_boost_doorbells(ControlBlock& block, bool creator);
// The platform's own kernel wait (kernel_doorbell.linux.cpp / .windows.cpp).
Result<Doorbells> make_native_doorbells(std::string_view backend, ControlBlock& block, const std::string& name,
                                        bool creator);

// One line for the report: what `kernel` is for this backend on this platform.
std::string kernel_wait_description(std::string_view backend);

// Spin-poll helpers shared by the doorbells: true when the limit is reached.
bool past_limit(const WaitLimit& limit);

}  // namespace shmbench::transfer
