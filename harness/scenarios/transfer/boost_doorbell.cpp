// The Boost backends' kernel wait: boost::interprocess::interprocess_semaphore placed in
// the mapping, as a Boost user would. On Linux it wraps a process-shared POSIX
// semaphore; on Windows Boost 1.81 builds it by default from its generic emulation
// (atomics, spinning, then yielding and sleeping), not from a Win32 object, which is
// part of what the figures show.
#include <boost/interprocess/exceptions.hpp>
#include <boost/interprocess/sync/interprocess_semaphore.hpp>
#include <chrono>
#include <new>

#include "common/cpu_relax.hpp"
#include "scenarios/transfer/doorbell.hpp"

namespace shmbench::transfer {

namespace {
using boost::interprocess::interprocess_semaphore;
static_assert(sizeof(interprocess_semaphore) <= kWaitObjectBytes, "the Boost semaphore must fit its wait area");

class BoostSemaphoreDoorbell final : public Doorbell {
 public:
  BoostSemaphoreDoorbell(interprocess_semaphore* semaphore, bool owner) : semaphore_(semaphore), owner_(owner) {}
  ~BoostSemaphoreDoorbell() override {
    if (owner_) semaphore_->~interprocess_semaphore();
  }
  void ring() override { semaphore_->post(); }
  bool wait(const std::atomic<std::uint64_t>& seq, std::uint64_t target, const WaitLimit& limit) override {
    // One token per message (see Doorbell::wait); slices of 100 ms so an abort or the
    // limit is seen.
    for (;;) {
      const auto until = std::chrono::system_clock::now() + std::chrono::milliseconds(100);
      if (semaphore_->timed_wait(until)) break;
      if (past_limit(limit)) return false;
    }
    while (seq.load(std::memory_order_acquire) < target) {
      if (past_limit(limit)) return false;
      cpu_relax();
    }
    return true;
  }

 private:
  interprocess_semaphore* semaphore_;
  bool owner_;
};
}  // namespace

Result<Doorbells> make_boost_doorbells(ControlBlock& block, bool creator) {
  Doorbells bells;
  interprocess_semaphore* semaphores[2];
  for (int i = 0; i < 2; ++i) {
    void* area = block.wait_area[i];
    try {
      semaphores[i] = creator ? new (area) interprocess_semaphore(0) : static_cast<interprocess_semaphore*>(area);
    } catch (const boost::interprocess::interprocess_exception& e) {
      return Error{ErrorKind::other, e.get_native_error(), "interprocess_semaphore", e.what()};
    }
  }
  bells.to_reader = std::make_unique<BoostSemaphoreDoorbell>(semaphores[0], creator);
  bells.to_writer = std::make_unique<BoostSemaphoreDoorbell>(semaphores[1], creator);
  return bells;
}

}  // namespace shmbench::transfer
