// The lifecycle writer's memory accounting: the system's commit charge (and on Linux its
// Shmem and hugetlb pages) read just before and just after an object's create, map,
// commit, first touch and close, and this process's resident shared memory around the
// touch, as counters of those operations' rows: what each step charged (or, at close,
// gave back), beside what the backend's Charge says it should.
//
// Each difference spans one step and the reading itself, so that another process
// allocating meanwhile has as little time as possible to show in it: the readings are
// system-wide. They are taken outside every timed span (each is a /proc read or a system
// call) and only when the accounting is on (run --no-accounting turns it off).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "backends/backend.hpp"
#include "measure/operation.hpp"
#include "os/memory_state.hpp"

namespace shmbench::lifecycle {

using Counters = std::vector<std::pair<std::string, double>>;

class MemoryAccounting {
 public:
  MemoryAccounting(const Backend& backend, std::uint64_t size, bool enabled);

  // The reading the next after() is compared with, just before a step.
  void before();
  // The counters of the step `op` (create, map, commit, first_touch, close) since the
  // last before(); empty when accounting is off. first_touch's also hold this process's
  // resident shared memory (the writer adds the page size obtained after its copies).
  Counters after(Operation op);

  // What the step `op` should change the commit charge by, by the backend's Charge
  // (backend.hpp): the object's size at the step that charges it, minus that at close,
  // 0 elsewhere; nullopt where there is no expectation (the heap's allocator decides).
  std::optional<std::int64_t> expected_commit(Operation op) const;

 private:
  const Backend& backend_;
  std::int64_t bytes_;  // the object's real size (rounded up to its large page)
  bool enabled_;
  MemoryReading before_;
  std::int64_t resident_before_ = -1;
};

}  // namespace shmbench::lifecycle
