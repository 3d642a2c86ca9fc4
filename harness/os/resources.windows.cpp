#include <windows.h>

#include "os/resources.hpp"

namespace shmbench {

ResourceCounts count_resources() {
  ResourceCounts counts;
  DWORD handles = 0;
  if (GetProcessHandleCount(GetCurrentProcess(), &handles)) counts.handles = static_cast<long>(handles);
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
