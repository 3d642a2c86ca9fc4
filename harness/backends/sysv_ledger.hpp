// A SysV segment has a key, not a name, and shmbench's key tag (sysv_key.hpp) is one top
// byte: 1 key in 256 of any other program's carries it too. So the tag alone cannot say a
// segment is shmbench's. Before a process creates its first segment under a run's names,
// it makes a ledger file in /dev/shm, "<run prefix>sysv-creator-<its pid>": the leftover
// scan (leftovers.linux.cpp) takes a tagged segment for shmbench's only when a ledger
// names the segment's creator (shm_cpid). A creator that exits normally, with none of its
// segments left, removes its ledger itself; a crashed one's ledger goes with its segments.
// Linux only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace shmbench {

// Makes this process's ledger for the run `name` belongs to, if it has none yet. A name
// that is not a run's (names.hpp) gets no ledger: its segment is then never taken for a
// leftover, and only the creator's own close removes it. At a normal exit, this process's
// ledgers go if no segment it created is left.
Status record_sysv_creator(const std::string& name);

// One line of /proc/sysvipc/shm ("key shmid perms size cpid lpid nattch uid ..."): what
// the ledger and the leftover scan read of a segment.
struct SysvSegment {
  long long key = 0, id = 0, creator = 0, attached = 0, uid = 0;
};
// Every SysV segment on the system now.
std::vector<SysvSegment> sysv_segments();

// The creator pid a ledger's file name holds, or nullopt if `file_name` is not a ledger.
std::optional<long> sysv_ledger_creator(std::string_view file_name);

// The run prefix ("shmbench-<pid>-<token>-") a ledger's or object's name starts with, or ""
// if it is not a run's name.
std::string run_prefix_of(std::string_view name);

}  // namespace shmbench
