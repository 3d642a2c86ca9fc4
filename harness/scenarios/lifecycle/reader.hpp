// The lifecycle reader: opens the writer's object by name in its own process, maps it
// and verifies every byte, cold and then warm ("read").
#pragma once

#include <cstdint>
#include <string>

#include "backends/backend.hpp"
#include "orchestration/protocol.hpp"

namespace shmbench::lifecycle {

class Reader {
 public:
  Reader(Backend& backend, std::uint64_t size, std::string fault);
  // open, read_cold, read (the heap reference: read only, on a buffer of its own)
  Reply read(const ReadCommand& command);

 private:
  Backend& backend_;
  std::uint64_t size_;
  std::string fault_;
};

}  // namespace shmbench::lifecycle
