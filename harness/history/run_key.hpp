// What a run is stored under in the history: where and from what it ran (the report's
// facts), when (its date, normalised to UTC so that dates sort as text), and a content
// hash of the report file, so that adding the same file twice stores it once.
#pragma once

#include <optional>
#include <string>

#include "report/report_reader.hpp"

namespace shmbench {

struct RunKey {
  std::string content_sha256;  // hex SHA-256 of the report file's bytes
  std::string tool;            // "shmbench", "shmbench-micro", "google-benchmark"
  std::optional<int> schema_version;
  std::string platform, host, cpu_model;  // cpu_model "" where the report does not say
  std::string compiler, build_type, git_revision;
  std::string date;         // UTC, "YYYY-MM-DDTHH:MM:SSZ" (fractions of a second dropped)
  std::string report_date;  // as the report wrote it
  std::string source;       // the path it was added from (informational only)
};

// The machine a run ran on: history is only ever judged against runs of the same one.
struct Machine {
  std::string platform, host, cpu_model;
};

// Lower-case hex SHA-256 of `bytes` (FIPS 180-4); no library for one hash.
std::string sha256_hex(const std::string& bytes);

// "2026-11-28T13:57:15-00:00", "...+01:00", "...Z", "...15.123456+00:00" or without an
// offset (taken as UTC) → "2026-11-28T12:57:15Z"-style UTC; nullopt for anything else.
std::optional<std::string> utc_date(const std::string& iso8601);

// The key of a parsed report whose file held `bytes`. BadInput, naming the report, when
// it says neither its platform (linux or windows) nor a readable date: a history orders
// runs by date and never mixes platforms.
RunKey run_key(const LoadedReport& report, const std::string& bytes);

}  // namespace shmbench
