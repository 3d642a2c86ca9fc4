// Whether the machine itself changed speed during a lifecycle run: most figures slower
// (or faster) in the last third of their repetitions than in the first, together. One
// figure's drift (analysis.hpp, kDriftFraction) may be its own; the median over all the
// figures is the machine's, since the sizes take turns all through the run.
//
// Why: on a 2-vCPU VM whose host was busy (2026-12-06 10:33-10:50), ten consecutive
// default runs warned 21-73 % of their figures with other processes at 0.3-0.8 % of the
// CPUs and no steal time, so nothing in the guest told a run that the host had moved it.
// In one of them the median figure ran 14.5 % slower in its last third than in its first
// (79 of 145 figures more than 10 % slower, none faster), in another 4.8 % faster (51
// faster, 4 slower): the whole machine had moved, which a run can say of itself and a
// reader can act on (run again, compare backends by per-round ratios). In the other 17
// default runs of that day the median drift stayed within ±1.4 % (docs/measurements.md,
// "When the machine moves during a run"), so ±3 % leaves twice that margin.
#pragma once

#include <optional>
#include <string>

#include "report/analysis.hpp"

namespace shmbench {

// The median over the figures of their thirds drift beyond this: the machine moved.
inline constexpr double kMachineDriftFraction = 0.03;
// Fewer figures with a drift than this say nothing about the machine.
inline constexpr int kMachineDriftMinimumFigures = 10;

struct MachineDrift {
  double median = 0;  // the median over the figures of thirds_drift (last third / first - 1)
  int figures = 0;    // figures with a thirds drift (18 repetitions or more)
  int slower = 0;     // of those, more than kDriftFraction slower in the last third
  int faster = 0;     // more than kDriftFraction faster
};

// Nothing when fewer than kMachineDriftMinimumFigures figures have a thirds drift.
std::optional<MachineDrift> machine_drift(const Analysis& analysis);

// The warning's line, or "" when the median drift is within ±kMachineDriftFraction.
std::string machine_drift_warning(const MachineDrift& drift);

}  // namespace shmbench
