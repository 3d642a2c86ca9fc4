#include "cli/report_file.hpp"

#include <filesystem>
#include <fstream>

#include "common/bad_input.hpp"
#include "common/utf8.hpp"

namespace shmbench {

void empty_report_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path_from_utf8(path), ec)) return;
  std::ofstream out(path_from_utf8(path), std::ios::trunc);
  if (!out) throw BadInput{"--out: cannot write '" + path + "'"};
}

void write_report_file(const std::string& path, const std::string& text) {
  std::ofstream out(path_from_utf8(path), std::ios::trunc);
  out << text << "\n";
  out.close();
  if (!out) throw BadInput{"--out: cannot write '" + path + "'"};
}

}  // namespace shmbench
