// What a process holds, for the stress scenario's leak accounting, and the few process
// limits it probes: counted before and after a storm, the differences are the leaks.
#pragma once

#include <cstddef>
#include <string>

namespace shmbench {

struct ResourceCounts {
  long handles = -1;          // Linux: entries in /proc/self/fd; Windows: GetProcessHandleCount,
                              // or under Wine (where that answers 0) handle values in use
  long shared_mappings = -1;  // Linux: MAP_SHARED lines of /proc/self/maps; Windows: MEM_MAPPED
                              // allocations found by a VirtualQuery walk
};
ResourceCounts count_resources();

// Raises this process's open-file limit to its hard limit (Linux; a no-op on Windows) and
// returns the limit now in force, or -1 where there is none.
long raise_open_file_limit();

// Writes one byte to every page of [data, data + size). Linux: a SIGBUS (a tmpfs that ran
// out of space) is caught and returned as false with `fault` saying where, never a crash.
// Windows: committed sections cannot fault on first touch, so the loop is unguarded.
bool touch_pages(std::byte* data, std::size_t size, std::size_t page_size, std::string& fault);

}  // namespace shmbench
