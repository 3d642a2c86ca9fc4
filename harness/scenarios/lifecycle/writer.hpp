// The lifecycle writer: creates, maps, (commits,) touches and fills one object per
// repetition ("write"), then unmaps and closes it ("release") once the reader has read
// it; with the memory accounting (memory_accounting.hpp) and the check of the pages it
// obtained beside the timings.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "backends/backend.hpp"
#include "measure/source_buffer.hpp"
#include "orchestration/protocol.hpp"
#include "scenarios/lifecycle/faults.hpp"
#include "scenarios/lifecycle/memory_accounting.hpp"
#include "scenarios/lifecycle/repeated_calls.hpp"

namespace shmbench::lifecycle {

class Writer {
 public:
  Writer(Backend& backend, std::uint64_t size, std::uint64_t page_size, const Faults& faults, bool accounting);
  // create, map, commit (where the backend has it), first_touch, copy_cold, copy
  Reply write(const WriteCommand& command);
  // unmap, close
  Reply release();

 private:
  // The extra calls of repeated_calls.hpp; each returns the timed call's nanoseconds.
  Result<double> extra_create(const std::string& name);
  Result<double> extra_map();
  Result<double> extra_unmap();
  Result<double> extra_close(const std::string& name);
  // Commits (where the backend reserves) and writes every page of a view made on the side.
  Status touch_every_page(View& view) const;
  // A large-page backend's view must be in its large pages (`obtained`, the page size
  // under it): an error otherwise.
  Status check_page_size(std::uint64_t obtained) const;
  // The reply for a failed step: a refusal of somebody else's object says so by name.
  Reply failed(const Error& error) const;
  // Remembers `name` as refused when `created` failed because it already existed.
  void note_refusal(const Result<std::unique_ptr<SharedObject>>& created, const std::string& name);
  double mapping_cost(double ns) const;

  Backend& backend_;
  std::uint64_t size_;
  std::uint64_t page_size_;
  Faults faults_;
  MemoryAccounting accounting_;
  SourceBuffer source_;
  std::unique_ptr<SharedObject> object_;
  std::unique_ptr<View> view_;
  std::string name_;  // the repetition's object, whose name the extra objects derive from
  std::string refused_;  // a name this repetition found taken by somebody else's object
  CallCount create_calls_, map_calls_, unmap_calls_, close_calls_;
  // What this repetition's calls cost, to size the extra calls of the next operations.
  double create_ns_ = 0, map_ns_ = 0, touch_ns_ = 0;
};

}  // namespace shmbench::lifecycle
