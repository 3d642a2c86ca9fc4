#include "orchestration/cpu_halves.hpp"

#include "common/bad_input.hpp"
#include "os/sysinfo.hpp"

namespace shmbench {

std::pair<std::vector<int>, std::vector<int>> cpu_halves(const std::string& who) {
  const std::vector<int> allowed = read_system_info().allowed_cpus;
  if (allowed.size() < 2)
    throw BadInput{who + " needs two CPUs or more, one set per side; this process may use " +
                   std::to_string(allowed.size())};
  const auto half = static_cast<std::ptrdiff_t>(allowed.size() / 2);
  return {std::vector<int>(allowed.begin(), allowed.begin() + half),
          std::vector<int>(allowed.begin() + half, allowed.begin() + 2 * half)};
}

std::vector<int> last_cpu() {
  const std::vector<int> allowed = read_system_info().allowed_cpus;
  return allowed.empty() ? std::vector<int>{} : std::vector<int>{allowed.back()};
}

std::string cpu_list(const std::vector<int>& cpus) {
  std::string text;
  for (int cpu : cpus) text += (text.empty() ? "" : ",") + std::to_string(cpu);
  return text;
}

}  // namespace shmbench
