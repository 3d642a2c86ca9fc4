// attach_cell_counters (declared in analysis.hpp): the counters a worker read beside its
// timings (the memory accounting, the page size obtained) go onto the rows of their
// benchmark, each repetition's on its own row, and on the headline row the median of
// each counter over the repetitions, as the figure of the benchmark.
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "measure/stats.hpp"
#include "report/analysis.hpp"

namespace shmbench {

void attach_cell_counters(Analysis& analysis, const RunResult& result) {
  for (auto& stats : analysis.benchmarks) {
    if (!stats.error.empty() || !stats.skipped.empty()) continue;
    const auto cell = std::find_if(result.cells.begin(), result.cells.end(), [&](const Cell& c) {
      return c.backend == stats.backend && c.size == stats.size;
    });
    if (cell == result.cells.end()) continue;
    const auto samples = cell->samples.find(stats.op);
    if (samples == cell->samples.end() || samples->second.counters.size() != stats.ns.size()) continue;
    const auto& per_repetition = samples->second.counters;
    if (std::all_of(per_repetition.begin(), per_repetition.end(), [](const auto& list) { return list.empty(); }))
      continue;
    stats.rep_counters = per_repetition;
    // A counter's median over the repetitions that carry it, in the order first seen.
    std::vector<std::string> order;
    std::map<std::string, std::vector<double>> values;
    for (const auto& list : per_repetition)
      for (const auto& [counter, value] : list) {
        if (!values.count(counter)) order.push_back(counter);
        values[counter].push_back(value);
      }
    for (const auto& counter : order) stats.headline_counters.emplace_back(counter, median_of(values[counter]));
  }
}

}  // namespace shmbench
