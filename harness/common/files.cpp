#include "common/files.hpp"

namespace shmbench {

std::filesystem::path file_a_write_would_create(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path target = path;
  // Follow the links one by one (weakly_canonical stops at a dangling one); 40, as
  // Linux's own limit, ends a loop.
  for (int hops = 0; fs::is_symlink(fs::symlink_status(target, ec)); ++hops) {
    const fs::path next = fs::read_symlink(target, ec);
    if (ec || hops == 40) return {};
    target = next.is_absolute() ? next : target.parent_path() / next;
  }
  // symlink_status: an entry that exists, even a dangling link, is not ours to remove;
  // neither is one that cannot be looked at.
  if (fs::symlink_status(target, ec).type() != fs::file_type::not_found) return {};
  return target;
}

std::filesystem::path ancestor_that_is_no_folder(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (fs::path folder = path.parent_path(); !folder.empty(); folder = folder.parent_path()) {
    const fs::file_status status = fs::status(folder, ec);
    if (status.type() == fs::file_type::not_found) {
      if (folder == folder.parent_path()) break;  // a root that is not there (a drive)
      continue;
    }
    return ec || fs::is_directory(status) ? fs::path() : folder;
  }
  return {};
}

}  // namespace shmbench
