#include <windows.h>

#include "backends/boost_shared_dir.hpp"
#include "common/utf8.hpp"

namespace shmbench {

namespace {
// A folder Boost can find its files in, created if it is not there yet (creating one
// that exists fails harmlessly).
std::wstring created(std::wstring folder) {
  CreateDirectoryW(folder.c_str(), nullptr);
  return folder;
}

std::wstring choose_folder() {
  // Workers inherit the controller's environment, so every process of a run agrees.
  std::wstring chosen(32768, L'\0');
  const DWORD chosen_length =
      GetEnvironmentVariableW(L"SHMBENCH_BOOST_SHARED_DIR", chosen.data(), static_cast<DWORD>(chosen.size()));
  if (chosen_length > 0 && chosen_length < chosen.size()) return created(chosen.substr(0, chosen_length));
  std::wstring temp(MAX_PATH + 1, L'\0');
  const DWORD length = GetTempPathW(static_cast<DWORD>(temp.size()), temp.data());
  const std::wstring base = (length > 0 && length < temp.size()) ? temp.substr(0, length) : L".\\";
  return created(base + L"shmbench-boost-interprocess");
}

const std::wstring& wide_folder() {
  static const std::wstring chosen = choose_folder();
  return chosen;
}
}  // namespace

std::string boost_shared_dir() { return narrow_to_utf8(wide_folder()); }

void recreate_boost_shared_dir() { created(wide_folder()); }

}  // namespace shmbench

// The hooks BOOST_INTERPROCESS_SHARED_DIR_FUNC asks the program to provide. Boost opens
// its files with the ANSI calls for narrow names, so the narrow folder is UTF-8: the
// executables' manifest makes UTF-8 their ANSI code page (cmake/ShmbenchWindowsManifest.cmake).
namespace boost::interprocess::ipcdetail {
void get_shared_dir(std::string& shared_dir) { shared_dir = shmbench::boost_shared_dir(); }
void get_shared_dir(std::wstring& shared_dir) { shared_dir = shmbench::wide_folder(); }
}  // namespace boost::interprocess::ipcdetail
