// What the micro-benchmarks keep between calls. Google Benchmark calls a benchmark
// function once per repetition (and more while it sizes the iteration count); setting up
// a 256 MiB object and source buffer each time would cost more than the measurement, so
// the warm mapping of the benchmark being run, the object its open and map benchmarks
// use, and the source buffer are kept until a benchmark needs another one.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "backends/backend.hpp"
#include "backends/leftovers.hpp"
#include "backends/names.hpp"
#include "measure/source_buffer.hpp"

namespace shmbench::micro {

// Names for every object the micro-benchmarks create: shmbench-<pid>-<token>-<n>, so
// `shmbench clean` and the next run recognise what a crashed run left.
RunNames& object_names();

// A created object that nothing has mapped or touched, for open_close and map_unmap
// (as the harness opens and maps a new object). Made afresh for every call, a 256 MiB
// boost-portable object (a file under Windows) cost each of them 4.2 s of a 39 s Wine
// run, for a few milliseconds of timed calls.
struct CreatedObject {
  std::string backend;
  std::uint64_t size = 0;
  std::string name;
  std::unique_ptr<SharedObject> object;
};

// The created object for (backend, size): the kept one if it matches, else a new one
// (releasing the old). Returns nullptr and sets `error` if it cannot be made.
CreatedObject* created_object(Backend& backend, std::uint64_t size, Error& error);

// A created, mapped object whose every page has been written once.
struct WarmMapping : CreatedObject {
  std::unique_ptr<View> view;
};

// The warm mapping for (backend, size): the kept one if it matches, else a new one
// (releasing the old). Returns nullptr and sets `error` if it cannot be made.
WarmMapping* warm_mapping(Backend& backend, std::uint64_t size, Error& error);

// A page-aligned heap buffer of `size` bytes holding the pattern for `seed`, as the
// harness's writer copies from; kept for the next call.
const SourceBuffer& source_buffer(std::uint64_t size, std::uint64_t seed);

// Frees what is kept and removes every object this process named that is still there
// (some backends' names outlive their handles): what was removed, what could not be.
CleanOutcome release_fixtures();

}  // namespace shmbench::micro
