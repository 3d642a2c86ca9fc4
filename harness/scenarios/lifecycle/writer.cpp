#include "scenarios/lifecycle/writer.hpp"

#include <chrono>
#include <cstring>
#include <thread>

#include "common/compiler_barrier.hpp"
#include "measure/pattern.hpp"
#include "os/process.hpp"
#include "scenarios/lifecycle/timed.hpp"

namespace shmbench::lifecycle {

Writer::Writer(Backend& backend, std::uint64_t size, std::uint64_t page_size, const Faults& faults)
    : backend_(backend), size_(size), page_size_(page_size), faults_(faults),
      source_(static_cast<std::size_t>(size)) {}

Reply Writer::write(const WriteCommand& command) {
  fill_pattern(source_.data(), source_.size(), command.seed);  // untimed: the data to copy
  MeasuredReply measured;

  Result<std::unique_ptr<SharedObject>> created = Error{};
  measured.samples.push_back({Operation::create, timed([&] { created = backend_.create(command.name, size_); }, faults_.stretch(Operation::create))});
  if (!created.ok()) return FailedReply{created.error().describe()};
  object_ = std::move(created.value());

  Result<std::unique_ptr<View>> mapped = Error{};
  measured.samples.push_back({Operation::map, timed([&] { mapped = object_->map(); }, faults_.stretch(Operation::map))});
  if (!mapped.ok()) return FailedReply{mapped.error().describe()};
  view_ = std::move(mapped.value());

  if (faults_.writer_crash) die_abruptly();
  if (faults_.writer_hang) std::this_thread::sleep_for(std::chrono::hours(24));

  volatile std::byte* pages = view_->data();
  const std::uint64_t page_count = (size_ + page_size_ - 1) / page_size_;
  const double touch_ns = timed(
      [&] {
        for (std::uint64_t offset = 0; offset < size_; offset += page_size_) pages[offset] = std::byte{1};
      },
      faults_.stretch(Operation::first_touch));
  measured.samples.push_back({Operation::first_touch, touch_ns / static_cast<double>(page_count), page_count});

  const auto copy = [&](std::uint64_t count) {
    for (std::uint64_t i = 0; i < count; ++i) {
      std::memcpy(view_->data(), source_.data(), source_.size());
      clobber_memory();
    }
  };
  // The first copy into the fresh view is its own figure (copy_cold); the warm copy
  // is timed after it.
  measured.samples.push_back({Operation::copy_cold, timed([&] { copy(1); }, faults_.stretch(Operation::copy_cold))});
  const std::uint64_t passes = passes_for(size_, kCopyBatchBytes);
  measured.samples.push_back({Operation::copy, timed([&] { copy(passes); }, faults_.stretch(Operation::copy)) / static_cast<double>(passes), passes});
  return measured;
}

Reply Writer::release() {
  MeasuredReply measured;
  if (view_) {
    Status unmapped;
    measured.samples.push_back({Operation::unmap, timed([&] { unmapped = view_->unmap(); }, faults_.stretch(Operation::unmap))});
    view_.reset();
    if (!unmapped.ok()) return FailedReply{unmapped.error().describe()};
  }
  if (object_) {
    Status closed;
    measured.samples.push_back({Operation::close, timed([&] { closed = object_->close(); }, faults_.stretch(Operation::close))});
    object_.reset();
    if (!closed.ok()) return FailedReply{closed.error().describe()};
  }
  return measured;
}

}  // namespace shmbench::lifecycle
