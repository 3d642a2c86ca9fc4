// Reports as the CI benchmark trackers read them: one entry per benchmark, in each tool's
// own input format (shapes: reports/README.md, "Exports for CI tools").
//
// Why not hand them the report itself: github-action-benchmark's `googlecpp` and
// Bencher's `cpp_google` take every row of a Google Benchmark report. With 9 repetitions
// a name appears 9 times (github-action-benchmark charts each, Bencher keeps the last),
// `_stddev`/`_cv` aggregate rows are charted as times and error rows as 0 ns. Here each
// benchmark is summarised once, over its repetitions, and error rows are left out.
//
// - github-action-benchmark `customSmallerIsBetter`: times (ns), and
//   `customBiggerIsBetter`: throughputs (bytes/s, or items/s where a row has no bytes).
//   Each an array of {name, unit, value, range, extra}: value the median of the
//   repetitions, range "± MAD" (the median absolute deviation from the median, unscaled),
//   the string form the action parses (extractRangeInfo: "±" or "+-", then a number).
// - Bencher Metric Format (`bencher run --adapter json`): {name: {measure: {value,
//   lower_value, upper_value}}}, value the median and the bounds median ∓ MAD. Measures:
//   `latency` (Bencher's built-in, ns), `throughput` (built-in, ops/s: items_per_second)
//   and `bytes-per-second` (bytes_per_second; not built in, because Bencher labels its
//   `throughput` measure ops/s and bytes are not operations).
//
// Transfer reports export beside lifecycle ones (their names differ: pingpong_spin/...,
// stream_spin/..., memcpy/heap/...). A ping-pong row's time is its round trip's median,
// rtt_p50_ns: the value is the median over the repetitions of each repetition's
// rtt_p50_ns and the range their MAD (what `shmbench compare` compares too), not
// real_time, the batch mean, which a few descheduled round trips in thousands move. A
// stream row is exported like a copy row: its ns per message as the time, bytes_per_second
// as the throughput (and items_per_second, messages/s, as Bencher's throughput).
//
// The MAD, not the standard deviation: one slow repetition (a page-fault storm, a
// descheduled vCPU) would widen a standard deviation for the whole chart, and the median
// it sits beside is robust to it too.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "report/report_reader.hpp"

namespace shmbench {

// Bencher measure slugs (see above).
inline constexpr const char* kBmfLatency = "latency";
inline constexpr const char* kBmfThroughput = "throughput";
inline constexpr const char* kBmfBytesPerSecond = "bytes-per-second";

// A benchmark of a report that is not exported, and why.
struct LeftOut {
  std::string name;    // the export name it would have had
  std::string reason;  // "error: <message>", "aggregate row", "no repetitions"
};

// The benchmarks left out for one reason, in export order.
struct LeftOutGroup {
  std::string reason;
  std::vector<std::string> names;
};

// left_out grouped by reason, in the order the reasons first appear: `export` says each
// reason once, so the 36 rows a platform cannot run (a transport it lacks, at every
// mode and size) are one line, not 36.
std::vector<LeftOutGroup> group_left_out(const std::vector<LeftOut>& left_out);

struct CiExport {
  nlohmann::ordered_json smaller = nlohmann::ordered_json::array();  // github-action-benchmark customSmallerIsBetter
  nlohmann::ordered_json bigger = nlohmann::ordered_json::array();   // github-action-benchmark customBiggerIsBetter
  nlohmann::ordered_json bmf = nlohmann::ordered_json::object();     // Bencher Metric Format
  std::vector<LeftOut> left_out;
};

// The export name of one benchmark: [prefix/]platform/[tool/]name. The platform is
// ReportFacts::platform ("unknown" when the report does not say); the tool part is
// absent for shmbench run reports, "micro" for shmbench-micro's, the tool otherwise. For
// shmbench's own reports the size part is written as a size ("1048576" → "1MiB"), and
// Google Benchmark's run options in micro names ("real_time", "manual_time",
// "iterations:N", which would change a name when the count changes) are dropped.
std::string export_name(const ReportFacts& facts, const std::string& benchmark, const std::string& prefix);

// All reports' benchmarks in one export, in report order. Every exported name is
// unique: a report whose readable names would collide keeps its names as written, and a
// name two reports share (two runs of one suite on one platform and tool) is BadInput
// naming both; reports of one platform with different benchmarks (a lifecycle and a
// transfer report) export side by side.
// A benchmark is left out when it had an error, is an aggregate statistic written as an
// iteration row (`<name>_mean` beside `<name>`, from Google Benchmark versions without
// run_type), or has no repetitions (a report of aggregates only). `prefix` may be empty;
// BadInput when it holds a control character.
CiExport export_for_ci(const std::vector<LoadedReport>& reports, const std::string& prefix);

}  // namespace shmbench
