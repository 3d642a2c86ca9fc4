#include <windows.h>
#include <winternl.h>

#include <vector>

#include "os/resources.hpp"

namespace shmbench {

namespace {
// SystemHandleInformation (16): every handle of every process. Wine 8's
// GetProcessHandleCount answers 0, so the handles are counted from this list instead.
struct HandleEntry {
  ULONG owner_pid;
  UCHAR object_type;
  UCHAR flags;
  USHORT handle;
  PVOID object;
  ACCESS_MASK access;
};
struct HandleList {
  ULONG count;
  HandleEntry entries[1];
};

long handles_from_system_list() {
  using Query = LONG(WINAPI*)(ULONG, PVOID, ULONG, PULONG);
  const auto query = reinterpret_cast<Query>(
      reinterpret_cast<void*>(GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtQuerySystemInformation")));
  if (query == nullptr) return -1;
  std::vector<unsigned char> buffer(1 << 20);
  for (int attempt = 0; attempt < 8; ++attempt) {
    ULONG needed = 0;
    const LONG status = query(16, buffer.data(), static_cast<ULONG>(buffer.size()), &needed);
    if (status == 0) {
      const auto* list = reinterpret_cast<const HandleList*>(buffer.data());
      long mine = 0;
      for (ULONG i = 0; i < list->count; ++i)
        if (list->entries[i].owner_pid == GetCurrentProcessId()) ++mine;
      return mine;
    }
    buffer.resize(std::max<std::size_t>(buffer.size() * 2, needed + 4096));
  }
  return -1;
}
}  // namespace

ResourceCounts count_resources() {
  ResourceCounts counts;
  DWORD handles = 0;
  if (GetProcessHandleCount(GetCurrentProcess(), &handles) && handles > 0) counts.handles = static_cast<long>(handles);
  else counts.handles = handles_from_system_list();
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
