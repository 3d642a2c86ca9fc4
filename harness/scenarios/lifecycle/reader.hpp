// The lifecycle reader: opens the writer's object by name in its own process, maps it
// and verifies every byte, cold and then warm ("read"), then reads it warm without
// verifying ("read_unverified", the reference for read).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "backends/backend.hpp"
#include "orchestration/protocol.hpp"
#include "scenarios/lifecycle/faults.hpp"
#include "scenarios/lifecycle/repeated_calls.hpp"

namespace shmbench::lifecycle {

class Reader {
 public:
  Reader(Backend& backend, std::uint64_t size, const Faults& faults);
  // open, read_cold, read, read_unverified (the heap reference: the warm reads only, on
  // a buffer of its own, kept across repetitions)
  Reply read(const ReadCommand& command);

 private:
  Backend& backend_;
  std::uint64_t size_;
  Faults faults_;
  CallCount open_calls_;
  // The heap reference's buffer, made by the first repetition and kept until the reader
  // exits. Made and freed every repetition, it cost each 256 MiB round under Wine 0.35 s
  // of untimed page faults (the heap's 256 MiB cell took 35 s of a default run, now 20),
  // and its free, just before the writer's timed close, made that close 23 % slower.
  std::unique_ptr<SharedObject> own_buffer_;
};

}  // namespace shmbench::lifecycle
