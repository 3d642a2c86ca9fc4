// The run history in SQLite (see database.hpp and reports/README.md, "Run history").
#include <sqlite3.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <utility>

#include "common/bad_input.hpp"
#include "history/database.hpp"

namespace shmbench {

namespace {
// A writer waits this long for another to finish before giving up: an `add` of a default
// report holds the lock for well under a second, so eight at once wait a few seconds.
constexpr int kBusyTimeoutMs = 60000;

// The schema, version kHistorySchemaVersion; reports/README.md explains each column.
constexpr const char* kSchema = R"sql(
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  content_sha256 TEXT NOT NULL UNIQUE,
  tool TEXT NOT NULL,
  schema_version INTEGER,
  platform TEXT NOT NULL,
  host TEXT NOT NULL,
  cpu_model TEXT NOT NULL,
  compiler TEXT NOT NULL,
  build_type TEXT NOT NULL,
  git_revision TEXT NOT NULL,
  date TEXT NOT NULL,
  report_date TEXT NOT NULL,
  source TEXT NOT NULL,
  added_at TEXT NOT NULL
);
CREATE INDEX runs_by_machine ON runs (platform, host, cpu_model, date);
CREATE TABLE benchmarks (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  error TEXT,
  UNIQUE (run_id, name)
);
CREATE INDEX benchmarks_by_name ON benchmarks (name, run_id);
CREATE TABLE repetitions (
  benchmark_id INTEGER NOT NULL REFERENCES benchmarks (id) ON DELETE CASCADE,
  repetition INTEGER NOT NULL,
  real_time_ns REAL NOT NULL,
  bytes_per_second REAL,
  items_per_second REAL,
  PRIMARY KEY (benchmark_id, repetition)
) WITHOUT ROWID;
)sql";
constexpr const char* kTables[] = {"runs", "benchmarks", "repetitions"};

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// A failed SQLite call: BadInput, with SQLite's result code for whoever tells a damaged
// file from a foreign one.
struct SqliteFailure : BadInput {
  int code = SQLITE_ERROR;
};

[[noreturn]] void throw_failure(sqlite3* db, const std::string& path) {
  SqliteFailure failure;
  failure.message = path + ": " + sqlite3_errmsg(db);
  failure.code = sqlite3_errcode(db);
  throw failure;
}

