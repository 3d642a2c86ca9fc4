// The one small interface every shared-memory backend implements: exclusive create,
// open existing, map, unmap, close, remove. Backends return typed errors and never
// throw; handles and views are move-only RAII objects that release themselves once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace shmbench {

// A mapped view of a shared object. Unmapped by unmap() (timed by the harness) or, if
// that was never called, by the destructor.
class View {
 public:
  View(std::byte* data, std::size_t size) : data_(data), size_(size) {}
  virtual ~View() = default;
  View(const View&) = delete;
  View& operator=(const View&) = delete;

  std::byte* data() const { return data_; }
  std::size_t size() const { return size_; }
  virtual Status unmap() = 0;

 protected:
  std::byte* data_;
  std::size_t size_;
};

// An open handle to a named shared object (or, for the heap reference, a buffer).
class SharedObject {
 public:
  virtual ~SharedObject() = default;
  SharedObject() = default;
  SharedObject(const SharedObject&) = delete;
  SharedObject& operator=(const SharedObject&) = delete;

  // Maps the whole object read-write.
  virtual Result<std::unique_ptr<View>> map() = 0;
  // Closes the handle; the creator also removes the name where names outlive handles
  // (POSIX, Boost's file-emulated objects). The destructor does the same, untimed.
  virtual Status close() = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string_view name() const = 0;

  // Creates a new object of `size` bytes; an object that already exists under `name`
  // is refused with ErrorKind::already_exists, never attached to.
  virtual Result<std::unique_ptr<SharedObject>> create(const std::string& name,
                                                       std::uint64_t size) = 0;
  // Opens an object another process created; `size` is the size it was created with.
  virtual Result<std::unique_ptr<SharedObject>> open(const std::string& name,
                                                     std::uint64_t size) = 0;
  // Removes a name left behind by a process that died before closing it. Backends whose
  // objects die with their last handle have nothing to remove and return ok.
  virtual Status remove(const std::string& name) = 0;

  // True for the in-process heap reference: it has no name another process can open,
  // so it has no open, map, unmap or cold read (see measure/operation.hpp), and it is the
  // reference the shared backends' throughput is compared against.
  virtual bool process_local() const { return false; }

  // What it asks of the OS (calls and flags), recorded in every report beside its figures.
  virtual std::string_view flags() const = 0;
};

// The registry (registry.cpp: one line per backend).
// Creates the backend called `name`, or nullptr when this platform has no such backend.
std::unique_ptr<Backend> make_backend(std::string_view name);
// The backends this build offers, in report order.
std::vector<std::string> available_backends();
// Every backend name shmbench knows on any platform, for clear error messages.
std::vector<std::string> all_backend_names();

}  // namespace shmbench
