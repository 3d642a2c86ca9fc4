// The operations shmbench measures and the one table of their traits: which worker
// performs each, what its time is per, which way data moves, and what a backend needs
// to have it. Everything else (workers, report, summary, validator) asks this table.
#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string_view>
#include <vector>

namespace shmbench {

enum class Operation {
  create,       // writer: create the named object (exclusive)
  open,         // reader: open it by name, in another process
  map,          // writer: map a view of the whole object
  commit,       // writer: commit the view's reserved pages (only backends with separate_commit)
  first_touch,  // writer: first write to each page of the fresh view
  copy_cold,    // writer: first copy of a buffer into the fresh view
  copy,         // writer: warm copy of a buffer into the view
  read_cold,    // reader: first verified read, faulting its own mapping
  read,         // reader: warm verified read
  read_unverified,  // reader: the same read without checking: the reference `read` is shown against
  unmap,        // writer: unmap the view
  close,        // writer: close the handle (and remove the name)
};

enum class Role { writer, reader };

// What one sample's time is for.
enum class TimeUnit {
  per_call,  // one call: a latency
  per_page,  // one page of the buffer (first_touch)
  per_pass,  // one pass over the whole buffer: bytes/s is meaningful
};

// Which way data moves between the worker and the view.
enum class DataFlow { none, into_view, out_of_view };

struct OperationTraits {
  Operation op;
  std::string_view name;  // as in report rows: "<name>/<backend>/<bytes>"
  Role role;
  TimeUnit unit;
  DataFlow flow;
  // Only for objects another process can open by name and map (not the heap reference).
  bool needs_shared_object;
  // Only for backends whose mapping reserves pages that a commit of its own makes usable
  // (Backend::separate_commit: win32-reserve).
  bool needs_separate_commit;
  std::string_view what;  // one line for docs and --help
};

inline constexpr std::size_t kOperationCount = 12;
// In report order.
const std::array<OperationTraits, kOperationCount>& operation_table();
const OperationTraits& traits_of(Operation op);
std::string_view to_string(Operation op);
std::optional<Operation> operation_named(std::string_view name);
const char* to_string(Role role);
const char* to_string(TimeUnit unit);
const char* to_string(DataFlow flow);
std::ostream& operator<<(std::ostream& out, Operation op);  // its name, for messages and tests

// True where bytes/s is reported beside the time (the bytes are one page for first_touch).
bool reports_throughput(Operation op);
// Bytes one sample moves: the buffer for per-pass operations, a page for first_touch.
std::uint64_t bytes_per_sample(Operation op, std::uint64_t buffer_size, std::uint64_t page_size);

// The operations measured for a backend, in report order: all of them for a shared
// object, those without needs_shared_object for a process-local one (the heap); those
// with needs_separate_commit only where the backend commits separately.
std::vector<Operation> operations_for(bool process_local, bool separate_commit = false);

}  // namespace shmbench