// One prepared statement, finalised once.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql, const std::string& path) : db_(db), path_(path) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) fail();
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, const std::string& text) {
    check(sqlite3_bind_text(stmt_, index, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Statement& bind(int index, std::int64_t value) {
    check(sqlite3_bind_int64(stmt_, index, value));
    return *this;
  }
  Statement& bind(int index, double value) {
    check(sqlite3_bind_double(stmt_, index, value));
    return *this;
  }
  Statement& bind_null(int index) {
    check(sqlite3_bind_null(stmt_, index));
    return *this;
  }
  // True while there is a row to read; false when done.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail();
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  double real(int column) const { return sqlite3_column_double(stmt_, column); }
  std::string text(int column) const {
    const auto* value = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return value ? std::string(value, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail();
  }
  [[noreturn]] void fail() { throw_failure(db_, path_); }

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  const std::string& path_;
};

// What the file holds before anything is written to it.
struct FileState {
  std::int64_t application_id = 0, user_version = 0, schema_objects = 0;
  bool empty() const { return application_id == 0 && user_version == 0 && schema_objects == 0; }
  bool ours() const { return application_id == kHistoryApplicationId; }
};

// The rows of a benchmark's repetitions into `row`, from columns (ns, bytes/s, items/s)
// starting at `first`; a counter is kept only where every repetition has it (ReportRow).
struct RowSamples {
  std::vector<double> ns, bytes, items;
  bool all_bytes = true, all_items = true;

  void add(const Statement& s, int first) {
    ns.push_back(s.real(first));
    if (s.is_null(first + 1)) all_bytes = false;
    else bytes.push_back(s.real(first + 1));
    if (s.is_null(first + 2)) all_items = false;
    else items.push_back(s.real(first + 2));
  }
  void into(ReportRow& row) {
    row.ns = std::move(ns);
    row.bytes_per_second = all_bytes ? std::move(bytes) : std::vector<double>{};
    row.items_per_second = all_items ? std::move(items) : std::vector<double>{};
    *this = RowSamples{};
  }
};
}  // namespace

struct HistoryDatabase::Impl {
  sqlite3* db = nullptr;
  std::string path;

  ~Impl() { sqlite3_close(db); }

  [[noreturn]] void fail(const std::string& what) const {
    throw BadInput{path + ": " + what + (db ? std::string(" (") + sqlite3_errmsg(db) + ")" : std::string())};
  }

  void exec(const char* sql) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) throw_failure(db, path);
  }

  std::int64_t single_integer(const char* sql) {
    Statement s(db, sql, path);
    return s.step() ? s.integer(0) : 0;
  }

  // Reads the header pragmas. On random bytes SQLite says "file is not a database", on a
  // damaged file "database disk image is malformed": each becomes BadInput naming why.
  // The three reads share one read transaction: read one by one, they could straddle
  // another process's initialise() and see its schema without its application_id.
  FileState inspect() {
    const bool own_transaction = sqlite3_get_autocommit(db) != 0;
    try {
      if (own_transaction) exec("BEGIN");
      FileState state;
      state.application_id = single_integer("PRAGMA application_id");
      state.user_version = single_integer("PRAGMA user_version");
      state.schema_objects = single_integer("SELECT count(*) FROM sqlite_master");
      if (own_transaction) exec("COMMIT");
      return state;
    } catch (const SqliteFailure& e) {
      if (own_transaction && sqlite3_get_autocommit(db) == 0) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      if (e.code == SQLITE_NOTADB)
        throw BadInput{path + ": not an SQLite database, so not a shmbench history (left untouched)"};
      if (e.code == SQLITE_CORRUPT)
        throw BadInput{path + ": a damaged SQLite file (" + e.message.substr(path.size() + 2) + "; left untouched)"};
      throw;
    }
  }

  // Ours and of this schema version, with its tables; BadInput otherwise.
  void require_ours(const FileState& state) {
    if (!state.ours()) {
      char id[16];
      std::snprintf(id, sizeof id, "0x%08llx", static_cast<unsigned long long>(static_cast<std::uint32_t>(state.application_id)));
      throw BadInput{path + ": an SQLite database of another program, not a shmbench history (application_id " + id +
                     ", " + std::to_string(state.schema_objects) + " schema objects; left untouched)"};
    }
    if (state.user_version != kHistorySchemaVersion)
      throw BadInput{path + ": a shmbench history of schema version " + std::to_string(state.user_version) +
                     ", this shmbench reads version " + std::to_string(kHistorySchemaVersion) + " (left untouched)"};
    for (const char* table : kTables) {
      Statement s(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", path);
      s.bind(1, std::string(table));
      if (!s.step() || s.integer(0) != 1)
        throw BadInput{path + ": a damaged shmbench history: its table '" + table + "' is missing (left untouched)"};
    }
  }

  void require_intact() {
    std::string verdict;
    try {
      Statement s(db, "PRAGMA quick_check(1)", path);
      if (s.step()) verdict = s.text(0);
    } catch (const SqliteFailure& e) {
      verdict = e.message.substr(path.size() + 2);
    }
    // quick_check lists its findings on lines of their own; the message is one line.
    for (char& c : verdict)
      if (c == '\n' || c == '\r') c = ' ';
    if (verdict != "ok")
      throw BadInput{path + ": a damaged shmbench history (quick_check: " + verdict + "); left untouched"};
  }

  // An empty file becomes a history. Another process may be doing the same: the write
  // lock decides who, and the loser finds the schema made when it gets the lock.
  void initialise() {
    exec("BEGIN IMMEDIATE");
    try {
      const FileState state = inspect();
      if (state.empty()) {
        exec(kSchema);
        exec(("PRAGMA application_id = " + std::to_string(kHistoryApplicationId)).c_str());
        exec(("PRAGMA user_version = " + std::to_string(kHistorySchemaVersion)).c_str());
      } else {
        require_ours(state);
      }
      exec("COMMIT");
    } catch (...) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }
};

void HistoryDatabase::require_available() {}

HistoryDatabase::HistoryDatabase(const std::string& path, Access access) : impl_(std::make_unique<Impl>()) {
  namespace fs = std::filesystem;
  impl_->path = path;
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw BadInput{path + ": is a folder, not a history database"};
  if (!path.empty() && fs::path(path).filename().empty())
    throw BadInput{path + ": names a folder (it ends in a separator), not a history database file"};
  const bool exists = fs::exists(path, ec);
  // SQLite would open /dev/null (and write /dev/null-journal beside it) or wait on a pipe.
  if (exists && !fs::is_regular_file(path, ec))
    throw BadInput{path + ": is a device, a pipe or a socket, not a history database file"};
  if (access == Access::read_only && !exists) throw BadInput{path + ": no such history database"};
  if (access == Access::read_write && !exists) {
    const fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) fs::create_directories(parent, ec);
  }
  const int flags = access == Access::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &impl_->db, flags, nullptr) != SQLITE_OK)
    impl_->fail(access == Access::read_only ? "cannot open the history for reading" : "cannot open or create the history");
  sqlite3_extended_result_codes(impl_->db, 0);
  sqlite3_busy_timeout(impl_->db, kBusyTimeoutMs);

  const FileState state = impl_->inspect();
  if (state.empty() && access == Access::read_write) {
    impl_->initialise();
  } else if (!state.empty()) {
    impl_->require_ours(state);
    // Never write into a damaged history: a page of garbage in the middle may not be
    // met by the reads above, and an insert beside it could spread the damage. The
    // check reads every page once (a fraction of a second for hundreds of runs).
    if (access == Access::read_write) impl_->require_intact();
  }
  // else: an empty file opened for reading reads as a history without runs; its tables
  // are missing, so the queries below are not run on it (see `empty_`).
  impl_->exec("PRAGMA foreign_keys = ON");
}

