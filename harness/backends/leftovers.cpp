#include "backends/leftovers.hpp"

#include <algorithm>

#include "backends/names.hpp"
#include "os/process.hpp"

namespace shmbench {

namespace {
// `ledgers`: also the spent SysV ledgers `wanted` takes (not for one repetition's objects,
// which name none).
template <typename Wanted>
CleanOutcome remove_where(Wanted wanted, bool ledgers = true) {
  CleanOutcome outcome;
  for (const auto& leftover : find_leftovers()) {
    if (!wanted(leftover)) continue;
    Status status = remove_leftover(leftover);
    if (status.ok()) outcome.removed.push_back(leftover);
    else outcome.failures.push_back(leftover.path + ": " + status.error().describe());
  }
  for (const auto& ledger : ledgers ? spent_ledgers() : std::vector<Leftover>{}) {
    if (!wanted(ledger)) continue;
    Status status = remove_leftover(ledger);
    if (!status.ok()) outcome.failures.push_back(ledger.path + ": " + status.error().describe());
  }
  return outcome;
}
}  // namespace

bool owner_alive(const Leftover& leftover) { return process_alive_since(leftover.owner_pid, leftover.changed_unix_ms); }

CleanOutcome clean_dead_runs() {
  CleanOutcome outcome = remove_where([](const Leftover& l) { return !owner_alive(l); });
  tidy_object_folder();
  return outcome;
}

CleanOutcome clean_prefix(const std::string& prefix, const std::vector<std::string>& not_ours) {
  return remove_where([&](const Leftover& l) {
    return l.name.rfind(prefix, 0) == 0 && std::find(not_ours.begin(), not_ours.end(), l.name) == not_ours.end();
  });
}

CleanOutcome clean_object(const std::string& name) {
  // The extra objects a repetition creates are named after its object (name + "-...").
  const std::string extras = name + "-";
  return remove_where([&](const Leftover& l) { return l.name == name || l.name.rfind(extras, 0) == 0; }, false);
}

}  // namespace shmbench
