// win32-file: a named section backed by a real file instead of the paging file:
// CreateFileW(<folder>\<name>, CREATE_NEW) + CreateFileMappingW(file, PAGE_READWRITE) of
// the object's size (which extends the file), opened by other processes by the section's
// name as win32's are. The file is charged to no commit limit (its pages can always be
// written back to it), and the cache manager writes dirty pages to the disk in the
// background, which the paging-file sections never do.
//
// The file is opened FILE_FLAG_DELETE_ON_CLOSE: it goes when its creator's handle closes
// (close, or the creator's death), so a crash leaves nothing; shmbench's leftover scan
// still looks in the folder (leftovers.windows.cpp) for what a machine crash could leave.
#include <windows.h>

#include "backends/backend.hpp"
#include "backends/win32_file_dir.hpp"
#include "backends/win32_name.hpp"
#include "backends/win32_section.hpp"
#include "common/utf8.hpp"

namespace shmbench {

std::string file_backing_dir() {
  std::wstring chosen(32768, L'\0');
  const DWORD chosen_length = GetEnvironmentVariableW(widen_utf8(kFileDirVariable).c_str(), chosen.data(), static_cast<DWORD>(chosen.size()));
  std::wstring folder;
  if (chosen_length > 0 && chosen_length < chosen.size()) {
    folder = chosen.substr(0, chosen_length);
  } else {
    std::wstring temp(MAX_PATH + 1, L'\0');
    const DWORD length = GetTempPathW(static_cast<DWORD>(temp.size()), temp.data());
    folder = (length > 0 && length < temp.size()) ? temp.substr(0, length) : L".";
  }
  while (folder.size() > 1 && (folder.back() == L'\\' || folder.back() == L'/')) folder.pop_back();
  return narrow_to_utf8(folder);
}

namespace {
class Win32FileBackend final : public Backend {
 public:
  std::string_view name() const override { return "win32-file"; }
  std::string_view flags() const override {
    flags_ = win32_flags(("CreateFileW(" + file_backing_dir() +
                          "\\<name>, GENERIC_READ | GENERIC_WRITE, CREATE_NEW, FILE_FLAG_DELETE_ON_CLOSE) + "
                          "CreateFileMappingW(file, PAGE_READWRITE)")
                             .c_str(),
                         "MapViewOfFile(FILE_MAP_ALL_ACCESS)");
    return flags_;
  }
  Charge commit_charge() const override { return Charge::never; }

  Result<std::unique_ptr<SharedObject>> create(const std::string& name, std::uint64_t size) override {
    const std::wstring path = widen_utf8(file_backing_dir() + "\\" + name);
    // Sharing read, write and delete: the section, the reader's views and the delete on
    // close all need it.
    HANDLE file = CreateFileW(path.c_str(), GENERIC_READ | GENERIC_WRITE,
                              FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, CREATE_NEW,
                              FILE_ATTRIBUTE_NORMAL | FILE_FLAG_DELETE_ON_CLOSE, nullptr);
    if (file == INVALID_HANDLE_VALUE) return last_os_error("CreateFileW");
    Result<HANDLE> section = create_named_section(file, 0, size, name);
    if (!section.ok()) {
      CloseHandle(file);
      return section.error();
    }
    return object(section.value(), file, size);
  }

  Result<std::unique_ptr<SharedObject>> open(const std::string& name, std::uint64_t size) override {
    Result<HANDLE> section = open_named_section(name);
    if (!section.ok()) return section.error();
    return object(section.value(), INVALID_HANDLE_VALUE, size);
  }

  // The file dies with its creator's handle; one left by a machine crash is the leftover
  // scan's.
  Status remove(const std::string&) override { return {}; }

 private:
  static std::unique_ptr<SharedObject> object(HANDLE section, HANDLE file, std::uint64_t size) {
    const auto bytes = static_cast<std::size_t>(size);
    return std::unique_ptr<SharedObject>(new Win32Section(section, file, bytes, bytes, SectionOptions{}));
  }

  mutable std::string flags_;
};
}  // namespace

std::unique_ptr<Backend> make_win32_file_backend() { return std::make_unique<Win32FileBackend>(); }

}  // namespace shmbench
