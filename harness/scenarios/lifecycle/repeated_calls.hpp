// A lifecycle call (create, open, map, unmap, close) is timed several times per
// repetition, and the repetition reports the median of those calls.
//
// Why: on these VMs single calls are bimodal. Under Wine an open of a 256 MiB section
// took 22 µs or 62-105 µs, a map 65 µs or 170-220 µs; on Linux an open of 1 MiB spread
// 12-34 µs within one run. With one call per repetition, a median over 27 repetitions
// still moved a Boost/raw ratio by 10-40 % between three back-to-back runs. The median of
// several calls per repetition gives every repetition the typical call, and the spread
// between repetitions then shows the machine's drift rather than single-call luck.
//
// The first call of a repetition is always the real one (the object the reader opens,
// the view the writer fills); the extra calls repeat it on the side:
//   create  more objects under derived names (name + "-p<i>"), closed untimed
//   open    more handles to the same object, closed untimed
//   map     more views of the same object, unmapped untimed
//   unmap   more views of the same object, touched page by page untimed, then unmapped
//   close   more objects, created, mapped, touched and unmapped untimed, then closed
// so each extra call meets the object in the state the real one met it in (an unmap or
// close of populated pages costs what it costs because the pages are there).
//
// How many calls: in the worker's first repetition (the warm-up), extra calls are made
// while they fit a budget of wall time per operation, at most kMaxCalls in all; the
// count reached is kept for the worker's life, so that every repetition it measures takes
// the same number of calls. A new worker pair (every 3 rounds) decides again in its own
// warm-up; the report's `iterations` is the last pair's count. Sizes whose
// extra calls cost more than the budget (a 256 MiB close means touching 256 MiB first)
// keep one call per repetition.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/error.hpp"
#include "measure/timer.hpp"
#include "orchestration/protocol.hpp"
#include "scenarios/lifecycle/timed.hpp"

namespace shmbench::lifecycle {

inline constexpr int kMaxCalls = 9;
inline constexpr double kCallBudgetNs = 30e6;  // 30 ms per operation and repetition

// The number of calls of one operation per repetition.
class CallCount {
 public:
  // Whether to make one more extra call, after `extras` extra calls that took `spent_ns`
  // with their untimed setup. `first_estimate_ns` predicts the first one's cost, before
  // any was made (from the real call's time and the touch it needs): no extra call is
  // started that would overrun the budget.
  bool another(int extras, double spent_ns, double first_estimate_ns) const {
    if (calls_) return extras + 1 < *calls_;
    if (extras + 1 >= kMaxCalls) return false;
    const double next = extras == 0 ? first_estimate_ns : spent_ns / extras;
    return spent_ns + next <= kCallBudgetNs;
  }
  // Called once a repetition is done with `calls` calls: the first one sets the count.
  void settle(int calls) {
    if (!calls_) calls_ = calls;
  }

 private:
  std::optional<int> calls_;
};

// The sample of one operation: the real call's time `first_ns`, then the extra calls
// `extra()` as many as `count` allows (`extra_estimate_ns`: what the first extra call
// should cost, setup included); their median, over `iterations` calls. An extra call that
// fails fails the repetition, as the real call would.
template <typename Extra>
Result<Sample> repeated_call(Operation op, double first_ns, CallCount& count, double extra_estimate_ns,
                             Extra&& extra) {
  const Timer& timer = Timer::get();
  std::vector<double> ns{first_ns};
  const std::uint64_t start = timer.now();
  while (count.another(static_cast<int>(ns.size()) - 1, timer.ns_between(start, timer.now()), extra_estimate_ns)) {
    Result<double> timed_ns = extra(static_cast<int>(ns.size()));
    if (!timed_ns.ok()) return timed_ns.error();
    ns.push_back(timed_ns.value());
  }
  count.settle(static_cast<int>(ns.size()));
  return Sample{op, median_of(ns), static_cast<std::uint64_t>(ns.size()), {}, 1};
}

}  // namespace shmbench::lifecycle
