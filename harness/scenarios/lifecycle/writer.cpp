#include "scenarios/lifecycle/writer.hpp"

#include <chrono>
#include <cstring>
#include <limits>
#include <thread>
#include <vector>

#include "common/compiler_barrier.hpp"
#include "common/sizes.hpp"
#include "measure/pattern.hpp"
#include "os/memory_state.hpp"
#include "os/process.hpp"
#include "scenarios/lifecycle/timed.hpp"

namespace shmbench::lifecycle {

Writer::Writer(Backend& backend, std::uint64_t size, std::uint64_t page_size, const Faults& faults, bool accounting)
    : backend_(backend), size_(size), page_size_(page_size), faults_(faults), accounting_(backend, size, accounting),
      source_(static_cast<std::size_t>(size)) {
  backend_.settle_process(size_);
}

Reply Writer::write(const WriteCommand& command) {
  fill_pattern(source_.data(), source_.size(), command.seed);  // untimed: the data to copy
  MeasuredReply measured;

  name_ = command.name;
  refused_.clear();
  accounting_.before();
  Result<std::unique_ptr<SharedObject>> created = Error{};
  const double create_ns = timed([&] { created = backend_.create(name_, size_); }, faults_.stretch(Operation::create));
  note_refusal(created, name_);
  if (!created.ok()) return failed(created.error());
  object_ = std::move(created.value());
  // Before the extra creates, whose objects come and go.
  Counters create_counters = accounting_.after(Operation::create);
  // An extra create costs about what the first did, and its untimed close as much again.
  auto create_sample = repeated_call(Operation::create, create_ns, create_calls_, 2 * create_ns,
                                     [&](int i) { return extra_create(name_ + "-p" + std::to_string(i)); });
  if (!create_sample.ok()) return failed(create_sample.error());
  measured.samples.push_back(create_sample.value());
  measured.samples.back().counters = std::move(create_counters);
  create_ns_ = create_sample.value().ns;

  Result<std::unique_ptr<View>> mapped = Error{};
  accounting_.before();
  const double map_ns = timed([&] { mapped = object_->map(); }, faults_.stretch(Operation::map));
  if (!mapped.ok()) return FailedReply{mapped.error().describe()};
  view_ = std::move(mapped.value());
  Counters map_counters = accounting_.after(Operation::map);  // before the extra views come and go
  auto map_sample = repeated_call(Operation::map, map_ns, map_calls_, mapping_cost(2 * map_ns),
                                  [&](int) { return extra_map(); });
  if (!map_sample.ok()) return FailedReply{map_sample.error().describe()};
  measured.samples.push_back(map_sample.value());
  measured.samples.back().counters = std::move(map_counters);
  map_ns_ = map_sample.value().ns;

  // A reserving backend's pages are committed by a call of their own, once per view:
  // there is no second commit of the same pages to repeat.
  if (backend_.separate_commit()) {
    Status committed;
    accounting_.before();
    const double commit_ns = timed([&] { committed = view_->commit(); }, faults_.stretch(Operation::commit));
    if (!committed.ok()) return FailedReply{committed.error().describe()};
    measured.samples.push_back({Operation::commit, commit_ns, 1, accounting_.after(Operation::commit)});
  }

  if (faults_.writer_crash) die_abruptly();
  if (faults_.writer_hang) std::this_thread::sleep_for(std::chrono::hours(24));

  volatile std::byte* pages = view_->data();
  const std::uint64_t page_count = (size_ + page_size_ - 1) / page_size_;
  accounting_.before();
  touch_ns_ = timed(
      [&] {
        for (std::uint64_t offset = 0; offset < size_; offset += page_size_) pages[offset] = std::byte{1};
      },
      faults_.stretch(Operation::first_touch));
  measured.samples.push_back({Operation::first_touch, touch_ns_ / static_cast<double>(page_count), page_count});
  const std::size_t touch_sample = measured.samples.size() - 1;

  const auto copy = [&](std::uint64_t count) {
    for (std::uint64_t i = 0; i < count; ++i) {
      std::memcpy(view_->data(), source_.data(), source_.size());
      clobber_memory();
    }
  };
  // The first copy into the fresh view is its own figure (copy_cold); the warm copy
  // is timed after it.
  measured.samples.push_back({Operation::copy_cold, timed([&] { copy(1); }, faults_.stretch(Operation::copy_cold))});
  // The touch's memory figures, read after the cold copy (which adds no memory): a
  // reading between the touch and the cold copy made the cold copy of 64 KiB 1.5-1.8x
  // slower (posix and sysv, two runs each, against --no-accounting); read after the warm
  // copy's batch instead, it spanned that batch too, and other processes' allocations
  // over a 16 MiB batch moved it by up to hundreds of MB. The warm copy takes the median
  // of its chunks, which one reading before them does not move.
  measured.samples[touch_sample].counters = accounting_.after(Operation::first_touch);
  // The warm copy: a batch of passes in chunks, the median chunk's time per pass
  // (timed.hpp says why).
  const ChunkedBatch batch = chunked_batch(size_, kCopyBatch);
  std::vector<double> chunk_ns;
  chunk_ns.reserve(batch.chunks);
  for (std::uint64_t c = 0; c < batch.chunks; ++c)
    chunk_ns.push_back(timed([&] { copy(batch.passes_per_chunk); }, faults_.stretch(Operation::copy)));
  measured.samples.push_back({Operation::copy, median_per_pass(std::move(chunk_ns), batch.passes_per_chunk),
                              batch.passes(), {}, batch.passes_per_chunk});
  // The page size obtained, after the copies: on Linux it walks /proc/self/smaps.
  const std::uint64_t page = page_size_at(view_->data());
  Status large_pages = check_page_size(page);
  if (!large_pages.ok()) return FailedReply{large_pages.error().describe()};
  if (!measured.samples[touch_sample].counters.empty())
    measured.samples[touch_sample].counters.emplace_back("page_bytes", static_cast<double>(page));
  return measured;
}

Status Writer::check_page_size(std::uint64_t obtained) const {
  const std::uint64_t wanted = backend_.large_page_size();
  if (wanted == 0 || obtained == wanted) return {};
  return Error{ErrorKind::unsupported, 0, "page size",
               "the view is in " + (obtained == 0 ? std::string("pages of unknown size") : format_size(obtained) + " pages") +
                   ", not the " + format_size(wanted) + " large pages " + std::string(backend_.name()) + " asks for"};
}

Reply Writer::release() {
  MeasuredReply measured;
  if (view_) {
    Status unmapped;
    const double unmap_ns = timed([&] { unmapped = view_->unmap(); }, faults_.stretch(Operation::unmap));
    view_.reset();
    if (!unmapped.ok()) return FailedReply{unmapped.error().describe()};
    // An extra unmap first maps and touches a view: the first touch's cost bounds that.
    auto sample = repeated_call(Operation::unmap, unmap_ns, unmap_calls_, mapping_cost(map_ns_ + touch_ns_ + unmap_ns),
                                [&](int) { return extra_unmap(); });
    if (!sample.ok()) return FailedReply{sample.error().describe()};
    measured.samples.push_back(sample.value());
  }
  if (object_) {
    Status closed;
    accounting_.before();
    const double close_ns = timed([&] { closed = object_->close(); }, faults_.stretch(Operation::close));
    object_.reset();
    if (!closed.ok()) return FailedReply{closed.error().describe()};
    Counters close_counters = accounting_.after(Operation::close);
    // An extra close makes, maps, touches and unmaps an object of its own first.
    auto sample = repeated_call(Operation::close, close_ns, close_calls_,
                                create_ns_ + 2 * map_ns_ + touch_ns_ + close_ns,
                                [&](int i) { return extra_close(name_ + "-c" + std::to_string(i)); });
    if (!sample.ok()) return failed(sample.error());
    measured.samples.push_back(sample.value());
    measured.samples.back().counters = std::move(close_counters);
  }
  return measured;
}

// Every name the writer creates is one this run handed out, so an object already there is
// somebody else's (planted, or a name collision): it is refused by the exclusive create,
// never mapped, and the controller is told its name so that it leaves it alone.
void Writer::note_refusal(const Result<std::unique_ptr<SharedObject>>& created, const std::string& name) {
  if (!created.ok() && created.error().kind == ErrorKind::already_exists) refused_ = name;
}

Reply Writer::failed(const Error& error) const {
  if (refused_.empty() || error.kind != ErrorKind::already_exists) return FailedReply{error.describe()};
  return FailedReply{"backend " + std::string(backend_.name()) + ": '" + refused_ +
                         "' already exists \u2014 not ours, refusing to use it (" + error.describe() + ")",
                     refused_};
}

// The heap reference reports no map or unmap (its "mapping" is a pointer to its own
// buffer): no extra calls for those.
double Writer::mapping_cost(double ns) const {
  return backend_.process_local() ? std::numeric_limits<double>::infinity() : ns;
}

Result<double> Writer::extra_create(const std::string& name) {
  Result<std::unique_ptr<SharedObject>> created = Error{};
  const double ns = timed([&] { created = backend_.create(name, size_); }, faults_.stretch(Operation::create));
  note_refusal(created, name);
  if (!created.ok()) return created.error();
  Status closed = created.value()->close();
  if (!closed.ok()) return closed.error();
  return ns;
}

Result<double> Writer::extra_map() {
  Result<std::unique_ptr<View>> mapped = Error{};
  const double ns = timed([&] { mapped = object_->map(); }, faults_.stretch(Operation::map));
  if (!mapped.ok()) return mapped.error();
  Status unmapped = mapped.value()->unmap();
  if (!unmapped.ok()) return unmapped.error();
  return ns;
}

// Writes every page of `view` with the byte already there: the pages get mapped and
// dirtied as the writer's own were, and the reader's data stays intact.
Status Writer::touch_every_page(View& view) const {
  Status committed = view.commit();
  if (!committed.ok()) return committed;
  volatile std::byte* pages = view.data();
  for (std::uint64_t offset = 0; offset < view.size(); offset += page_size_) pages[offset] = pages[offset];
  return {};
}

Result<double> Writer::extra_unmap() {
  auto mapped = object_->map();
  if (!mapped.ok()) return mapped.error();
  Status touched = touch_every_page(*mapped.value());
  if (!touched.ok()) return touched.error();
  Status unmapped;
  const double ns = timed([&] { unmapped = mapped.value()->unmap(); }, faults_.stretch(Operation::unmap));
  if (!unmapped.ok()) return unmapped.error();
  return ns;
}

Result<double> Writer::extra_close(const std::string& name) {
  auto created = backend_.create(name, size_);
  note_refusal(created, name);
  if (!created.ok()) return created.error();
  std::unique_ptr<SharedObject> object = std::move(created.value());
  {
    auto mapped = object->map();
    if (!mapped.ok()) return mapped.error();
    Status touched = touch_every_page(*mapped.value());
    if (!touched.ok()) return touched.error();
    Status unmapped = mapped.value()->unmap();
    if (!unmapped.ok()) return unmapped.error();
  }
  Status closed;
  const double ns = timed([&] { closed = object->close(); }, faults_.stretch(Operation::close));
  if (!closed.ok()) return closed.error();
  return ns;
}

}  // namespace shmbench::lifecycle
