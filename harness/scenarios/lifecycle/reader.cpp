#include "scenarios/lifecycle/reader.hpp"

#include <algorithm>
#include <memory>
#include <vector>

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

Reader::Reader(Backend& backend, std::uint64_t size, const Faults& faults)
    : backend_(backend), size_(size), faults_(faults) {}

Reply Reader::read(const ReadCommand& command) {
  MeasuredReply measured;
  const bool local = backend_.process_local();
  std::unique_ptr<SharedObject> object;
  if (local) {
    // The heap reference has nothing to open: it reads a buffer of its own, filled
    // with the same pattern outside the timing. The buffer is made once for the
    // reader's life (reader.hpp says why) and refilled with each repetition's seed.
    if (!own_buffer_) {
      auto created = backend_.create(command.name, size_);
      if (!created.ok()) return FailedReply{created.error().describe()};
      own_buffer_ = std::move(created.value());
    }
  } else {
    Result<std::unique_ptr<SharedObject>> opened = Error{};
    const double open_ns = timed([&] { opened = backend_.open(command.name, size_); }, faults_.stretch(Operation::open));
    if (!opened.ok()) return FailedReply{opened.error().describe()};
    object = std::move(opened.value());
    // More handles to the same object, each closed untimed (repeated_calls.hpp).
    auto sample = repeated_call(Operation::open, open_ns, open_calls_, 2 * open_ns, [&](int) -> Result<double> {
      Result<std::unique_ptr<SharedObject>> extra = Error{};
      const double ns = timed([&] { extra = backend_.open(command.name, size_); }, faults_.stretch(Operation::open));
      if (!extra.ok()) return extra.error();
      Status closed = extra.value()->close();
      if (!closed.ok()) return closed.error();
      return ns;
    });
    if (!sample.ok()) return FailedReply{sample.error().describe()};
    measured.samples.push_back(sample.value());
  }
  if (faults_.reader_crash) die_abruptly();

  auto mapped = (local ? own_buffer_ : object)->map();  // untimed: the writer's map is the figure
  if (!mapped.ok()) return FailedReply{mapped.error().describe()};
  std::unique_ptr<View> view = std::move(mapped.value());
  if (local) fill_pattern(view->data(), view->size(), command.seed);

  std::size_t mismatch = 0;
  const auto verify = [&] {
    mismatch = std::min(mismatch, find_pattern_mismatch(view->data(), view->size(), command.seed));
  };
  mismatch = view->size();
  if (!local) {
    measured.samples.push_back({Operation::read_cold, timed(verify, faults_.stretch(Operation::read_cold))});
  } else {
    // The heap's first pass, untimed, as read_cold is for the others: right after the
    // fill, a pass also writes back the fill's dirty lines, and at 16 MiB that made the
    // heap's first verified half 10-20 % slower than its unverified one.
    verify();
  }
  if (mismatch != view->size()) return mismatch_failure(mismatch);
  // The warm read, verified, and the same passes over the same view without checking a
  // byte (read_unverified): what `read` costs over reading alone is the verification.
  // Both are timed in chunks (timed.hpp), alternating verified, unverified, unverified,
  // verified, ... so neither always comes first and a drift during the batch falls on
  // both alike; each figure is its median chunk's time per pass.
  const ChunkedBatch batch = chunked_batch(size_, kReadBatch);
  std::vector<double> read_chunks, unverified_chunks;
  read_chunks.reserve(batch.chunks);
  unverified_chunks.reserve(batch.chunks);
  std::uint64_t folded = 0;
  mismatch = view->size();
  const auto verified_chunk = [&] {
    read_chunks.push_back(timed(
        [&] {
          for (std::uint64_t i = 0; i < batch.passes_per_chunk; ++i) {
            verify();
            clobber_memory();
          }
        },
        faults_.stretch(Operation::read)));
  };
  const auto unverified_chunk = [&] {
    unverified_chunks.push_back(timed(
        [&] {
          for (std::uint64_t i = 0; i < batch.passes_per_chunk; ++i) {
            folded ^= read_unverified(view->data(), view->size());
            clobber_memory();
          }
        },
        faults_.stretch(Operation::read_unverified)));
  };
  for (std::uint64_t c = 0; c < batch.chunks; ++c) {
    if (c % 2 == 0) {
      verified_chunk();
      unverified_chunk();
    } else {
      unverified_chunk();
      verified_chunk();
    }
  }
  keep_value(folded);
  if (mismatch != view->size()) return mismatch_failure(mismatch);
  measured.samples.push_back({Operation::read, median_per_pass(std::move(read_chunks), batch.passes_per_chunk),
                              batch.passes(), {}, batch.passes_per_chunk});
  measured.samples.push_back({Operation::read_unverified,
                              median_per_pass(std::move(unverified_chunks), batch.passes_per_chunk), batch.passes(),
                              {}, batch.passes_per_chunk});

  Status unmapped = view->unmap();
  if (!unmapped.ok()) return FailedReply{unmapped.error().describe()};
  if (local) return measured;  // the buffer stays for the next repetition
  Status closed = object->close();
  if (!closed.ok()) return FailedReply{closed.error().describe()};
  return measured;
}

}  // namespace shmbench::lifecycle
