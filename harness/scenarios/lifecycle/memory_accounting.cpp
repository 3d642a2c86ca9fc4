#include "scenarios/lifecycle/memory_accounting.hpp"

namespace shmbench::lifecycle {

namespace {
using Charge = Backend::Charge;

// The step that takes the memory of each Charge.
std::optional<Operation> charging_step(Charge charge) {
  switch (charge) {
    case Charge::at_create: return Operation::create;
    case Charge::at_map: return Operation::map;
    case Charge::at_commit: return Operation::commit;
    case Charge::at_first_touch: return Operation::first_touch;
    case Charge::never:
    case Charge::unknown: return std::nullopt;
  }
  return std::nullopt;
}

void add_difference(Counters& counters, const char* name, std::int64_t now, std::int64_t before) {
  if (now >= 0 && before >= 0) counters.emplace_back(name, static_cast<double>(now - before));
}
}  // namespace

MemoryAccounting::MemoryAccounting(const Backend& backend, std::uint64_t size, bool enabled)
    : backend_(backend), bytes_(static_cast<std::int64_t>(backend.allocation_size(size))), enabled_(enabled) {}

void MemoryAccounting::before() {
  if (!enabled_) return;
  before_ = read_memory();
  resident_before_ = resident_shared_bytes();
}

std::optional<std::int64_t> MemoryAccounting::expected_commit(Operation op) const {
  const Charge charge = backend_.commit_charge();
  if (charge == Charge::unknown) return std::nullopt;
  const std::optional<Operation> charging = charging_step(charge);
  if (!charging) return 0;  // a file or huge pages: never charged, never released
  if (op == *charging) return bytes_;
  if (op == Operation::close) return -bytes_;
  return 0;
}

Counters MemoryAccounting::after(Operation op) {
  Counters counters;
  if (!enabled_) return counters;
  const MemoryReading now = read_memory();
  const std::int64_t resident = op == Operation::first_touch ? resident_shared_bytes() : -1;
  add_difference(counters, "commit_charge_bytes", now.commit_bytes, before_.commit_bytes);
  const std::optional<std::int64_t> expected = expected_commit(op);
  if (expected && now.commit_bytes >= 0) counters.emplace_back("commit_charge_expected_bytes", static_cast<double>(*expected));
  add_difference(counters, "shmem_bytes", now.shmem_bytes, before_.shmem_bytes);
  // Only a large-page backend's memory is in hugetlb pages: the others' would be 0.
  if (backend_.large_page_size() != 0) add_difference(counters, "hugetlb_bytes", now.hugetlb_bytes, before_.hugetlb_bytes);
  if (op == Operation::first_touch) {
    add_difference(counters, "resident_bytes", resident, resident_before_);
    if (backend_.commit_charge() != Charge::unknown) counters.emplace_back("resident_expected_bytes", static_cast<double>(bytes_));
  }
  return counters;
}

}  // namespace shmbench::lifecycle
