#include <sys/mman.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "os/memory_state.hpp"

namespace shmbench {

namespace {
// "Committed_AS:   1234 kB" → 1234 (the figure after the field's name), for every
// field of `path` named in `fields` (in the order given), -1 for those absent.
template <std::size_t N>
void read_fields(const char* path, const char* const (&fields)[N], std::int64_t (&values)[N]) {
  for (auto& value : values) value = -1;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line))
    for (std::size_t i = 0; i < N; ++i) {
      const std::size_t length = std::strlen(fields[i]);
      if (line.compare(0, length, fields[i]) == 0 && line.size() > length && line[length] == ':')
        values[i] = std::strtoll(line.c_str() + length + 1, nullptr, 10);
    }
}
}  // namespace

MemoryReading read_memory() {
  static const char* const kFields[] = {"Committed_AS", "Shmem", "HugePages_Total", "HugePages_Free",
                                        "HugePages_Rsvd", "Hugepagesize"};
  std::int64_t v[6];
  read_fields("/proc/meminfo", kFields, v);
  MemoryReading reading;
  if (v[0] >= 0) reading.commit_bytes = v[0] * 1024;
  if (v[1] >= 0) reading.shmem_bytes = v[1] * 1024;
  if (v[2] >= 0 && v[3] >= 0 && v[4] >= 0 && v[5] >= 0) reading.hugetlb_bytes = (v[2] - v[3] + v[4]) * v[5] * 1024;
  return reading;
}

std::int64_t resident_shared_bytes() {
  static const char* const kFields[] = {"RssShmem", "HugetlbPages"};
  std::int64_t v[2];
  read_fields("/proc/self/status", kFields, v);
  if (v[0] < 0) return -1;
  return (v[0] + (v[1] > 0 ? v[1] : 0)) * 1024;
}

std::uint64_t page_size_at(const void* address) {
  const auto wanted = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream in("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    std::uintmax_t start = 0, end = 0;
    // A mapping's first line: "7f12a0000000-7f12a0200000 rw-s 00000000 00:01 1234 /memfd:..."
    if (std::sscanf(line.c_str(), "%" SCNxMAX "-%" SCNxMAX " ", &start, &end) == 2 &&
        line.find(':') > line.find(' ')) {
      inside = start <= wanted && wanted < end;
      continue;
    }
    if (inside && line.rfind("KernelPageSize:", 0) == 0) return std::strtoull(line.c_str() + 15, nullptr, 10) * 1024;
  }
  return 0;
}

std::uint64_t large_page_bytes() {
  static const char* const kFields[] = {"Hugepagesize"};
  std::int64_t v[1];
  read_fields("/proc/meminfo", kFields, v);
  return v[0] > 0 ? static_cast<std::uint64_t>(v[0]) * 1024 : 0;
}

HugePages huge_pages() {
  static const char* const kFields[] = {"HugePages_Total", "HugePages_Free"};
  std::int64_t v[2];
  read_fields("/proc/meminfo", kFields, v);
  return {v[0] > 0 ? static_cast<std::uint64_t>(v[0]) : 0, v[1] > 0 ? static_cast<std::uint64_t>(v[1]) : 0};
}

}  // namespace shmbench
