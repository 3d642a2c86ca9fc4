// The in-process reference: a page-aligned heap buffer with no name. Its copy and read
// throughput is the memcpy ceiling every shared-memory backend is compared against.
#include <new>

#include "backends/backend.hpp"

namespace shmbench {

namespace {
constexpr std::align_val_t kPageAlignment{4096};

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
