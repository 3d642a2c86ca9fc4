// Names of the objects a run creates: "shmbench-<controller pid>-<random token>-<n>".
// The random token keeps runs apart; the pid lets a later run tell a crashed run's
// leftovers (owner gone) from a live run's objects.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace shmbench {

inline constexpr std::string_view kNamePrefix = "shmbench-";

// Test only: when this environment variable holds 8 lowercase hex digits, RunNames uses
// them as its token instead of a random one, so a test can know the exact name a run is
// about to create (and plant an object under it first). Never set it otherwise: two runs
// with the same pid and token would hand out the same names.
inline constexpr const char* kTestNameTokenVariable = "SHMBENCH_TEST_NAME_TOKEN";

class RunNames {
 public:
  // This process's pid and a fresh random token (or SHMBENCH_TEST_NAME_TOKEN's; a value
  // that is not 8 lowercase hex digits is BadInput).
  RunNames();
  // Every name this run hands out starts with this.
  const std::string& prefix() const { return prefix_; }
  std::string next();

 private:
  std::string prefix_;
  unsigned long counter_ = 0;
};

// The controller pid a shmbench name carries, or nullopt if `name` is not one of ours:
// ours are "shmbench-<pid, 1 to 10 digits>-<8 lowercase hex digits>-<anything>", so
// "shmbench-notapid-x" or "shmbench-123-x" (another program's) never are.
std::optional<long> owner_pid_of(std::string_view name);

// The Windows kernel object namespace the win32 and boost-windows backends name their
// sections in: "Local\" (this session, the default) or "Global\" (every session; needs
// SeCreateGlobalPrivilege outside session 0). Set once, before any object is created.
// POSIX names and Boost's file-emulated objects have no such namespace.
enum class NameScope { local, global };
void set_name_scope(NameScope scope);
NameScope name_scope();

}  // namespace shmbench
