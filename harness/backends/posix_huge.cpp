// posix-huge: shared memory in the system's default huge pages (Hugepagesize, 2 MiB on
// x86-64): memfd_create(MFD_HUGETLB), a file of the kernel's own hugetlbfs mount, so no
// hugetlbfs mount of the machine is needed; named and reached as memfd is
// (memfd_link.hpp). Sizes are rounded up to the huge page. The pages come from the pool
// vm.nr_hugepages reserves; with too few free, mmap fails (ENOMEM) and the cell is
// skipped with that error and how to reserve them. hugetlb pages are never swapped and
// never fall back to small pages; usable() still checks the page size obtained
// (/proc/self/smaps KernelPageSize), as the lifecycle writer does on every repetition.
#include <sys/mman.h>
#include <unistd.h>

#include <string>

#include "backends/backend.hpp"
#include "backends/memfd_link.hpp"
#include "common/sizes.hpp"
#include "os/memory_state.hpp"

namespace shmbench {

namespace {
class PosixHugeBackend final : public LinkedMemfdBackend {
 public:
  PosixHugeBackend() : LinkedMemfdBackend(MFD_HUGETLB), page_(large_page_bytes()) {}
  std::string_view name() const override { return "posix-huge"; }
  std::string_view flags() const override {
    return "memfd_create(MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB) + ftruncate to a multiple of Hugepagesize + "
           "seals, linked and opened as memfd; mmap(PROT_READ | PROT_WRITE, MAP_SHARED); pages from vm.nr_hugepages";
  }
  std::uint64_t large_page_size() const override { return page_; }
  // hugetlb pages are counted apart from Committed_AS (MemoryReading::hugetlb_bytes).
  Charge commit_charge() const override { return Charge::never; }

  Status usable(std::uint64_t size) override {
    if (page_ == 0) return Error{ErrorKind::unsupported, 0, "Hugepagesize", "this kernel offers no huge pages"};
    const std::uint64_t length = allocation_size(size);
    const int fd = ::memfd_create("shmbench-huge-page-probe", MFD_CLOEXEC | MFD_HUGETLB);
    if (fd < 0) return refusal(last_os_error("memfd_create(MFD_HUGETLB)"), length);
    Status status;
    if (::ftruncate(fd, static_cast<off_t>(length)) != 0) {
      status = refusal(last_os_error("ftruncate"), length);
    } else {
      void* data = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
      if (data == MAP_FAILED) {
        status = refusal(last_os_error("mmap"), length);
      } else {
        static_cast<volatile char*>(data)[0] = 1;
        const std::uint64_t obtained = page_size_at(data);
        if (obtained != page_)
          status = Error{ErrorKind::unsupported, 0, "/proc/self/smaps",
                         "asked for " + format_size(page_) + " pages and the mapping has KernelPageSize " +
                             format_size(obtained)};
        ::munmap(data, length);
      }
    }
    ::close(fd);
    return status;
  }

 private:
  // The native error, the pool's state and how to enlarge it.
  Error refusal(Error error, std::uint64_t length) const {
    const HugePages pool = huge_pages();
    error.hint = std::to_string(length / page_) + " huge page(s) of " + format_size(page_) +
                 " needed, HugePages_Free " + std::to_string(pool.free) + " of HugePages_Total " +
                 std::to_string(pool.total) + ": reserve more with sysctl vm.nr_hugepages=<count> (as root)";
    return error;
  }

  std::uint64_t page_;
};
}  // namespace

std::unique_ptr<Backend> make_posix_huge_backend() { return std::make_unique<PosixHugeBackend>(); }

}  // namespace shmbench
