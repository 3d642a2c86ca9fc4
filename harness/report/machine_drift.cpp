#include "report/machine_drift.hpp"

#include <cmath>
#include <cstdio>
#include <vector>

namespace shmbench {

std::optional<MachineDrift> machine_drift(const Analysis& analysis) {
  MachineDrift drift;
  std::vector<double> drifts;
  for (const BenchmarkStats& stats : analysis.benchmarks) {
    const auto figure = thirds_drift(stats.ns);
    if (!figure) continue;
    drifts.push_back(*figure);
    if (*figure > kDriftFraction) ++drift.slower;
    if (*figure < -kDriftFraction) ++drift.faster;
  }
  drift.figures = static_cast<int>(drifts.size());
  if (drift.figures < kMachineDriftMinimumFigures) return std::nullopt;
  drift.median = median_of(std::move(drifts));
  return drift;
}

std::string machine_drift_warning(const MachineDrift& drift) {
  if (!(std::abs(drift.median) > kMachineDriftFraction)) return {};
  char text[320];
  std::snprintf(text, sizeof text,
                "the machine ran %.1f %% %s in the last third of the run than in the first (the median of %d "
                "figures; %d more than %.0f %% slower, %d faster): its figures mix a faster and a slower machine; "
                "run again before comparing them, or compare backends by their per-round ratios (x ref)",
                std::abs(drift.median) * 100, drift.median > 0 ? "slower" : "faster", drift.figures, drift.slower,
                kDriftFraction * 100, drift.faster);
  return text;
}

}  // namespace shmbench
