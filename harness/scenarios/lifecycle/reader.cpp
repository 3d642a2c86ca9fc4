#include "scenarios/lifecycle/reader.hpp"

#include <algorithm>
#include <memory>

#include "common/compiler_barrier.hpp"
#include "measure/pattern.hpp"
#include "os/process.hpp"
#include "scenarios/lifecycle/timed.hpp"

namespace shmbench::lifecycle {

namespace {
FailedReply mismatch_failure(std::size_t offset) {
  return FailedReply{Error{ErrorKind::data_mismatch, 0, "verify",
                           "byte " + std::to_string(offset) + " differs from what the writer copied"}
                         .describe()};
}
}  // namespace

Reader::Reader(Backend& backend, std::uint64_t size, std::string fault)
    : backend_(backend), size_(size), fault_(std::move(fault)) {}

Reply Reader::read(const ReadCommand& command) {
  MeasuredReply measured;
  const bool local = backend_.process_local();
  std::unique_ptr<SharedObject> object;
  if (local) {
    // The heap reference has nothing to open: it reads a buffer of its own, filled
    // with the same pattern outside the timing.
    auto created = backend_.create(command.name, size_);
    if (!created.ok()) return FailedReply{created.error().describe()};
    object = std::move(created.value());
  } else {
    Result<std::unique_ptr<SharedObject>> opened = Error{};
    measured.samples.push_back({Operation::open, timed([&] { opened = backend_.open(command.name, size_); })});
    if (!opened.ok()) return FailedReply{opened.error().describe()};
    object = std::move(opened.value());
  }
  if (fault_ == "reader-crash") die_abruptly();

  auto mapped = object->map();  // untimed: the writer's map is the figure
  if (!mapped.ok()) return FailedReply{mapped.error().describe()};
  std::unique_ptr<View> view = std::move(mapped.value());
  if (local) fill_pattern(view->data(), view->size(), command.seed);

  std::size_t mismatch = 0;
  const auto verify = [&] {
    mismatch = std::min(mismatch, find_pattern_mismatch(view->data(), view->size(), command.seed));
  };
  if (!local) {
    mismatch = view->size();
    measured.samples.push_back({Operation::read_cold, timed(verify)});
    if (mismatch != view->size()) return mismatch_failure(mismatch);
  }
  const std::uint64_t passes = passes_for(size_, kReadBatchBytes);
  mismatch = view->size();
  const double read_ns = timed([&] {
    for (std::uint64_t i = 0; i < passes; ++i) {
      verify();
      clobber_memory();
    }
  });
  if (mismatch != view->size()) return mismatch_failure(mismatch);
  measured.samples.push_back({Operation::read, read_ns / static_cast<double>(passes), passes});

  Status unmapped = view->unmap();
  if (!unmapped.ok()) return FailedReply{unmapped.error().describe()};
  Status closed = object->close();
  if (!closed.ok()) return FailedReply{closed.error().describe()};
  return measured;
}

}  // namespace shmbench::lifecycle
