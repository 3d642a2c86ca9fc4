// The private buffer a copy reads from, page-aligned like the view it is copied into.
// A std::vector's bytes sit wherever malloc puts them (offset 16 in one process, another
// offset in the next), and memcpy's speed can depend on the source's offset relative to
// the target; a fixed alignment keeps that out of every comparison.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>

namespace shmbench {

class SourceBuffer {
 public:
  SourceBuffer() = default;
  explicit SourceBuffer(std::size_t size)
      : data_(size ? static_cast<std::byte*>(::operator new[](size, kAlignment)) : nullptr), size_(size) {}
  ~SourceBuffer() { release(); }
  SourceBuffer(SourceBuffer&& other) noexcept : data_(other.data_), size_(other.size_) {
    other.data_ = nullptr;
    other.size_ = 0;
  }
  SourceBuffer& operator=(SourceBuffer&& other) noexcept {
    if (this != &other) {
      release();
      data_ = other.data_;
      size_ = other.size_;
      other.data_ = nullptr;
      other.size_ = 0;
    }
    return *this;
  }
  SourceBuffer(const SourceBuffer&) = delete;
  SourceBuffer& operator=(const SourceBuffer&) = delete;

  std::byte* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  static constexpr std::align_val_t kAlignment{4096};
  void release() {
    if (data_) ::operator delete[](data_, kAlignment);
    data_ = nullptr;
  }
  std::byte* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace shmbench
