#include "report/report_json.hpp"

#include <algorithm>
#include <cstdio>

#include "measure/pattern.hpp"
#include "report/machine_drift.hpp"
#include "report/report_context.hpp"

namespace shmbench {

namespace {
// Ordered, so a report reads in Google Benchmark's field order.
using json = nlohmann::ordered_json;

// The operation table, so that readers of the report (validate-report.py, compare
// scripts) need no copy of it.
json operations_json() {
  json ops = json::array();
  for (const auto& traits : operation_table())
    ops.push_back({{"name", traits.name},
                   {"process", to_string(traits.role)},
                   {"unit", to_string(traits.unit)},
                   {"data_flow", to_string(traits.flow)},
                   {"needs_shared_object", traits.needs_shared_object},
                   {"needs_separate_commit", traits.needs_separate_commit}});
  return ops;
}

// Which operations each backend has, by name: the operation table's rules applied to it
// (the heap has no open; only backends that commit separately have commit).
json backend_operations(const RunResult& result) {
  json backends = json::object();
  for (const auto& backend : result.backends) {
    json ops = json::array();
    for (Operation op : operations_for(backend.process_local, backend.separate_commit)) ops.push_back(to_string(op));
    backends[backend.name] = ops;
  }
  return backends;
}

int skipped_cells(const RunResult& result) {
  return static_cast<int>(std::count_if(result.cells.begin(), result.cells.end(),
                                        [](const Cell& cell) { return !cell.skipped.empty(); }));
}

// Objects a backend's own close left behind (removed by shmbench after each repetition).
json backend_leftovers(const RunResult& result) {
  json counts = json::object();
  for (const auto& cell : result.cells)
    if (cell.leftovers > 0) counts[cell.backend] = counts.value(cell.backend, 0) + cell.leftovers;
  return counts;
}

json order_json(const MeasurementOrder& order) {
  json out = {{"scheme", order.scheme}, {"description", order.description}};
  if (!order.cpu_sets.empty()) out["cpu_sets"] = order.cpu_sets;
  if (!order.cpus.empty()) out["cpus"] = order.cpus;
  if (order.send_skew_median_ns)
    out["send_skew_ns"] = {{"median", *order.send_skew_median_ns}, {"max", *order.send_skew_max_ns}};
  return out;
}

json context(const RunConfig& config, const RunResult& result, const Analysis& analysis, const SystemInfo& system,
             const BuildInfo& build, const std::string& date) {
  json flags = json::object();
  for (const auto& backend : result.backends) flags[backend.name] = backend.flags;

  json shmbench = {
      {"schema_version", kReportSchemaVersion},
      {"scenario", config.scenario},
      {"platform", platform_json(system)},
      {"timer", timer_json(result.timer)},
      {"build", build_json(build)},
      {"config",
       {{"suite", config.suite},
        {"backends", config.backends},
        {"sizes", config.sizes},
        {"repetitions", config.repetitions},
        {"precision", config.precision > 0 ? json(config.precision) : json(nullptr)},
        {"warmup_repetitions", config.warmup_repetitions},
        {"timeout_seconds", config.timeout_seconds},
        {"fault", config.fault.empty() ? json(nullptr) : json(config.fault)},
        {"scenario", config.scenario}}},
      {"backend_flags", flags},
      {"reference_backend", analysis.reference_backend.empty() ? json(nullptr) : json(analysis.reference_backend)},
      {"operations", operations_json()},
      {"backend_operations", backend_operations(result)},
      {"order", order_json(result.order)},
      {"read_kernel", read_kernel_name()},
      {"read_kernel_offset", read_kernel_offset()},
      {"run",
       {{"duration_seconds", result.seconds},
        {"failed_cells", analysis.failed_cells},
        {"skipped_cells", skipped_cells(result)},
        {"interrupted", result.interrupted},
        {"stale_objects_removed", result.stale_removed},
        {"leaked_objects_removed", result.leaked},
        {"backend_leftovers", backend_leftovers(result)}}},
  };
  const std::optional<MachineDrift> drift = machine_drift(analysis);
  shmbench["run"]["machine_drift_fraction"] = drift ? json(drift->median) : json(nullptr);
  json out = benchmark_context(system, build, date, shmbench);
  // The machine's own move during the run is a warning of the environment's kind: the
  // summary, the page and compare read them from one place.
  json& written = out.at("shmbench");
  if (const auto environment = written.find("environment"); drift && environment != written.end() &&
                                                             environment->is_object()) {
    const std::string text = machine_drift_warning(*drift);
    if (!text.empty()) (*environment)["warnings"].push_back({{"kind", "machine_drift"}, {"text", text}});
  }
  return out;
}

// Fields every row shares, in Google Benchmark's order.
json row_base(const BenchmarkStats& stats, const std::string& name, int repetitions) {
  return {{"name", name},
          {"family_index", stats.family},
          {"per_family_instance_index", stats.instance},
          {"run_name", stats.name},
          {"run_type", "iteration"},
          {"repetitions", repetitions},
          {"repetition_index", 0},
          {"threads", 1}};
}

void set_time(json& row, std::uint64_t iterations, double ns) {
  row["iterations"] = iterations;
  // Wall time only: cpu_time repeats it so that tools that need both can read us.
  row["real_time"] = ns;
  row["cpu_time"] = ns;
  row["time_unit"] = "ns";
}

// The one row of a benchmark that has no measurement: an error row (error_occurred,
// error_message) or, for a cell the system refused (Cell::skipped), Google Benchmark's own
// fields for a benchmark skipped with a message (skipped, skip_message: SkipWithMessage,
// version 1.8 on), which its tools do not take for an error.
json unmeasured_row(const BenchmarkStats& stats, const char* flag, const char* message_field,
                    const std::string& message) {
  json row = row_base(stats, stats.name, 1);
  set_time(row, 0, 0);
  row[flag] = true;
  row[message_field] = message;
  row["size_bytes"] = stats.size;
  return row;
}

struct Aggregate {
  const char* name;
  double Summary::*field;
};
constexpr Aggregate kAggregates[] = {{"mean", &Summary::mean},     {"median", &Summary::median},
                                     {"stddev", &Summary::stddev}, {"cv", &Summary::cv},
                                     {"min", &Summary::min},       {"max", &Summary::max}};

// The distribution counters and the reference ratio, on the _median row (or on the only
// row of a single repetition).
void add_distribution(json& row, const BenchmarkStats& stats) {
  const Summary& t = stats.time;
  if (t.count > 1) {
    row["p50_ns"] = t.median;
    if (t.p90) row["p90_ns"] = *t.p90;
    if (t.p99) row["p99_ns"] = *t.p99;
    row["min_ns"] = t.min;
    row["max_ns"] = t.max;
    row["cv"] = t.cv;
    row["outliers"] = t.outliers;
    if (t.median_lower && t.median_upper) {
      row["median_ci_low_ns"] = *t.median_lower;
      row["median_ci_high_ns"] = *t.median_upper;
    }
    // Information, not a warning: two machine states did not predict which figures move
    // between runs (docs/measurements.md "Which figures warn").
    if (t.groups) {
      char text[96];
      std::snprintf(text, sizeof text, "%zu around %.4g ns, %zu around %.4g ns", t.groups->lower_count,
                    t.groups->lower_median, t.groups->upper_count, t.groups->upper_median);
      row["two_groups"] = text;
    }
    if (const auto drift = thirds_drift(stats.ns)) row["thirds_drift"] = *drift;
  }
  if (stats.vs_reference) row["vs_heap"] = *stats.vs_reference;
  if (stats.vs_unverified) row["vs_read_unverified"] = *stats.vs_unverified;
  for (const auto& [counter, value] : stats.headline_counters) row[counter] = value;
  const std::string label = warning_label(stats.warnings);
  if (!label.empty()) row["label"] = label;
}

void add_rows(json& rows, const BenchmarkStats& stats) {
  if (!stats.error.empty()) {
    rows.push_back(unmeasured_row(stats, "error_occurred", "error_message", stats.error));
    return;
  }
  if (!stats.skipped.empty()) {
    rows.push_back(unmeasured_row(stats, "skipped", "skip_message", stats.skipped));
    return;
  }
  const int repetitions = static_cast<int>(stats.ns.size());
  const bool throughput = !stats.bytes_per_second.empty();
  for (int rep = 0; rep < repetitions; ++rep) {
    json row = row_base(stats, stats.name, repetitions);
    row["repetition_index"] = rep;
    set_time(row, stats.iterations, stats.ns[rep]);
    if (throughput) row["bytes_per_second"] = stats.bytes_per_second[rep];
    if (!stats.items_per_second.empty()) row["items_per_second"] = stats.items_per_second[rep];
    row["size_bytes"] = stats.size;
    if (static_cast<std::size_t>(rep) < stats.rep_counters.size())
      for (const auto& [counter, value] : stats.rep_counters[rep]) row[counter] = value;
    if (repetitions == 1) add_distribution(row, stats);
    rows.push_back(row);
  }
  // As Google Benchmark: aggregates only over two or more repetitions.
  if (repetitions < 2) return;
  for (const auto& aggregate : kAggregates) {
    const bool is_cv = std::string(aggregate.name) == "cv";
    json row = row_base(stats, stats.name + "_" + aggregate.name, repetitions);
    row["run_type"] = "aggregate";
    row.erase("repetition_index");
    row["aggregate_name"] = aggregate.name;
    row["aggregate_unit"] = is_cv ? "percentage" : "time";
    set_time(row, static_cast<std::uint64_t>(repetitions), stats.time.*aggregate.field);
    if (throughput) row["bytes_per_second"] = stats.rate.*aggregate.field;
    if (!stats.items_per_second.empty()) row["items_per_second"] = stats.item_rate.*aggregate.field;
    row["size_bytes"] = stats.size;
    if (std::string(aggregate.name) == "median") add_distribution(row, stats);
    rows.push_back(row);
  }
}
}  // namespace

nlohmann::ordered_json build_report(const RunConfig& config, const RunResult& result, const Analysis& analysis,
                                    const SystemInfo& system, const BuildInfo& build, const std::string& date) {
  json rows = json::array();
  for (const auto& stats : analysis.benchmarks) add_rows(rows, stats);
  return {{"context", context(config, result, analysis, system, build, date)}, {"benchmarks", rows}};
}

}  // namespace shmbench
