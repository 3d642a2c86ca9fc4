// spin and yield: nothing to ring, the waiter polls the sequence number.
#include "common/cpu_relax.hpp"
#include "measure/timer.hpp"
#include "os/thread.hpp"
#include "scenarios/transfer/doorbell.hpp"

namespace shmbench::transfer {

namespace {
class PollingDoorbell final : public Doorbell {
 public:
  explicit PollingDoorbell(bool yield) : yield_(yield) {}
  void ring() override {}
  bool wait(const std::atomic<std::uint64_t>& seq, std::uint64_t target, const WaitLimit& limit) override {
    // Checking the clock and the abort flag costs more than a poll: do it every so often.
    const unsigned check_every = yield_ ? 16 : 4096;
    for (unsigned polls = 1;; ++polls) {
      if (seq.load(std::memory_order_acquire) >= target) return true;
      if (yield_) yield_current_thread();
      else cpu_relax();
      if (polls % check_every == 0 && past_limit(limit)) return false;
    }
  }

 private:
  bool yield_;
};
}  // namespace

Result<Doorbells> make_polling_doorbells(WaitStrategy strategy) {
  const bool yield = strategy == WaitStrategy::yield;
  return Doorbells{std::make_unique<PollingDoorbell>(yield), std::make_unique<PollingDoorbell>(yield)};
}

}  // namespace shmbench::transfer
