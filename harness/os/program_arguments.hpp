// A program's command line as UTF-8, on every platform: the first thing each main() of
// shmbench does. On Windows, main()'s argv is in the ANSI code page, where a path such
// as C:\Users\José\… or a folder named in Greek or Japanese loses characters; the wide
// command line has them all. (The executables also carry a manifest that makes UTF-8
// their ANSI code page on Windows 10 1903 and later, cmake/ShmbenchWindowsManifest.cmake,
// for the libraries that open files by narrow name; this does not depend on it.)
#pragma once

#include <string>
#include <vector>

namespace shmbench {

class Utf8Arguments {
 public:
  Utf8Arguments(int argc, char** argv);
  Utf8Arguments(const Utf8Arguments&) = delete;
  Utf8Arguments& operator=(const Utf8Arguments&) = delete;

  int argc() const { return static_cast<int>(texts_.size()); }
  // argv-style pointers into this object's strings, ending with a null pointer.
  char** argv() { return pointers_.data(); }
  const std::vector<std::string>& texts() const { return texts_; }

 private:
  std::vector<std::string> texts_;
  std::vector<char*> pointers_;
};

// Windows: a console shows what the program prints as UTF-8 (its output code page is
// set to UTF-8 while the program runs, and put back at exit). Elsewhere nothing to do.
void use_utf8_console();

}  // namespace shmbench
