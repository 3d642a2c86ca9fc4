// The lifecycle reader: opens the writer's object by name in its own process, maps it
// and verifies every byte, cold and then warm ("read"), then reads it warm without
// verifying ("read_unverified", the reference for read).
#pragma once

#include <cstdint>
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
  // a buffer of its own)
  Reply read(const ReadCommand& command);

 private:
  Backend& backend_;
  std::uint64_t size_;
  Faults faults_;
  CallCount open_calls_;
};

}  // namespace shmbench::lifecycle
