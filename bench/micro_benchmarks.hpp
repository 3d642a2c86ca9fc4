// The micro-benchmarks: each backend operation timed in one process with Google
// Benchmark, through the same Backend code `shmbench run` uses. Named
// <operation>/<backend>/<bytes> so that compare.py benchmarksfiltered lines up two
// backends operation by operation and size by size.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace shmbench::micro {

// create_close  create the named object and close it (the creator removes the name)
// open_close    open an existing object by name and close that handle
// map_unmap     map a view of the whole object and unmap it
// first_touch   write one byte to each page of a fresh mapping (time per page, pages/s)
// copy          warm copy of a heap buffer into the view (bytes/s)
// read          warm verified read of the view (bytes/s), the harness's read
// read_unverified  the same read without checking: the reference read is shown against
// (the heap reference, process-local, has only first_touch, copy and the reads)
const std::vector<std::string>& micro_operations(bool process_local);

struct MicroPlan {
  std::vector<std::string> backends;
  std::vector<std::uint64_t> sizes;
  std::uint64_t page_size = 4096;  // first_touch writes one byte per page
  bool open_missing = false;  // fault for tests: open_close opens a name nobody created
};

// Registers one benchmark per backend, size and operation; returns how many.
std::size_t register_micro_benchmarks(const MicroPlan& plan);

// True once any benchmark has called SkipWithError.
bool any_benchmark_failed();

}  // namespace shmbench::micro
