// Finding and removing named objects that outlived the run that made them. Objects that
// die with their last handle (Win32 sections, named pipes) cannot outlive a run; what can
// is listed here: POSIX shm objects in /dev/shm (posix and boost-portable on Linux), the
// files Boost uses to emulate shared_memory_object on Windows, and the transports' named
// files in transport_folder() (FIFOs and AF_UNIX socket files; on Linux also POSIX
// message queues, through their marker below, and where /dev/mqueue is mounted).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace shmbench {

// POSIX message queues can be listed only where /dev/mqueue is mounted (not on every
// Debian VM). So the mqueue transport makes a marker "/dev/shm/<name>-mqueues" before its
// two queues "/<name>-to-reader" and "/<name>-to-writer", and removes it after them: the
// scan finds the marker like any object, and removing it removes the queues first.
inline constexpr std::string_view kMessageQueueMarker = "-mqueues";

struct Leftover {
  std::string name;   // the object's name, e.g. "shmbench-4242-1a2b3c4d-7"
  std::string path;   // where it lives, e.g. "/dev/shm/shmbench-4242-1a2b3c4d-7"
  long owner_pid = 0; // the controller that named it
  // When its file last changed (a SysV segment: its ledger), milliseconds since 1970;
  // 0 if not known. A process under owner_pid that started after then took a dead run's
  // pid (owner_alive).
  std::int64_t changed_unix_ms = 0;
};

// Whether the run that named `leftover` is still alive: its controller's pid is taken by
// a process that started before the object last changed (process_alive_since).
bool owner_alive(const Leftover& leftover);

// Where the transports (harness/transports) make their named files: FIFOs and AF_UNIX
// socket files. Linux: /dev/shm, where the scan finds them with the mappings; Windows: the
// temporary folder (%TEMP%). Without a trailing separator.
std::string transport_folder();

// Every shmbench object present now whose name starts with `prefix` ("" for all).
std::vector<Leftover> find_leftovers(const std::string& prefix = "shmbench-");
Status remove_leftover(const Leftover& leftover);
// Linux: the SysV ledgers (sysv_ledger.hpp) whose creator is gone and that name no
// segment any more. They are bookkeeping, not objects: find_leftovers does not list them,
// and the clean functions below remove them after the objects. Windows: none.
std::vector<Leftover> spent_ledgers();

struct CleanOutcome {
  std::vector<Leftover> removed;
  std::vector<std::string> failures;  // one line each
};
// Removes the objects of runs whose controller is no longer alive, then gives the
// objects' folder a fresh start if nothing is left in it (tidy_object_folder). Every run
// starts with this.
CleanOutcome clean_dead_runs();
// Windows: recreates Boost's emulation folder when it is empty (why: in the .cpp).
// Linux: nothing (/dev/shm is tmpfs).
void tidy_object_folder();
// Removes every object whose name starts with `prefix` (a run's own, at its end), except
// those named in `not_ours`: objects the run found already there under its names.
CleanOutcome clean_prefix(const std::string& prefix, const std::vector<std::string>& not_ours = {});
// Removes the object called `name` and the extra objects named after it (name + "-...",
// see scenarios/lifecycle/repeated_calls.hpp), if they are still there.
CleanOutcome clean_object(const std::string& name);

}  // namespace shmbench
