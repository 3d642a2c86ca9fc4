// Raw Win32 named file mappings backed by the paging file: CreateFileMappingW(
// INVALID_HANDLE_VALUE, SEC_COMMIT) / OpenFileMappingW / MapViewOfFile / UnmapViewOfFile /
// CloseHandle. The section dies with its last handle, so there is never a name to remove.
// Its variant win32-prefetch calls PrefetchVirtualMemory on each view as part of mapping
// it: the prefault flag, as MAP_POPULATE is posix-populate's (a hint, which Windows may
// ignore; Wine hands it to madvise(MADV_WILLNEED)).
#include <windows.h>

#include "backends/backend.hpp"
#include "backends/win32_name.hpp"
#include "backends/win32_section.hpp"

namespace shmbench {

namespace {
SectionOptions prefetched_views(bool prefetch) {
  SectionOptions options;
  options.prefetch = prefetch;
  return options;
}

class Win32Backend final : public PagingFileSectionBackend {
 public:
  explicit Win32Backend(bool prefetch)
      : PagingFileSectionBackend(SEC_COMMIT, prefetched_views(prefetch)), prefetch_(prefetch) {}
  std::string_view name() const override { return prefetch_ ? "win32-prefetch" : "win32"; }
  std::string_view flags() const override {
    flags_ = win32_flags("CreateFileMappingW(INVALID_HANDLE_VALUE, PAGE_READWRITE | SEC_COMMIT)",
                         prefetch_ ? "MapViewOfFile(FILE_MAP_ALL_ACCESS) + PrefetchVirtualMemory(view)"
                                   : "MapViewOfFile(FILE_MAP_ALL_ACCESS)");
    return flags_;
  }
  // SEC_COMMIT charges the whole section to the commit limit when it is created.
  Charge commit_charge() const override { return Charge::at_create; }

 private:
  bool prefetch_;
};
}  // namespace

Status probe_win32_namespace(const std::string& name) {
  Result<HANDLE> section = create_named_section(INVALID_HANDLE_VALUE, SEC_COMMIT, 4096, name);
  if (!section.ok()) {
    Error error = section.error();
    error.call = "CreateFileMappingW(" + win32_object_name_narrow(name) + ")";
    return error;
  }
  CloseHandle(section.value());
  return {};
}

std::unique_ptr<Backend> make_win32_backend() { return std::make_unique<Win32Backend>(false); }
std::unique_ptr<Backend> make_win32_prefetch_backend() { return std::make_unique<Win32Backend>(true); }

}  // namespace shmbench
