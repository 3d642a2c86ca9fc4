// Builds without SQLite (Windows: Debian has no MinGW SQLite, and the MSVC build does not
// ask vcpkg for it): `shmbench history` exists but says where to run it instead. The Linux
// build reads Windows reports, so a history of both platforms lives there.
#include "common/bad_input.hpp"
#include "history/database.hpp"

namespace shmbench {

namespace {
[[noreturn]] void not_built() {
  throw BadInput{"history is not built into this Windows build (it needs SQLite); run the Linux build's "
                 "`shmbench history`, which reads Windows reports as well"};
}
}  // namespace

struct HistoryDatabase::Impl {};

void HistoryDatabase::require_available() { not_built(); }
HistoryDatabase::HistoryDatabase(const std::string&, Access) { not_built(); }
HistoryDatabase::~HistoryDatabase() = default;
HistoryDatabase::HistoryDatabase(HistoryDatabase&&) noexcept = default;
HistoryDatabase& HistoryDatabase::operator=(HistoryDatabase&&) noexcept = default;
std::vector<AddOutcome> HistoryDatabase::add(const std::vector<RunKey>&, const std::vector<const LoadedReport*>&) {
  not_built();
}
std::size_t HistoryDatabase::count_runs(const Machine&, const std::string&, const std::string&) const { not_built(); }
std::vector<StoredRow> HistoryDatabase::row_history(const Machine&, const std::string&, const std::string&,
                                                    const std::string&, std::size_t) const {
  not_built();
}
std::vector<StoredRow> HistoryDatabase::all_rows(const std::string&, const std::string&) const { not_built(); }
std::vector<StoredRun> HistoryDatabase::runs() const { not_built(); }
std::vector<ReportRow> HistoryDatabase::rows_of(std::int64_t) const { not_built(); }

}  // namespace shmbench
