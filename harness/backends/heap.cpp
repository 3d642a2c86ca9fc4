// The in-process reference: a page-aligned heap buffer with no name. Its copy and read
// throughput is the memcpy ceiling every shared-memory backend is compared against.
#include <cstdint>
#include <new>

#include "backends/backend.hpp"

namespace shmbench {

namespace {
constexpr std::align_val_t kPageAlignment{4096};
constexpr std::uint64_t kLargestSettled = std::uint64_t{1} << 20;  // settle_process: above this nothing to settle

class HeapView final : public View {
 public:
  using View::View;
  Status unmap() override { return {}; }  // nothing is mapped: the buffer is already ours
};

class HeapObject final : public SharedObject {
 public:
  HeapObject(std::byte* buffer, std::size_t size) : buffer_(buffer), size_(size) {}
  ~HeapObject() override { release(); }

  Result<std::unique_ptr<View>> map() override {
    if (buffer_ == nullptr) return Error{ErrorKind::invalid_argument, 0, "heap map", "closed"};
    return std::unique_ptr<View>(new HeapView(buffer_, size_));
  }
  Status close() override {
    release();
    return {};
  }

 private:
  void release() {
    if (buffer_ != nullptr) ::operator delete[](buffer_, kPageAlignment);
    buffer_ = nullptr;
  }
  std::byte* buffer_;
  std::size_t size_;
};

class HeapBackend final : public Backend {
 public:
  std::string_view name() const override { return "heap"; }
  bool process_local() const override { return true; }
  std::string_view flags() const override { return "operator new[] aligned to 4096, no mapping"; }
  // Whether an allocation maps fresh memory or reuses the allocator's depends on its size.
  Charge commit_charge() const override { return Charge::unknown; }

  // glibc's aligned allocations carve fresh pages off the top of a young process's heap
  // until its free chunks line up: a writer's first four rounds of 4 or 64 KiB creates
  // (its warm-up and two kept ones) each took a page fault, 1.8-3.1 µs, and from the
  // fourth round on the same create took 50-140 ns, so every block of three rounds was
  // bimodal and the figure reported the fault. A long-running program meets the settled
  // allocator. So the allocator goes, untimed, through twice the rounds it took to
  // settle, in the writer's own pattern (repeated_calls.hpp: the real buffer held while
  // up to eight more come and go): about 0.1 ms once per writer. From 1 MiB up each
  // allocation is a mapping of its own and the rounds were alike already; under Wine the
  // heap showed no such effect at any size.
  void settle_process(std::uint64_t size) override {
    if (size == 0 || size > kLargestSettled) return;
    const auto bytes = static_cast<std::size_t>(size);
    for (int round = 0; round < 8; ++round) {
      void* held = ::operator new[](bytes, kPageAlignment, std::nothrow);
      for (int i = 0; i < 8; ++i) {
        void* extra = ::operator new[](bytes, kPageAlignment, std::nothrow);
        if (extra != nullptr) ::operator delete[](extra, kPageAlignment);
      }
      if (held != nullptr) ::operator delete[](held, kPageAlignment);
    }
  }

  Result<std::unique_ptr<SharedObject>> create(const std::string&, std::uint64_t size) override {
    if (size == 0 || size > SIZE_MAX) return Error{ErrorKind::invalid_argument, 0, "heap create", "bad size"};
    auto* buffer = static_cast<std::byte*>(
        ::operator new[](static_cast<std::size_t>(size), kPageAlignment, std::nothrow));
    if (buffer == nullptr) return Error{ErrorKind::out_of_memory, 0, "heap create", "allocation failed"};
    return std::unique_ptr<SharedObject>(new HeapObject(buffer, static_cast<std::size_t>(size)));
  }
  Result<std::unique_ptr<SharedObject>> open(const std::string&, std::uint64_t) override {
    return Error{ErrorKind::unsupported, 0, "heap open", "a heap buffer has no name to open"};
  }
  Status remove(const std::string&) override { return {}; }
};
}  // namespace

std::unique_ptr<Backend> make_heap_backend() { return std::make_unique<HeapBackend>(); }

}  // namespace shmbench
