// Raw Win32 named file mappings backed by the paging file: CreateFileMappingW(
// INVALID_HANDLE_VALUE) / OpenFileMappingW / MapViewOfFile / UnmapViewOfFile / CloseHandle.
// The section dies with its last handle, so there is never a name to remove.
#include <windows.h>

#include "backends/backend.hpp"
#include "backends/win32_name.hpp"

namespace shmbench {

namespace {
class Win32View final : public View {
 public:
  using View::View;
  ~Win32View() override { (void)unmap(); }
  Status unmap() override {
    if (data_ == nullptr) return {};
    BOOL ok = UnmapViewOfFile(data_);
    Error error = last_os_error("UnmapViewOfFile");  // captured at the call site
    data_ = nullptr;
    if (!ok) return error;
    return {};
  }
};

class Win32Object final : public SharedObject {
 public:
  Win32Object(HANDLE handle, std::size_t size) : handle_(handle), size_(size) {}
  ~Win32Object() override { (void)close(); }

  Result<std::unique_ptr<View>> map() override {
    void* data = MapViewOfFile(handle_, FILE_MAP_ALL_ACCESS, 0, 0, size_);
    if (data == nullptr) return last_os_error("MapViewOfFile");
    return std::unique_ptr<View>(new Win32View(static_cast<std::byte*>(data), size_));
  }

  Status close() override {
    if (handle_ == nullptr) return {};
    BOOL ok = CloseHandle(handle_);
    Error error = last_os_error("CloseHandle");
    handle_ = nullptr;
    if (!ok) return error;
    return {};
  }

 private:
  HANDLE handle_;
  std::size_t size_;
};

class Win32Backend final : public Backend {
 public:
  std::string_view name() const override { return "win32"; }
  std::string_view flags() const override {
    return name_scope() == NameScope::global
               ? "CreateFileMappingW(INVALID_HANDLE_VALUE, PAGE_READWRITE | SEC_COMMIT), Global\\ names, "
                 "MapViewOfFile(FILE_MAP_ALL_ACCESS)"
               : "CreateFileMappingW(INVALID_HANDLE_VALUE, PAGE_READWRITE | SEC_COMMIT), Local\\ names, "
                 "MapViewOfFile(FILE_MAP_ALL_ACCESS)";
  }

  Result<std::unique_ptr<SharedObject>> create(const std::string& name, std::uint64_t size) override {
    const std::wstring wide = win32_object_name(name);
    SetLastError(ERROR_SUCCESS);
    HANDLE handle = CreateFileMappingW(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE | SEC_COMMIT,
                                       static_cast<DWORD>(size >> 32),
                                       static_cast<DWORD>(size & 0xFFFFFFFFu), wide.c_str());
    const DWORD code = GetLastError();
    if (handle == nullptr) return error_from_win32(code, "CreateFileMappingW");
    // A valid handle with ERROR_ALREADY_EXISTS is somebody else's section (with *its*
    // size): refuse it instead of attaching to it.
    if (code == ERROR_ALREADY_EXISTS) {
      CloseHandle(handle);
      return error_from_win32(code, "CreateFileMappingW");
    }
    return std::unique_ptr<SharedObject>(new Win32Object(handle, static_cast<std::size_t>(size)));
  }

  Result<std::unique_ptr<SharedObject>> open(const std::string& name, std::uint64_t size) override {
    const std::wstring wide = win32_object_name(name);
    HANDLE handle = OpenFileMappingW(FILE_MAP_ALL_ACCESS, FALSE, wide.c_str());
    if (handle == nullptr) return last_os_error("OpenFileMappingW");
    return std::unique_ptr<SharedObject>(new Win32Object(handle, static_cast<std::size_t>(size)));
  }

  Status remove(const std::string&) override { return {}; }
};
}  // namespace

Status probe_win32_namespace(const std::string& name) {
  const std::wstring wide = win32_object_name(name);
  SetLastError(ERROR_SUCCESS);
  HANDLE handle = CreateFileMappingW(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE | SEC_COMMIT, 0, 4096, wide.c_str());
  const DWORD code = GetLastError();
  if (handle == nullptr) return error_from_win32(code, "CreateFileMappingW(" + win32_object_name_narrow(name) + ")");
  CloseHandle(handle);
  if (code == ERROR_ALREADY_EXISTS)
    return error_from_win32(code, "CreateFileMappingW(" + win32_object_name_narrow(name) + ")");
  return {};
}

std::unique_ptr<Backend> make_win32_backend() { return std::make_unique<Win32Backend>(); }

}  // namespace shmbench
