#include "measure/operation.hpp"

#include <ostream>

namespace shmbench {

namespace {
using O = Operation;
using R = Role;
using U = TimeUnit;
using F = DataFlow;

// The heap reference has no name to open and no view to map: it keeps create (allocate),
// first_touch, the copies, the warm reads and close (free). Its reader fills its own
// buffer before reading, so it has no cold read either.
constexpr std::array<OperationTraits, kOperationCount> kTable = {{
    {O::create, "create", R::writer, U::per_call, F::none, false, false, "create the named object, exclusively"},
    {O::open, "open", R::reader, U::per_call, F::none, true, false, "open it by name, in another process"},
    {O::map, "map", R::writer, U::per_call, F::none, true, false, "map a view of the whole object"},
    {O::commit, "commit", R::writer, U::per_call, F::none, true, true,
     "commit the pages of the view that mapping only reserved"},
    {O::first_touch, "first_touch", R::writer, U::per_page, F::into_view, false, false,
     "first write to every page of the fresh view"},
    {O::copy_cold, "copy_cold", R::writer, U::per_pass, F::into_view, false, false,
     "first copy of a buffer into the fresh view"},
    {O::copy, "copy", R::writer, U::per_pass, F::into_view, false, false, "warm copy of a buffer into the view"},
    {O::read_cold, "read_cold", R::reader, U::per_pass, F::out_of_view, true, false,
     "first verified read, faulting in its own mapping"},
    {O::read, "read", R::reader, U::per_pass, F::out_of_view, false, false, "warm verified read"},
    {O::read_unverified, "read_unverified", R::reader, U::per_pass, F::out_of_view, false, false,
     "warm read of every byte without checking it: the reference for read"},
    {O::unmap, "unmap", R::writer, U::per_call, F::none, true, false, "unmap the view"},
    {O::close, "close", R::writer, U::per_call, F::none, false, false, "close the handle (and remove the name)"},
}};

constexpr bool table_is_in_enum_order() {
  for (std::size_t i = 0; i < kTable.size(); ++i)
    if (static_cast<std::size_t>(kTable[i].op) != i) return false;
  return true;
}
static_assert(table_is_in_enum_order(), "kTable must list the operations in enum order");
}  // namespace

const std::array<OperationTraits, kOperationCount>& operation_table() { return kTable; }

const OperationTraits& traits_of(Operation op) { return kTable[static_cast<std::size_t>(op)]; }

std::string_view to_string(Operation op) { return traits_of(op).name; }

std::optional<Operation> operation_named(std::string_view name) {
  for (const auto& traits : kTable)
    if (traits.name == name) return traits.op;
  return std::nullopt;
}

const char* to_string(Role role) { return role == Role::writer ? "writer" : "reader"; }

const char* to_string(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::per_call: return "per_call";
    case TimeUnit::per_page: return "per_page";
    case TimeUnit::per_pass: return "per_pass";
  }
  return "per_call";
}

const char* to_string(DataFlow flow) {
  switch (flow) {
    case DataFlow::none: return "none";
    case DataFlow::into_view: return "into_view";
    case DataFlow::out_of_view: return "out_of_view";
  }
  return "none";
}

std::ostream& operator<<(std::ostream& out, Operation op) { return out << to_string(op); }

bool reports_throughput(Operation op) { return traits_of(op).unit != TimeUnit::per_call; }

std::uint64_t bytes_per_sample(Operation op, std::uint64_t buffer_size, std::uint64_t page_size) {
  switch (traits_of(op).unit) {
    case TimeUnit::per_pass: return buffer_size;
    case TimeUnit::per_page: return page_size;
    case TimeUnit::per_call: return 0;
  }
  return 0;
}

std::vector<Operation> operations_for(bool process_local, bool separate_commit) {
  std::vector<Operation> ops;
  for (const auto& traits : kTable)
    if ((!process_local || !traits.needs_shared_object) && (separate_commit || !traits.needs_separate_commit))
      ops.push_back(traits.op);
  return ops;
}

}  // namespace shmbench
