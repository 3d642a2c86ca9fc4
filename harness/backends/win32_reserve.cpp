// win32-reserve: a paging-file section made with SEC_RESERVE. Creating and mapping it
// only reserve address space and charge nothing to the commit limit; its pages are
// committed by VirtualAlloc(MEM_COMMIT) on the view, timed as the `commit` operation, and
// only then can be touched. What iowarp/clio-core #1061 asks for: large sections that
// cost commit charge only for what is used.
#include <windows.h>

#include "backends/backend.hpp"
#include "backends/win32_name.hpp"
#include "backends/win32_section.hpp"

namespace shmbench {

namespace {
SectionOptions reserved_views() {
  SectionOptions options;
  options.reserved = true;
  return options;
}

class Win32ReserveBackend final : public PagingFileSectionBackend {
 public:
  Win32ReserveBackend() : PagingFileSectionBackend(SEC_RESERVE, reserved_views()) {}
  std::string_view name() const override { return "win32-reserve"; }
  std::string_view flags() const override {
    flags_ = win32_flags("CreateFileMappingW(INVALID_HANDLE_VALUE, PAGE_READWRITE | SEC_RESERVE)",
                         "MapViewOfFile(FILE_MAP_ALL_ACCESS), VirtualAlloc(view, MEM_COMMIT, PAGE_READWRITE)");
    return flags_;
  }
  bool separate_commit() const override { return true; }
  Charge commit_charge() const override { return Charge::at_commit; }
};
}  // namespace

std::unique_ptr<Backend> make_win32_reserve_backend() { return std::make_unique<Win32ReserveBackend>(); }

}  // namespace shmbench
