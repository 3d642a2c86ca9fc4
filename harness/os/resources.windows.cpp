#include <windows.h>

#include <cstdint>

#include "os/resources.hpp"

namespace shmbench {

namespace {
// Wine 8's GetProcessHandleCount answers 0, so there the handles are counted by asking
// about each handle value in turn. Not from NtQuerySystemInformation's list of every
// handle of every process (SystemHandleInformation), as before: measured on this VM,
// wineserver 8.0 crashed (SIGSEGV in the server) within seconds when one process asked
// for that list in a loop while other processes started and exited, and stayed up for
// 100,000 calls with no other process running. After the crash every client's wait
// hangs for good: stress.quick then hung in CI under a parallel CTest.
// Handles are multiples of 4, and Wine hands out the lowest free one, so the values in
// use are packed at the bottom: the walk stops after a long run of unused values.
long handles_by_probing() {
  constexpr std::uintptr_t kStep = 4;
  constexpr std::uintptr_t kGapToStop = 1024;  // unused values in a row past the last in use
  constexpr std::uintptr_t kLastValue = std::uintptr_t{1} << 24;
  long found = 0;
  std::uintptr_t last_used = 0;
  for (std::uintptr_t value = kStep; value <= kLastValue && value - last_used <= kGapToStop * kStep;
       value += kStep) {
    DWORD flags = 0;
    if (GetHandleInformation(reinterpret_cast<HANDLE>(value), &flags)) {
      ++found;
      last_used = value;
    }
  }
  return found;
}
}  // namespace

ResourceCounts count_resources() {
  ResourceCounts counts;
  DWORD handles = 0;
  if (GetProcessHandleCount(GetCurrentProcess(), &handles) && handles > 0) counts.handles = static_cast<long>(handles);
  else counts.handles = handles_by_probing();
  // Every view is one allocation of type MEM_MAPPED, possibly several regions (by
  // protection): count allocation bases.
  SYSTEM_INFO system;
  GetSystemInfo(&system);
  long mapped = 0;
  void* last_base = nullptr;
  auto* address = static_cast<char*>(system.lpMinimumApplicationAddress);
  MEMORY_BASIC_INFORMATION region;
  while (address < static_cast<char*>(system.lpMaximumApplicationAddress) &&
         VirtualQuery(address, &region, sizeof region) == sizeof region) {
    if (region.State != MEM_FREE && region.Type == MEM_MAPPED && region.AllocationBase != last_base) {
      ++mapped;
      last_base = region.AllocationBase;
    }
    address = static_cast<char*>(region.BaseAddress) + region.RegionSize;
  }
  counts.shared_mappings = mapped;
  return counts;
}

long raise_open_file_limit() { return -1; }

bool touch_pages(std::byte* data, std::size_t size, std::size_t page_size, std::string&) {
  for (std::size_t offset = 0; offset < size; offset += page_size) data[offset] = std::byte{1};
  return true;
}

}  // namespace shmbench
