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

}  // namespace shmbench
