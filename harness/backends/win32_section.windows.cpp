#include "backends/win32_section.hpp"

#include "backends/win32_name.hpp"

namespace shmbench {

namespace {
class Win32View final : public View {
 public:
  Win32View(std::byte* data, std::size_t size, bool reserved) : View(data, size), reserved_(reserved) {}
  ~Win32View() override { (void)unmap(); }
  Status unmap() override {
    if (data_ == nullptr) return {};
    BOOL ok = UnmapViewOfFile(data_);
    Error error = last_os_error("UnmapViewOfFile");  // captured at the call site
    data_ = nullptr;
    if (!ok) return error;
    return {};
  }
  // Commits the pages of a SEC_RESERVE section through this view: they are committed in
  // the section, so every other view of it (the reader's) sees them too.
  Status commit() override {
    if (!reserved_ || data_ == nullptr) return {};
    if (VirtualAlloc(data_, size_, MEM_COMMIT, PAGE_READWRITE) == nullptr) return last_os_error("VirtualAlloc(MEM_COMMIT)");
    return {};
  }

 private:
  bool reserved_;
};
}  // namespace

Result<HANDLE> create_named_section(HANDLE file, DWORD section_flags, std::uint64_t length, const std::string& name) {
  const std::wstring wide = win32_object_name(name);
  SetLastError(ERROR_SUCCESS);
  HANDLE handle = CreateFileMappingW(file, nullptr, PAGE_READWRITE | section_flags, static_cast<DWORD>(length >> 32),
                                     static_cast<DWORD>(length & 0xFFFFFFFFu), wide.c_str());
  const DWORD code = GetLastError();
  if (handle == nullptr) return error_from_win32(code, "CreateFileMappingW");
  if (code == ERROR_ALREADY_EXISTS) {
    CloseHandle(handle);
    return error_from_win32(code, "CreateFileMappingW");
  }
  return handle;
}

Result<HANDLE> open_named_section(const std::string& name) {
  const std::wstring wide = win32_object_name(name);
  HANDLE handle = OpenFileMappingW(FILE_MAP_ALL_ACCESS, FALSE, wide.c_str());
  if (handle == nullptr) return last_os_error("OpenFileMappingW");
  return handle;
}

Result<std::unique_ptr<View>> Win32Section::map() {
  void* data = MapViewOfFile(section_, options_.map_access, 0, 0, length_);
  if (data == nullptr) return last_os_error("MapViewOfFile");
  auto view = std::unique_ptr<View>(new Win32View(static_cast<std::byte*>(data), size_, options_.reserved));
  if (options_.prefetch) {
    // A hint: Windows may bring the pages in or not; the call fails only on bad arguments.
    WIN32_MEMORY_RANGE_ENTRY range{data, length_};
    if (!PrefetchVirtualMemory(GetCurrentProcess(), 1, &range, 0)) return last_os_error("PrefetchVirtualMemory");
  }
  return view;
}

Result<std::unique_ptr<SharedObject>> PagingFileSectionBackend::create(const std::string& name, std::uint64_t size) {
  Result<HANDLE> section = create_named_section(INVALID_HANDLE_VALUE, section_flags_, allocation_size(size), name);
  if (!section.ok()) return section.error();
  return object(section.value(), size);
}

Result<std::unique_ptr<SharedObject>> PagingFileSectionBackend::open(const std::string& name, std::uint64_t size) {
  Result<HANDLE> section = open_named_section(name);
  if (!section.ok()) return section.error();
  return object(section.value(), size);
}

std::unique_ptr<SharedObject> PagingFileSectionBackend::object(HANDLE section, std::uint64_t size) const {
  return std::unique_ptr<SharedObject>(new Win32Section(section, INVALID_HANDLE_VALUE, static_cast<std::size_t>(size),
                                                        static_cast<std::size_t>(allocation_size(size)), options_));
}

Status Win32Section::close() {
  Status status;
  if (section_ != nullptr) {
    if (!CloseHandle(section_)) status = last_os_error("CloseHandle");
    section_ = nullptr;
  }
  if (file_ != INVALID_HANDLE_VALUE) {
    if (!CloseHandle(file_) && status.ok()) status = last_os_error("CloseHandle(file)");
    file_ = INVALID_HANDLE_VALUE;
  }
  return status;
}

}  // namespace shmbench
