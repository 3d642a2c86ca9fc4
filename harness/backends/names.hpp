// Names of the objects a run creates: "shmbench-<controller pid>-<random token>-<n>".
// The random token keeps runs apart; the pid lets a later run tell a crashed run's
// leftovers (owner gone) from a live run's objects.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace shmbench {

inline constexpr std::string_view kNamePrefix = "shmbench-";

class RunNames {
 public:
  RunNames();  // this process's pid and a fresh random token
  // Every name this run hands out starts with this.
  const std::string& prefix() const { return prefix_; }
  std::string next();

 private:
  std::string prefix_;
  unsigned long counter_ = 0;
};

// The controller pid a shmbench name carries, or nullopt if `name` is not one of ours.
std::optional<long> owner_pid_of(std::string_view name);

}  // namespace shmbench
