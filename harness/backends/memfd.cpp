// memfd: memfd_create + ftruncate + seals, reached by other processes through the
// creator's fd (memfd_link.hpp says how, and why /proc/<pid>/fd/<n>). The same tmpfs
// pages as posix, without a tmpfs name of their own: what `open` costs through procfs,
// and what sealing costs at `create`.
#include "backends/backend.hpp"
#include "backends/memfd_link.hpp"

namespace shmbench {

namespace {
class MemfdBackend final : public LinkedMemfdBackend {
 public:
  MemfdBackend() : LinkedMemfdBackend(0) {}
  std::string_view name() const override { return "memfd"; }
  std::string_view flags() const override {
    return "memfd_create(MFD_CLOEXEC | MFD_ALLOW_SEALING) + ftruncate + F_ADD_SEALS(SHRINK | GROW | SEAL), "
           "symlink /dev/shm/<name> -> /proc/<pid>/fd/<n>; reader: open(/dev/shm/<name>, O_RDWR) + F_GET_SEALS; "
           "mmap(PROT_READ | PROT_WRITE, MAP_SHARED)";
  }
  Charge commit_charge() const override { return Charge::at_first_touch; }
};
}  // namespace

std::unique_ptr<Backend> make_memfd_backend() { return std::make_unique<MemfdBackend>(); }

}  // namespace shmbench
