#include "report/summary_table.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "measure/operation.hpp"
#include "common/sizes.hpp"
#include "measure/stats.hpp"

namespace shmbench {

namespace {
// "12.3" µs, or "-" where the backend has no such operation.
std::string micros(const Cell& cell, const char* op) {
  const auto& ops = operations_of(cell.backend);
  if (std::find(ops.begin(), ops.end(), op) == ops.end()) return "-";
  auto it = cell.ns.find(op);
  if (it == cell.ns.end() || it->second.empty()) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", summarize(it->second).median / 1000.0);
  return text;
}

double median_gbps(const Cell& cell, const char* op) {
  auto it = cell.ns.find(op);
  if (it == cell.ns.end() || it->second.empty()) return 0;
  return static_cast<double>(cell.size) / summarize(it->second).median;  // bytes per ns = GB/s
}

std::string gbps(double value) {
  if (value <= 0) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

std::string ratio(double value, double reference) {
  if (value <= 0 || reference <= 0) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value / reference);
  return text;
}
}  // namespace

void print_summary(std::ostream& out, const RunResult& result) {
  std::map<std::pair<std::string, std::uint64_t>, double> heap;
  for (const auto& cell : result.cells)
    if (cell.backend == "heap" && cell.error.empty())
      for (const char* op : {"copy", "read"}) heap[{op, cell.size}] = median_gbps(cell, op);

  char line[256];
  std::snprintf(line, sizeof line, "%-15s %7s %9s %9s %9s %9s %9s %9s %8s %8s %8s %8s\n", "backend", "size",
                "create", "open", "map", "touch/pg", "unmap", "close", "copy", "read", "copy", "read");
  out << "medians of each repetition; latencies in microseconds, throughput in GB/s, ratios to heap\n" << line;
  std::snprintf(line, sizeof line, "%-15s %7s %9s %9s %9s %9s %9s %9s %8s %8s %8s %8s\n", "", "", "us", "us", "us",
                "us", "us", "us", "GB/s", "GB/s", "x heap", "x heap");
  out << line;
  for (const auto& cell : result.cells) {
    if (!cell.error.empty()) {
      out << cell.backend << " " << format_size(cell.size) << ": FAILED: " << cell.error << "\n";
      continue;
    }
    const double copy = median_gbps(cell, "copy");
    const double read = median_gbps(cell, "read");
    const bool is_heap = cell.backend == "heap";
    std::snprintf(line, sizeof line, "%-15s %7s %9s %9s %9s %9s %9s %9s %8s %8s %8s %8s\n", cell.backend.c_str(),
                  format_size(cell.size).c_str(), micros(cell, "create").c_str(), micros(cell, "open").c_str(),
                  micros(cell, "map").c_str(), micros(cell, "first_touch").c_str(), micros(cell, "unmap").c_str(),
                  micros(cell, "close").c_str(), gbps(copy).c_str(), gbps(read).c_str(),
                  is_heap ? "1.00" : ratio(copy, heap[{"copy", cell.size}]).c_str(),
                  is_heap ? "1.00" : ratio(read, heap[{"read", cell.size}]).c_str());
    out << line;
  }
}

}  // namespace shmbench
