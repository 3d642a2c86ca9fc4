// The section object and view every raw Win32 backend shares (win32, win32-prefetch,
// win32-reserve, win32-large, win32-file): a named section made by CreateFileMappingW,
// found by OpenFileMappingW, viewed by MapViewOfFile. The variants differ in what backs
// the section (the paging file or a file), its flags (SEC_COMMIT, SEC_RESERVE,
// SEC_LARGE_PAGES), and what follows MapViewOfFile; SectionOptions carries them.
#pragma once

#include <windows.h>

#include <cstdint>
#include <memory>
#include <string>

#include "backends/backend.hpp"

namespace shmbench {

struct SectionOptions {
  DWORD map_access = FILE_MAP_ALL_ACCESS;  // FILE_MAP_LARGE_PAGES added for large pages
  bool prefetch = false;                   // PrefetchVirtualMemory on the view after mapping it
  bool reserved = false;                   // SEC_RESERVE: the view's pages need View::commit
};

// CreateFileMappingW(`file`, PAGE_READWRITE | `section_flags`, `length`, Local\ or
// Global\ + `name`). A valid handle with ERROR_ALREADY_EXISTS is somebody else's section
// (with *its* size): refused, never attached to.
Result<HANDLE> create_named_section(HANDLE file, DWORD section_flags, std::uint64_t length, const std::string& name);

// OpenFileMappingW(FILE_MAP_ALL_ACCESS, Local\ or Global\ + `name`).
Result<HANDLE> open_named_section(const std::string& name);

// A section handle (and, for win32-file, the file behind it, closed after it). Views
// span `length` bytes (the size rounded up to a large page, or the size) and say `size`.
class Win32Section final : public SharedObject {
 public:
  Win32Section(HANDLE section, HANDLE file, std::size_t size, std::size_t length, SectionOptions options)
      : section_(section), file_(file), size_(size), length_(length), options_(options) {}
  ~Win32Section() override { (void)close(); }
  Result<std::unique_ptr<View>> map() override;
  Status close() override;

 private:
  HANDLE section_;
  HANDLE file_;  // INVALID_HANDLE_VALUE for a paging-file section
  std::size_t size_;
  std::size_t length_;
  SectionOptions options_;
};

// The backends whose objects are paging-file sections (win32, win32-prefetch,
// win32-reserve, win32-large): create, open and remove are the same for all of them but
// for the section's flags and the views' options, which each passes in. Sizes are rounded
// up to large_page_size() where a backend has one. A section dies with its last handle,
// so there is never a name to remove.
class PagingFileSectionBackend : public Backend {
 public:
  PagingFileSectionBackend(DWORD section_flags, SectionOptions options)
      : section_flags_(section_flags), options_(options) {}
  Result<std::unique_ptr<SharedObject>> create(const std::string& name, std::uint64_t size) override;
  Result<std::unique_ptr<SharedObject>> open(const std::string& name, std::uint64_t size) override;
  Status remove(const std::string&) override { return {}; }

 protected:
  // The object for a section handle, whose views say `size` and span allocation_size(size).
  std::unique_ptr<SharedObject> object(HANDLE section, std::uint64_t size) const;
  DWORD section_flags() const { return section_flags_; }
  mutable std::string flags_;  // flags()'s text, which depends on the name scope at the time

 private:
  DWORD section_flags_;
  SectionOptions options_;
};

}  // namespace shmbench
