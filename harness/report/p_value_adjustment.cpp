#include "report/p_value_adjustment.hpp"

#include <algorithm>
#include <numeric>

namespace shmbench {

const char* to_string(Correction correction) {
  switch (correction) {
    case Correction::holm: return "holm";
    case Correction::bh: return "bh";
    case Correction::none: return "none";
  }
  return "holm";
}

std::optional<Correction> correction_from_string(const std::string& name) {
  for (Correction c : {Correction::holm, Correction::bh, Correction::none})
    if (name == to_string(c)) return c;
  return std::nullopt;
}

std::vector<double> adjust_p_values(const std::vector<double>& p, Correction correction) {
  const std::size_t n = p.size();
  std::vector<double> adjusted(p);
  if (correction == Correction::none || n == 0) return adjusted;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&p](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  const double count = static_cast<double>(n);
  if (correction == Correction::holm) {
    // Step down from the smallest p: each is multiplied by the number of hypotheses still
    // standing, and never falls below the adjusted p before it.
    double running = 0;
    for (std::size_t i = 0; i < n; ++i) {
      running = std::max(running, std::min(1.0, (count - static_cast<double>(i)) * p[order[i]]));
      adjusted[order[i]] = running;
    }
  } else {
    // Step up from the largest p: n / rank times p, never above the adjusted p after it.
    double running = 1;
    for (std::size_t i = n; i-- > 0;) {
      running = std::min(running, std::min(1.0, count / static_cast<double>(i + 1) * p[order[i]]));
      adjusted[order[i]] = running;
    }
  }
  return adjusted;
}

}  // namespace shmbench
