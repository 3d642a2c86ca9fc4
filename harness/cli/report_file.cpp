#include "cli/report_file.hpp"

#include <fstream>

#include "common/bad_input.hpp"
#include "common/utf8.hpp"

namespace shmbench {

void write_report_file(const std::string& path, const std::string& text) {
  std::ofstream out(path_from_utf8(path), std::ios::trunc);
  out << text << "\n";
  out.close();
  if (!out) throw BadInput{"--out: cannot write '" + path + "'"};
}

}  // namespace shmbench
