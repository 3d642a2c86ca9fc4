// win32-large: a paging-file section in large pages, CreateFileMappingW(
// INVALID_HANDLE_VALUE, SEC_COMMIT | SEC_LARGE_PAGES) mapped with FILE_MAP_LARGE_PAGES.
// Windows allows large pages only for paging-file sections, only to a process whose token
// holds SeLockMemoryPrivilege (the "Lock pages in memory" right) enabled, and only in
// multiples of GetLargePageMinimum(), to which sizes are rounded up. The pages are locked
// in memory: never paged out, charged in full when created.
//
// Where the right is missing, AdjustTokenPrivileges answers ERROR_NOT_ALL_ASSIGNED (1300)
// and the cell is skipped with that error and how to grant the right. Wine 8.0 is such a
// system (its tokens lack the privilege); it also accepts SEC_LARGE_PAGES without it and
// maps 4 KiB pages, which is why usable() checks the pages obtained (QueryWorkingSetEx's
// LargePage bit) before any figure is taken under this name.
#include <windows.h>

#include "backends/backend.hpp"
#include "backends/win32_name.hpp"
#include "backends/win32_section.hpp"
#include "common/sizes.hpp"
#include "os/memory_state.hpp"

namespace shmbench {

namespace {
constexpr const char* kHowToEnable =
    "grant this account the 'Lock pages in memory' right (secpol.msc: Local Policies, User Rights Assignment; "
    "sign out and in again), then run shmbench again";

// Enables SeLockMemoryPrivilege in this process's token, once: creating a large-page
// section needs it enabled, not only held.
Status enable_lock_memory_privilege() {
  static const Status enabled = [] () -> Status {
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token))
      return last_os_error("OpenProcessToken");
    TOKEN_PRIVILEGES privileges{};
    privileges.PrivilegeCount = 1;
    privileges.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
    if (!LookupPrivilegeValueW(nullptr, L"SeLockMemoryPrivilege", &privileges.Privileges[0].Luid)) {
      Error error = last_os_error("LookupPrivilegeValueW(SeLockMemoryPrivilege)");
      CloseHandle(token);
      return error;
    }
    // Succeeds without enabling a privilege the token lacks: the answer is in GetLastError.
    const BOOL adjusted = AdjustTokenPrivileges(token, FALSE, &privileges, 0, nullptr, nullptr);
    const DWORD code = GetLastError();
    CloseHandle(token);
    if (!adjusted || code != ERROR_SUCCESS) {
      Error error = error_from_win32(code, "AdjustTokenPrivileges(SeLockMemoryPrivilege)");
      error.kind = ErrorKind::access_denied;
      error.hint = "this account lacks 'Lock pages in memory': " + std::string(kHowToEnable);
      return error;
    }
    return Status{};
  }();
  return enabled;
}

SectionOptions large_page_views() {
  SectionOptions options;
  options.map_access = FILE_MAP_ALL_ACCESS | FILE_MAP_LARGE_PAGES;
  return options;
}

class Win32LargeBackend final : public PagingFileSectionBackend {
 public:
  Win32LargeBackend() : PagingFileSectionBackend(SEC_COMMIT | SEC_LARGE_PAGES, large_page_views()) {}
  std::string_view name() const override { return "win32-large"; }
  std::string_view flags() const override {
    flags_ = win32_flags(
        "AdjustTokenPrivileges(SeLockMemoryPrivilege), CreateFileMappingW(INVALID_HANDLE_VALUE, PAGE_READWRITE | "
        "SEC_COMMIT | SEC_LARGE_PAGES) in multiples of GetLargePageMinimum()",
        "MapViewOfFile(FILE_MAP_ALL_ACCESS | FILE_MAP_LARGE_PAGES)");
    return flags_;
  }
  std::uint64_t large_page_size() const override { return large_page_bytes(); }
  Charge commit_charge() const override { return Charge::at_create; }

  Status usable(std::uint64_t size) override {
    if (large_page_size() == 0)
      return Error{ErrorKind::unsupported, 0, "GetLargePageMinimum", "this system offers no large pages"};
    Status privilege = enable_lock_memory_privilege();
    if (!privilege.ok()) return privilege;
    // Try it: the system may still refuse (ERROR_NO_SYSTEM_RESOURCES when memory is too
    // fragmented for contiguous large pages) or hand out small pages.
    auto probe = PagingFileSectionBackend::create("shmbench-large-page-probe-" + std::to_string(GetCurrentProcessId()),
                                                  size);
    if (!probe.ok()) return probe.error();
    auto view = probe.value()->map();
    if (!view.ok()) return view.error();
    *static_cast<volatile std::byte*>(view.value()->data()) = std::byte{1};
    const std::uint64_t obtained = page_size_at(view.value()->data());
    if (obtained != large_page_size())
      return Error{ErrorKind::unsupported, 0, "QueryWorkingSetEx",
                   "SEC_LARGE_PAGES was accepted but the view is in " + format_size(obtained) +
                       " pages, not " + format_size(large_page_size()) + " large pages"};
    return {};
  }

  Result<std::unique_ptr<SharedObject>> create(const std::string& name, std::uint64_t size) override {
    Status privilege = enable_lock_memory_privilege();
    if (!privilege.ok()) return privilege.error();
    return PagingFileSectionBackend::create(name, size);
  }
};
}  // namespace

std::unique_ptr<Backend> make_win32_large_backend() { return std::make_unique<Win32LargeBackend>(); }

}  // namespace shmbench
