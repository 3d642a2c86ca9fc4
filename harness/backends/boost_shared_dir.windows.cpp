#include <windows.h>

#include "backends/boost_shared_dir.hpp"

namespace shmbench {

std::string boost_shared_dir() {
  static const std::string folder = [] {
    // Workers inherit the controller's environment, so every process of a run agrees.
    char chosen[MAX_PATH + 1];
    DWORD chosen_length = GetEnvironmentVariableA("SHMBENCH_BOOST_SHARED_DIR", chosen, sizeof chosen);
    if (chosen_length > 0 && chosen_length < sizeof chosen) {
      CreateDirectoryA(chosen, nullptr);  // fails harmlessly when it exists
      return std::string(chosen, chosen_length);
    }
    char temp[MAX_PATH + 1];
    DWORD length = GetTempPathA(sizeof temp, temp);
    std::string path = (length > 0 && length < sizeof temp) ? std::string(temp, length) : ".\\";
    path += "shmbench-boost-interprocess";
    CreateDirectoryA(path.c_str(), nullptr);  // fails harmlessly when it exists
    return path;
  }();
  return folder;
}

}  // namespace shmbench

// The hooks BOOST_INTERPROCESS_SHARED_DIR_FUNC asks the program to provide.
namespace boost::interprocess::ipcdetail {
void get_shared_dir(std::string& shared_dir) { shared_dir = shmbench::boost_shared_dir(); }
void get_shared_dir(std::wstring& shared_dir) {
  const std::string narrow = shmbench::boost_shared_dir();
  shared_dir.assign(narrow.begin(), narrow.end());
}
}  // namespace boost::interprocess::ipcdetail
