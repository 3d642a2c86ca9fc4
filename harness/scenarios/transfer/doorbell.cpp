// Which doorbell a strategy and backend get, and the wait limit every doorbell checks.
#include "scenarios/transfer/doorbell.hpp"

#include "measure/timer.hpp"

namespace shmbench::transfer {

bool past_limit(const WaitLimit& limit) {
  if (limit.abort != nullptr && limit.abort->load(std::memory_order_relaxed) != 0) return true;
  const Timer& timer = Timer::get();
  return timer.ns_between(limit.start_tick, timer.now()) > limit.limit_ns;
}

Result<Doorbells> make_doorbells(WaitStrategy strategy, std::string_view backend, ControlBlock& block,
                                 const std::string& name, bool creator) {
  if (strategy != WaitStrategy::kernel) return make_polling_doorbells(strategy);
  if (backend.rfind("boost-", 0) == 0) return make_boost_doorbells(block, creator);
  return make_native_doorbells(backend, block, name, creator);
}

}  // namespace shmbench::transfer
