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
  // The bytes the caller asked for. A backend that rounds its objects up (to a large
  // page) maps more, but the data the harness copies and verifies is this many bytes.
  std::size_t size() const { return size_; }
  virtual Status unmap() = 0;
  // Makes the view's pages usable where mapping only reserved them (win32-reserve:
  // VirtualAlloc(MEM_COMMIT) on a SEC_RESERVE section). A no-op everywhere else; code
  // that writes to a view it mapped calls it first (the lifecycle writer times it as the
  // `commit` operation of the backends whose separate_commit() is true).
  virtual Status commit() { return {}; }

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

  // True where mapping a view leaves its pages reserved, to be committed by View::commit
  // as an operation of its own (measure/operation.hpp: `commit`).
  virtual bool separate_commit() const { return false; }

  // Brings what this backend's calls depend on inside the calling process to the state a
  // long-running program meets, once and untimed, before the process's first create of
  // `size` (the lifecycle writer calls it when it starts). A no-op but for the heap.
  virtual void settle_process(std::uint64_t size) { (void)size; }

  // Where the system refuses this backend at `size` (no "Lock pages in memory" right, no
  // huge pages reserved): the native error and how to enable it, found by trying, before
  // a run measures the cell. The run reports such a cell as skipped, not failed. ok: it
  // can be measured, with the page size it asks for (large_page_size()) verified.
  virtual Status usable(std::uint64_t size) {
    (void)size;
    return {};
  }

  // The page size this backend's views must be made of, or 0 for the system's base page.
  // Where it is not 0 the harness checks the pages it obtained and fails rather than
  // measure small pages under a large-page name.
  virtual std::uint64_t large_page_size() const { return 0; }

  // The bytes an object of `size` really takes: rounded up to large_page_size().
  std::uint64_t allocation_size(std::uint64_t size) const {
    const std::uint64_t page = large_page_size();
    return page == 0 ? size : (size + page - 1) / page * page;
  }

  // When the system's commit charge (Windows' CommitTotal, Linux's Committed_AS) takes
  // this backend's memory: what the memory accounting expects, per operation.
  enum class Charge {
    at_create,       // the whole object when it is created (SEC_COMMIT, shmget, posix_fallocate)
    at_map,          // when the view is mapped (MAP_POPULATE faults every page in)
    at_commit,       // by View::commit (SEC_RESERVE)
    at_first_touch,  // page by page as it is first written (tmpfs: shm_open, memfd)
    never,           // not charged: backed by a file, or by hugetlb pages (counted apart)
    unknown,         // the in-process heap: it depends on the allocator
  };
  virtual Charge commit_charge() const = 0;
};

// The registry (registry.cpp: one line per backend).
// Creates the backend called `name`, or nullptr when this platform has no such backend.
std::unique_ptr<Backend> make_backend(std::string_view name);
// The backends this build offers, in report order: the default ones and the variants.
std::vector<std::string> available_backends();
// What a run measures when it names no backend: available_backends() without the
// variants (one way each API makes its memory; see is_variant).
std::vector<std::string> default_backends();
// A variant of another backend that makes its memory another way (memfd, sysv,
// posix-huge, posix-populate, win32-reserve, win32-large, win32-file, win32-prefetch):
// measured by the lifecycle suites when asked for (--backends, --suite memory), never
// by default.
bool is_variant(std::string_view name);
// Every backend name shmbench knows on any platform, for clear error messages.
std::vector<std::string> all_backend_names();

}  // namespace shmbench
