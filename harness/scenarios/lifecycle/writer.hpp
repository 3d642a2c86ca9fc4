// The lifecycle writer: creates, maps, touches and fills one object per repetition
// ("write"), then unmaps and closes it ("release") once the reader has read it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "backends/backend.hpp"
#include "measure/source_buffer.hpp"
#include "orchestration/protocol.hpp"
#include "scenarios/lifecycle/faults.hpp"

namespace shmbench::lifecycle {

class Writer {
 public:
  Writer(Backend& backend, std::uint64_t size, std::uint64_t page_size, const Faults& faults);
  // create, map, first_touch, copy_cold, copy
  Reply write(const WriteCommand& command);
  // unmap, close
  Reply release();

 private:
  Backend& backend_;
  std::uint64_t size_;
  std::uint64_t page_size_;
  Faults faults_;
  SourceBuffer source_;
  std::unique_ptr<SharedObject> object_;
  std::unique_ptr<View> view_;
};

}  // namespace shmbench::lifecycle
