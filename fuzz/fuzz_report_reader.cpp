// The report reader compare, ab and export use (harness/report/report_reader.hpp) on
// arbitrary text: it returns a report or throws BadInput with one line, nothing else;
// a report it returns merges with itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/bad_input.hpp"
#include "report/report_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const shmbench::LoadedReport report = shmbench::parse_report(text, "fuzz.json");
    for (const auto& row : report.rows) {
      if (!row.bytes_per_second.empty() && row.bytes_per_second.size() != row.ns.size()) std::abort();
      if (!row.items_per_second.empty() && row.items_per_second.size() != row.ns.size()) std::abort();
    }
    const shmbench::LoadedReport merged = shmbench::merge_reports({report, report}, "merged");
    if (merged.rows.size() != report.rows.size()) std::abort();
  } catch (const shmbench::BadInput& bad) {
    if (bad.message.empty() || bad.message.find('\n') != std::string::npos) std::abort();
  }
  return 0;
}
