// The run history: an SQLite file holding every report added to it, one row per run
// (its RunKey) with each benchmark's repetitions. The schema is in reports/README.md.
//
// The file is shmbench's only when its application_id says so ("shmh") and its
// user_version is the schema version this code writes; anything else (random bytes, a
// damaged file, another program's database, a newer schema) is refused with BadInput
// before a byte is written, and never "repaired". An empty file (or none) becomes a new
// history. Writers take the write lock up front (BEGIN IMMEDIATE) and wait for each other
// (a busy timeout), so concurrent `add`s queue instead of failing or corrupting it.
//
// SQLite is linked in the Linux build only (Debian has no MinGW SQLite); elsewhere every
// member throws BadInput saying so (database.windows.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "history/run_key.hpp"
#include "report/report_reader.hpp"

namespace shmbench {

// PRAGMA application_id of a history file: "shmh" in ASCII.
inline constexpr std::int32_t kHistoryApplicationId = 0x73686d68;
// PRAGMA user_version: the schema version (reports/README.md, "Run history").
inline constexpr int kHistorySchemaVersion = 1;

// A stored run and when it was added.
struct StoredRun {
  std::int64_t id = 0;
  RunKey key;
  std::string added_at;  // UTC, as RunKey::date
};

// One benchmark of one stored run.
struct StoredRow {
  std::int64_t run_id = 0;
  std::string date, git_revision, platform;  // of its run
  ReportRow row;                              // name, repetitions, error
};

struct AddOutcome {
  std::int64_t run_id = 0;
  bool added = false;  // false: a report with the same content was already stored
};

class HistoryDatabase {
 public:
  enum class Access { read_only, read_write };

  // Throws BadInput, saying where to run `shmbench history` instead, in builds without
  // SQLite (Windows); every other member throws the same there.
  static void require_available();

  // Opens (read_write: creates, with its folder, when missing or empty) and checks the
  // file; BadInput for a file that is not a shmbench history.
  HistoryDatabase(const std::string& path, Access access);
  ~HistoryDatabase();
  HistoryDatabase(HistoryDatabase&&) noexcept;
  HistoryDatabase& operator=(HistoryDatabase&&) noexcept;
  HistoryDatabase(const HistoryDatabase&) = delete;
  HistoryDatabase& operator=(const HistoryDatabase&) = delete;

  // Stores each report under its key, in one transaction: all of them or none.
  std::vector<AddOutcome> add(const std::vector<RunKey>& keys, const std::vector<const LoadedReport*>& reports);

  // The runs of `machine` dated no later than `not_after` (UTC, as RunKey::date; empty:
  // any date), other than the one with `exclude_sha256`: how much history there is.
  std::size_t count_runs(const Machine& machine, const std::string& not_after, const std::string& exclude_sha256) const;

  // Benchmark `name` (without error) in the latest `limit` such runs that have it, newest first.
  std::vector<StoredRow> row_history(const Machine& machine, const std::string& name, const std::string& not_after,
                                     const std::string& exclude_sha256, std::size_t limit) const;

  // Every benchmark without error, of one platform's runs ("" for all) and one host's
  // ("" for all), ordered by name, platform, date.
  std::vector<StoredRow> all_rows(const std::string& platform, const std::string& host) const;

  // Every run, oldest first, and the benchmarks of one (error rows included).
  std::vector<StoredRun> runs() const;
  std::vector<ReportRow> rows_of(std::int64_t run_id) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shmbench
