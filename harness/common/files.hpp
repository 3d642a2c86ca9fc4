// File-system questions asked before writing an output file.
#pragma once

#include <filesystem>

namespace shmbench {

// The file that opening `path` for writing would create: `path` itself, or, when `path`
// is a symbolic link, the file it points to. Empty when that exists already or cannot be
// told (a link loop). A probe that removes what it created removes only this, never the
// user's own file or link.
std::filesystem::path file_a_write_would_create(const std::filesystem::path& path);

// The nearest existing ancestor of `path`, when that is not a folder (a file where a
// folder would have to be): then nothing can ever be made at `path`. Empty when it is a
// folder, when `path` has no existing ancestor, or when it cannot be looked at.
std::filesystem::path ancestor_that_is_no_folder(const std::filesystem::path& path);

}  // namespace shmbench