HistoryDatabase::~HistoryDatabase() = default;
HistoryDatabase::HistoryDatabase(HistoryDatabase&&) noexcept = default;
HistoryDatabase& HistoryDatabase::operator=(HistoryDatabase&&) noexcept = default;

namespace {
bool has_tables(sqlite3* db, const std::string& path) {
  Statement s(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'runs'", path);
  return s.step() && s.integer(0) == 1;
}
}  // namespace

std::vector<AddOutcome> HistoryDatabase::add(const std::vector<RunKey>& keys,
                                             const std::vector<const LoadedReport*>& reports) {
  Impl& d = *impl_;
  std::vector<AddOutcome> outcomes;
  d.exec("BEGIN IMMEDIATE");
  try {
    Statement find(d.db, "SELECT id FROM runs WHERE content_sha256 = ?1", d.path);
    Statement run(d.db,
                  "INSERT INTO runs (content_sha256, tool, schema_version, platform, host, cpu_model, compiler, "
                  "build_type, git_revision, date, report_date, source, added_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                  d.path);
    Statement benchmark(d.db, "INSERT INTO benchmarks (run_id, name, error) VALUES (?1, ?2, ?3)", d.path);
    Statement repetition(d.db,
                         "INSERT INTO repetitions (benchmark_id, repetition, real_time_ns, bytes_per_second, "
                         "items_per_second) VALUES (?1, ?2, ?3, ?4, ?5)",
                         d.path);
    const std::string now = utc_now();
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const RunKey& key = keys[i];
      AddOutcome outcome;
      find.reset();
      find.bind(1, key.content_sha256);
      if (find.step()) {  // the same bytes are stored already (or twice in this call)
        outcome.run_id = find.integer(0);
        outcomes.push_back(outcome);
        continue;
      }
      run.reset();
      run.bind(1, key.content_sha256).bind(2, key.tool);
      if (key.schema_version) run.bind(3, static_cast<std::int64_t>(*key.schema_version));
      else run.bind_null(3);
      run.bind(4, key.platform).bind(5, key.host).bind(6, key.cpu_model).bind(7, key.compiler);
      run.bind(8, key.build_type).bind(9, key.git_revision).bind(10, key.date).bind(11, key.report_date);
      run.bind(12, key.source).bind(13, now);
      run.step();
      outcome.run_id = sqlite3_last_insert_rowid(d.db);
      outcome.added = true;
      for (const ReportRow& row : reports[i]->rows) {
        benchmark.reset();
        benchmark.bind(1, outcome.run_id).bind(2, row.name);
        if (row.error.empty()) benchmark.bind_null(3);
        else benchmark.bind(3, row.error);
        benchmark.step();
        const std::int64_t benchmark_id = sqlite3_last_insert_rowid(d.db);
        const bool bytes = row.bytes_per_second.size() == row.ns.size();
        const bool items = row.items_per_second.size() == row.ns.size();
        for (std::size_t r = 0; r < row.ns.size(); ++r) {
          repetition.reset();
          repetition.bind(1, benchmark_id).bind(2, static_cast<std::int64_t>(r)).bind(3, row.ns[r]);
          if (bytes) repetition.bind(4, row.bytes_per_second[r]);
          else repetition.bind_null(4);
          if (items) repetition.bind(5, row.items_per_second[r]);
          else repetition.bind_null(5);
          repetition.step();
        }
      }
      outcomes.push_back(outcome);
    }
    d.exec("COMMIT");
  } catch (...) {
    sqlite3_exec(d.db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  return outcomes;
}

std::size_t HistoryDatabase::count_runs(const Machine& machine, const std::string& not_after,
                                        const std::string& exclude_sha256) const {
  const Impl& d = *impl_;
  if (!has_tables(d.db, d.path)) return 0;
  Statement s(d.db,
              "SELECT count(*) FROM runs WHERE platform = ?1 AND host = ?2 AND cpu_model = ?3 "
              "AND (?4 = '' OR date <= ?4) AND content_sha256 <> ?5",
              d.path);
  s.bind(1, machine.platform).bind(2, machine.host).bind(3, machine.cpu_model).bind(4, not_after).bind(5, exclude_sha256);
  return s.step() ? static_cast<std::size_t>(s.integer(0)) : 0;
}

std::vector<StoredRow> HistoryDatabase::row_history(const Machine& machine, const std::string& name,
                                                    const std::string& not_after, const std::string& exclude_sha256,
                                                    std::size_t limit) const {
  const Impl& d = *impl_;
  std::vector<StoredRow> rows;
  if (!has_tables(d.db, d.path)) return rows;
  Statement runs(d.db,
                 "SELECT b.id, r.id, r.date, r.git_revision, r.platform FROM benchmarks b JOIN runs r ON r.id = b.run_id "
                 "WHERE b.name = ?1 AND b.error IS NULL AND r.platform = ?2 AND r.host = ?3 AND r.cpu_model = ?4 "
                 "AND (?5 = '' OR r.date <= ?5) AND r.content_sha256 <> ?6 "
                 "ORDER BY r.date DESC, r.id DESC LIMIT ?7",
                 d.path);
  runs.bind(1, name).bind(2, machine.platform).bind(3, machine.host).bind(4, machine.cpu_model);
  runs.bind(5, not_after).bind(6, exclude_sha256).bind(7, static_cast<std::int64_t>(limit));
  std::vector<std::int64_t> benchmark_ids;
  while (runs.step()) {
    StoredRow row;
    benchmark_ids.push_back(runs.integer(0));
    row.run_id = runs.integer(1);
    row.date = runs.text(2);
    row.git_revision = runs.text(3);
    row.platform = runs.text(4);
    row.row.name = name;
    rows.push_back(std::move(row));
  }
  Statement samples(d.db,
                    "SELECT real_time_ns, bytes_per_second, items_per_second FROM repetitions "
                    "WHERE benchmark_id = ?1 ORDER BY repetition",
                    d.path);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    samples.reset();
    samples.bind(1, benchmark_ids[i]);
    RowSamples collected;
    while (samples.step()) collected.add(samples, 0);
    collected.into(rows[i].row);
  }
  return rows;
}

std::vector<StoredRow> HistoryDatabase::all_rows(const std::string& platform, const std::string& host) const {
  const Impl& d = *impl_;
  std::vector<StoredRow> rows;
  if (!has_tables(d.db, d.path)) return rows;
  // One pass over every repetition, in the order the rows are wanted.
  Statement s(d.db,
              "SELECT b.id, b.name, r.id, r.date, r.git_revision, r.platform, "
              "p.real_time_ns, p.bytes_per_second, p.items_per_second "
              "FROM repetitions p JOIN benchmarks b ON b.id = p.benchmark_id JOIN runs r ON r.id = b.run_id "
              "WHERE b.error IS NULL AND (?1 = '' OR r.platform = ?1) AND (?2 = '' OR r.host = ?2) "
              "ORDER BY b.name, r.platform, r.date, r.id, p.repetition",
              d.path);
  s.bind(1, platform).bind(2, host);
  std::int64_t current = -1;
  RowSamples collected;
  while (s.step()) {
    const std::int64_t benchmark_id = s.integer(0);
    if (benchmark_id != current) {
      if (!rows.empty()) collected.into(rows.back().row);
      current = benchmark_id;
      StoredRow row;
      row.row.name = s.text(1);
      row.run_id = s.integer(2);
      row.date = s.text(3);
      row.git_revision = s.text(4);
      row.platform = s.text(5);
      rows.push_back(std::move(row));
    }
    collected.add(s, 6);
  }
  if (!rows.empty()) collected.into(rows.back().row);
  return rows;
}

std::vector<StoredRun> HistoryDatabase::runs() const {
  const Impl& d = *impl_;
  std::vector<StoredRun> runs;
  if (!has_tables(d.db, d.path)) return runs;
  Statement s(d.db,
              "SELECT id, content_sha256, tool, schema_version, platform, host, cpu_model, compiler, build_type, "
              "git_revision, date, report_date, source, added_at FROM runs ORDER BY date, id",
              d.path);
  while (s.step()) {
    StoredRun run;
    run.id = s.integer(0);
    run.key.content_sha256 = s.text(1);
    run.key.tool = s.text(2);
    if (!s.is_null(3)) run.key.schema_version = static_cast<int>(s.integer(3));
    run.key.platform = s.text(4);
    run.key.host = s.text(5);
    run.key.cpu_model = s.text(6);
    run.key.compiler = s.text(7);
    run.key.build_type = s.text(8);
    run.key.git_revision = s.text(9);
    run.key.date = s.text(10);
    run.key.report_date = s.text(11);
    run.key.source = s.text(12);
    run.added_at = s.text(13);
    runs.push_back(std::move(run));
  }
  return runs;
}

std::vector<ReportRow> HistoryDatabase::rows_of(std::int64_t run_id) const {
  const Impl& d = *impl_;
  std::vector<ReportRow> rows;
  if (!has_tables(d.db, d.path)) return rows;
  Statement s(d.db,
              "SELECT b.id, b.name, b.error, p.real_time_ns, p.bytes_per_second, p.items_per_second "
              "FROM benchmarks b LEFT JOIN repetitions p ON p.benchmark_id = b.id "
              "WHERE b.run_id = ?1 ORDER BY b.id, p.repetition",
              d.path);
  s.bind(1, run_id);
  std::int64_t current = -1;
  RowSamples collected;
  while (s.step()) {
    if (s.integer(0) != current) {
      if (!rows.empty()) collected.into(rows.back());
      current = s.integer(0);
      rows.emplace_back();
      rows.back().name = s.text(1);
      rows.back().error = s.text(2);
    }
    if (!s.is_null(3)) collected.add(s, 3);
  }
  if (!rows.empty()) collected.into(rows.back());
  return rows;
}

}  // namespace shmbench
