#include <windows.h>
#include <shellapi.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "common/utf8.hpp"
#include "os/program_arguments.hpp"

namespace shmbench {

std::vector<std::string> platform_arguments(int argc, char** argv) {
  int count = 0;
  LPWSTR* wide = CommandLineToArgvW(GetCommandLineW(), &count);
  // CommandLineToArgvW and the C runtime split a command line by the same rules; if the
  // call fails (out of memory), the narrow argv is still the best there is.
  if (wide == nullptr || count != argc) {
    if (wide != nullptr) LocalFree(wide);
    return {argv, argv + argc};
  }
  std::vector<std::string> texts;
  for (int i = 0; i < count; ++i) texts.push_back(narrow_to_utf8(wide[i]));
  LocalFree(wide);
  return texts;
}

namespace {
UINT original_output_code_page = 0;
void restore_output_code_page() { SetConsoleOutputCP(original_output_code_page); }
}  // namespace

void use_utf8_console() {
  // Only a console has a code page; output into a file or a pipe is UTF-8 bytes as is.
  DWORD mode = 0;
  const bool console = GetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), &mode) ||
                       GetConsoleMode(GetStdHandle(STD_ERROR_HANDLE), &mode);
  if (!console || original_output_code_page != 0) return;
  original_output_code_page = GetConsoleOutputCP();
  if (original_output_code_page != CP_UTF8 && SetConsoleOutputCP(CP_UTF8)) std::atexit(restore_output_code_page);
}

}  // namespace shmbench
