// Reads a Google-Benchmark-format JSON report back into per-benchmark repetition
// samples: a shmbench harness report (context.shmbench.schema_version) or any Google
// Benchmark report, such as shmbench-micro's. Only what a comparison needs is kept, and
// fields this code does not know are ignored, so additive report changes read as before.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace shmbench {

// The harness report versions this reader understands (see reports/README.md). 3 and 4 only
// added fields to the one before, so they read alike; a comparison refuses to mix 2 with a
// later one, and compares 3 with 4 (their lifecycle rows mean the same).
inline constexpr int kReadableSchemaVersions[] = {2, 3, 4};

// One benchmark: its iteration rows (repetitions) in report order. Aggregate rows are
// skipped: the comparison recomputes what it needs from the repetitions.
struct ReportRow {
  std::string name;                      // run_name, or name where run_name is absent
  std::vector<double> ns;                // real_time of each repetition, converted to ns
  // A counter is kept only when every repetition carries it (otherwise it stays empty):
  // half a sample of throughputs would compare a different set of repetitions.
  std::vector<double> bytes_per_second;
  std::vector<double> items_per_second;
  // Non-empty: a row of this name had error_occurred (the first error_message); its
  // samples, if any, are not to be trusted.
  std::string error;
  // Non-empty: the row was skipped (Google Benchmark's "skipped": true; shmbench writes it
  // where the system refused a backend), with its skip_message. Nothing was measured, and
  // that is not an error.
  std::string skipped = {};
  // Transfer ping-pong rows: each repetition's median round trip (lower is better), kept
  // like the counters above.
  std::vector<double> rtt_p50_ns = {};
};

// What a comparison warns about when two reports differ.
struct ReportFacts {
  std::string label;                  // the path, or the caller's name for the report
  std::optional<int> schema_version;  // set for shmbench harness reports only
  std::string tool;                   // "shmbench", context.shmbench_tool, or "google-benchmark"
  std::string platform;               // "linux", "windows", or "" when the report does not say
  std::string host;                   // context.host_name, or ""
  std::string cpu_model;              // context.shmbench.platform.cpu_model, or ""
  // context.shmbench.order.scheme is "interleaved" or "duet": repetition i of every
  // backend at a size ran in the same round, so two backends' rows pair up repetition by
  // repetition.
  bool rounds_pair_up = false;
  // The scheme is "duet" (run --duet): the two backends ran at the same time, each on half
  // the CPUs; their figures are one side of a pair, not absolute figures.
  bool duet = false;
  // Where the run sits in a history (history/): when and from what it was built. Empty
  // where the report does not say.
  std::string date;          // context.date, as written (ISO 8601)
  std::string git_revision;  // context.shmbench.build.git_revision, or context.shmbench_git_revision
  std::string compiler;      // context.shmbench.build.compiler, or context.compiler
  std::string build_type;    // context.shmbench.build.build_type (micro reports do not say theirs)
  // This boot of the machine: context.shmbench.platform.boot_id (context.boot_id in micro
  // reports), or "". With the date and host it tells two runs taken apart (compare.hpp).
  std::string boot_id;
  // context.shmbench.environment.other_load_fraction: the share of the CPUs' time other
  // processes used during the run; < 0 where the report does not say (older reports,
  // Wine, merged reports, whose parts each say their own).
  double other_load = -1;
  // context.shmbench.run.machine_drift_fraction: how much slower the whole machine ran at
  // the end of the run than at its start (report/machine_drift.hpp); nothing where the
  // report does not say (older reports, quick runs, merged reports).
  std::optional<double> machine_drift;
};

// Why export, history and compare of two reports refuse a run --duet report: the end of
// their one-line message.
inline constexpr const char* kDuetNotAbsolute =
    "its figures were measured beside another backend on half the CPUs, for compare --pair, not as absolute "
    "figures (run it without --duet)";

struct LoadedReport {
  ReportFacts facts;
  std::vector<ReportRow> rows;  // in order of first appearance

  const ReportRow* find(const std::string& name) const;  // nullptr when absent
};

// Parses report text; `label` names it in messages. Throws BadInput with one line naming
// the label for text that is not JSON (with the parse position), a shape that is not a
// benchmark report (no "benchmarks" array, a row without a name or a real_time, a field
// of the wrong type, an unknown time_unit) or an unknown schema_version. Google
// Benchmark's NaN and Infinity (which it writes for some aggregates) are read as absent.
LoadedReport parse_report(const std::string& text, const std::string& label);

// The largest report file load_report reads: real reports are kilobytes to a few MiB,
// and parsed JSON takes several times its text in memory.
inline constexpr unsigned long long kMaxReportBytes = 64ull << 20;
// The longest benchmark name a report may hold (shmbench's own are under 100 bytes).
inline constexpr std::size_t kLongestBenchmarkName = 1000;

// The bytes of the report file at `path`; BadInput when it is missing, a folder, a device
// or unreadable. (history/ hashes these bytes as well as parsing them.)
std::string read_report_text(const std::string& path);

// Reads and parses the file at `path`; BadInput when it is missing, unreadable or larger
// than kMaxReportBytes.
LoadedReport load_report(const std::string& path);

// The reports of several runs of one build as one report: each benchmark's repetitions
// are appended in the order given, and a benchmark with an error in any part is an error
// row. The parts must share the schema version, tool and platform (BadInput otherwise);
// differing hosts or CPU models are kept as "a, b" so a comparison warns about them.
// `parts` must not be empty.
LoadedReport merge_reports(const std::vector<LoadedReport>& parts, const std::string& label);

}  // namespace shmbench
