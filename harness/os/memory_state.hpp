// The memory state shmbench records beside its timings: the system's commit charge and
// shared memory (before and after each step of an object's life), the memory this
// process has resident in shared mappings, the size of the page under an address, and
// the large pages the system offers. Read outside every timed span: each reading is a
// system call or a /proc file of its own.
#pragma once

#include <cstdint>
#include <string>

namespace shmbench {

struct MemoryReading {
  // Windows: GetPerformanceInfo's CommitTotal (pages x PageSize). Linux: /proc/meminfo's
  // Committed_AS. -1 where unreadable.
  std::int64_t commit_bytes = -1;
  // Linux: /proc/meminfo's Shmem (tmpfs, memfd and SysV pages in memory); -1 on Windows.
  std::int64_t shmem_bytes = -1;
  // Linux: hugetlb pages in use or promised to a mapping, (HugePages_Total -
  // HugePages_Free + HugePages_Rsvd) x Hugepagesize: what posix-huge takes, which
  // Committed_AS leaves out; -1 on Windows.
  std::int64_t hugetlb_bytes = -1;
};
MemoryReading read_memory();

// What this process has resident of shared memory: Linux RssShmem + HugetlbPages of
// /proc/self/status; Windows the working set (GetProcessMemoryInfo WorkingSetSize, which
// counts private pages too: compare two readings). -1 where unreadable.
std::int64_t resident_shared_bytes();

// The size of the page that maps `address` in this process, or 0 when the system does not
// say (the page is not resident). Linux: KernelPageSize of its /proc/self/smaps entry;
// Windows: QueryWorkingSetEx's LargePage bit (GetLargePageMinimum() when set, the page
// size when clear).
std::uint64_t page_size_at(const void* address);

// The large page the system offers (Linux: Hugepagesize; Windows: GetLargePageMinimum),
// 0 when none.
std::uint64_t large_page_bytes();

// Linux: the huge pages reserved (HugePages_Total) and free (HugePages_Free), for the
// messages of posix-huge; both 0 on Windows.
struct HugePages {
  std::uint64_t total = 0;
  std::uint64_t free = 0;
};
HugePages huge_pages();

}  // namespace shmbench
