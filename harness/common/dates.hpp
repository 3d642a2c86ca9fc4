// ISO 8601 dates as reports write them (context.date: "2026-12-04T21:50:32+00:00",
// Google Benchmark's local time with its offset, "...Z"), as seconds since 1970 in UTC:
// for ordering a run history and for telling whether two runs were taken apart.
#pragma once

#include <optional>
#include <string>

namespace shmbench {

// Seconds since 1970-01-01T00:00:00Z of "YYYY-MM-DDTHH:MM:SS" (or a space for the T),
// with optional fractions of a second (dropped) and an optional "Z" or "+HH:MM"/"-HH:MM"
// (none: UTC); nullopt for anything else, or a date that does not exist.
std::optional<long long> epoch_seconds(const std::string& iso8601);

// "YYYY-MM-DDTHH:MM:SSZ" of seconds since 1970 (UTC).
std::string utc_text(long long seconds);

}  // namespace shmbench
