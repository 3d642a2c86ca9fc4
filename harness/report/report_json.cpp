#include "report/report_json.hpp"

#include <map>

#include "measure/operation.hpp"
#include "os/process.hpp"
#include "common/sizes.hpp"
#include "measure/stats.hpp"

namespace shmbench {

namespace {
// Ordered, so a report reads in Google Benchmark's field order.
using json = nlohmann::ordered_json;

// What each backend asks of the OS, so a reader knows which flags a figure used.
json backend_flags(const std::string& backend) {
  static const std::map<std::string, std::string> flags = {
      {"win32", "CreateFileMappingW(INVALID_HANDLE_VALUE, PAGE_READWRITE | SEC_COMMIT), Local\\ names, "
                "MapViewOfFile(FILE_MAP_ALL_ACCESS)"},
      {"boost-windows", "windows_shared_memory(create_only, read_write), Local\\ names, mapped_region(read_write)"},
      {"boost-portable", "shared_memory_object(create_only, read_write, 0600) + truncate, mapped_region(read_write)"},
      {"posix", "shm_open(O_CREAT | O_EXCL | O_RDWR, 0600) + ftruncate, mmap(PROT_READ | PROT_WRITE, MAP_SHARED)"},
      {"heap", "operator new[] aligned to 4096, no mapping"},
  };
  auto it = flags.find(backend);
  return it == flags.end() ? json("") : json(it->second);
}

json timer_json(const std::optional<TimerInfo>& timer) {
  if (!timer) return json::object();
  return {{"source", timer->source},
          {"resolution_ns", timer->resolution_ns},
          {"read_overhead_ns", timer->read_overhead_ns},
          {"os_clock", timer->os_clock},
          {"os_clock_resolution_ns", timer->os_clock_resolution_ns},
          {"tsc_ghz", timer->tsc_ghz}};
}

// Objects a backend's own close left behind (removed by shmbench after each repetition).
json backend_leftovers(const RunResult& result) {
  json counts = json::object();
  for (const auto& cell : result.cells)
    if (cell.leftovers > 0) counts[cell.backend] = counts.value(cell.backend, 0) + cell.leftovers;
  return counts;
}

json context(const RunConfig& config, const RunResult& result, const SystemInfo& system, const BuildInfo& build,
             const std::string& date) {
  json caches = json::array();
  for (const auto& c : system.caches)
    caches.push_back({{"type", c.type}, {"level", c.level}, {"size", c.size}, {"num_sharing", c.num_sharing}});
  json flags = json::object();
  for (const auto& backend : config.backends) flags[backend] = backend_flags(backend);

  int errors = 0;
  for (const auto& cell : result.cells) errors += cell.error.empty() ? 0 : 1;

  json shmbench = {
      {"schema_version", kReportSchemaVersion},
      {"platform",
       {{"os", system.os},
        {"os_version", system.os_version},
        {"wine_version", system.wine_version.empty() ? json(nullptr) : json(system.wine_version)},
        {"cpu_model", system.cpu_model},
        {"page_size", system.page_size},
        {"allocation_granularity", system.allocation_granularity},
        {"large_page_minimum", system.large_page_minimum},
        {"physical_memory", system.physical_memory}}},
      {"timer", timer_json(result.timer)},
      {"build",
       {{"shmbench_version", build.version},
        {"compiler", build.compiler},
        {"build_type", build.build_type},
        {"boost_version", build.boost_version},
        {"git_revision", build.git_revision}}},
      {"config",
       {{"suite", config.suite},
        {"backends", config.backends},
        {"sizes", config.sizes},
        {"repetitions", config.repetitions},
        {"warmup_repetitions", config.warmup_repetitions},
        {"timeout_seconds", config.timeout_seconds},
        {"fault", config.fault.empty() ? json(nullptr) : json(config.fault)}}},
      {"backend_flags", flags},
      {"run",
       {{"duration_seconds", result.seconds},
        {"failed_cells", errors},
        {"interrupted", result.interrupted},
        {"stale_objects_removed", result.stale_removed},
        {"leaked_objects_removed", result.leaked},
        {"backend_leftovers", backend_leftovers(result)}}},
  };
  return {
      {"date", date},
      {"host_name", system.host_name},
      {"executable", current_executable()},
      {"num_cpus", system.num_cpus},
      {"mhz_per_cpu", static_cast<long long>(system.mhz_per_cpu)},
      {"cpu_scaling_enabled", false},
      {"caches", caches},
      {"load_avg", system.load_avg},
      {"library_build_type", build.build_type == "Debug" ? "debug" : "release"},
      {"shmbench", shmbench},
  };
}

// Fields every row shares, in Google Benchmark's order.
json row_base(const std::string& name, const std::string& run_name, int family, int instance, int repetitions) {
  return {{"name", name},
          {"family_index", family},
          {"per_family_instance_index", instance},
          {"run_name", run_name},
          {"run_type", "iteration"},
          {"repetitions", repetitions},
          {"repetition_index", 0},
          {"threads", 1}};
}

// Throughput of one pass: bytes moved per second (first touch: bytes of one page).
double bytes_per_second(const std::string& op, double ns, std::uint64_t size, std::uint64_t page_size) {
  if (ns <= 0) return 0;
  const double bytes = op == "first_touch" ? static_cast<double>(page_size) : static_cast<double>(size);
  return bytes * 1e9 / ns;
}

struct Aggregate {
  const char* name;
  double Summary::*field;
};
constexpr Aggregate kAggregates[] = {{"mean", &Summary::mean},     {"median", &Summary::median},
                                     {"stddev", &Summary::stddev}, {"cv", &Summary::cv},
                                     {"min", &Summary::min},       {"max", &Summary::max}};

// The median copy/read throughput of the heap reference at each size.
std::map<std::pair<std::string, std::uint64_t>, double> heap_medians(const RunResult& result) {
  std::map<std::pair<std::string, std::uint64_t>, double> medians;
  for (const auto& cell : result.cells) {
    if (cell.backend != "heap" || !cell.error.empty()) continue;
    for (const char* op : {"copy", "read"}) {
      auto it = cell.ns.find(op);
      if (it != cell.ns.end() && !it->second.empty()) medians[{op, cell.size}] = summarize(it->second).median;
    }
  }
  return medians;
}
}  // namespace

std::string benchmark_name(const std::string& op, const std::string& backend, std::uint64_t size) {
  return op + "/" + backend + "/" + std::to_string(size);
}

nlohmann::ordered_json build_report(const RunConfig& config, const RunResult& result, const SystemInfo& system,
                                    const BuildInfo& build, const std::string& date) {
  json rows = json::array();
  const auto heap = heap_medians(result);

  // Families are (operation, backend) pairs, numbered in report order; instances are sizes.
  std::map<std::pair<std::string, std::string>, int> families;
  std::map<std::uint64_t, int> instances;
  for (std::size_t i = 0; i < config.sizes.size(); ++i) instances[config.sizes[i]] = static_cast<int>(i);

  for (const auto& cell : result.cells) {
    for (const auto& op : operations_of(cell.backend)) {
      const auto family_key = std::make_pair(op, cell.backend);
      if (!families.count(family_key)) families[family_key] = static_cast<int>(families.size());
      const std::string name = benchmark_name(op, cell.backend, cell.size);
      const int family = families[family_key];
      const int instance = instances[cell.size];
      const auto samples_it = cell.ns.find(op);

      if (!cell.error.empty() || samples_it == cell.ns.end() || samples_it->second.empty()) {
        json row = row_base(name, name, family, instance, 1);
        row["iterations"] = 0;
        row["real_time"] = 0;
        row["cpu_time"] = 0;
        row["time_unit"] = "ns";
        row["error_occurred"] = true;
        row["error_message"] = cell.error.empty() ? "no samples were measured" : cell.error;
        row["size_bytes"] = cell.size;
        rows.push_back(row);
        continue;
      }

      const std::vector<double>& samples = samples_it->second;
      const auto iterations_it = cell.iterations.find(op);
      const std::uint64_t iterations = iterations_it == cell.iterations.end() ? 1 : iterations_it->second;
      const bool throughput = is_throughput_operation(op);
      std::vector<double> rates;

      for (std::size_t rep = 0; rep < samples.size(); ++rep) {
        json row = row_base(name, name, family, instance, static_cast<int>(samples.size()));
        row["repetition_index"] = rep;
        row["iterations"] = iterations;
        // Wall time only: cpu_time repeats it so that tools that need both can read us.
        row["real_time"] = samples[rep];
        row["cpu_time"] = samples[rep];
        row["time_unit"] = "ns";
        if (throughput) {
          rates.push_back(bytes_per_second(op, samples[rep], cell.size, system.page_size));
          row["bytes_per_second"] = rates.back();
        }
        row["size_bytes"] = cell.size;
        rows.push_back(row);
      }

      const Summary times = summarize(samples);
      const Summary rate_summary = summarize(rates);
      for (const auto& aggregate : kAggregates) {
        json row = row_base(name + "_" + aggregate.name, name, family, instance, static_cast<int>(samples.size()));
        row["run_type"] = "aggregate";
        row.erase("repetition_index");
        row["aggregate_name"] = aggregate.name;
        row["aggregate_unit"] = std::string(aggregate.name) == "cv" ? "percentage" : "time";
        row["iterations"] = samples.size();
        row["real_time"] = times.*aggregate.field;
        row["cpu_time"] = times.*aggregate.field;
        row["time_unit"] = "ns";
        if (throughput) row["bytes_per_second"] = rate_summary.*aggregate.field;
        row["size_bytes"] = cell.size;
        if (std::string(aggregate.name) == "median") {
          row["p50_ns"] = times.p50;
          row["p90_ns"] = times.p90;
          row["p99_ns"] = times.p99;
          row["min_ns"] = times.min;
          row["max_ns"] = times.max;
          row["cv"] = times.cv;
          auto reference = heap.find({op, cell.size});
          if (cell.backend != "heap" && reference != heap.end() && times.median > 0)
            row["vs_heap"] = reference->second / times.median;  // backend throughput / heap throughput
        }
        rows.push_back(row);
      }
    }
  }
  return {{"context", context(config, result, system, build, date)}, {"benchmarks", rows}};
}

}  // namespace shmbench
