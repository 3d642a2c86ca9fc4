// posix's kernel wait: a POSIX semaphore placed in the mapping with sem_init(pshared = 1)
// (the heap reference's threads use the same, process-private: pshared = 0). It lives and
// dies with the mapping, so no named object can outlive a run. glibc's sem_post enters the
// kernel (futex wake) only when a waiter sleeps.
#include <semaphore.h>
#include <time.h>

#include <cerrno>

#include "common/cpu_relax.hpp"
#include "scenarios/transfer/doorbell.hpp"

namespace shmbench::transfer {

namespace {
static_assert(sizeof(sem_t) <= kWaitObjectBytes, "sem_t must fit its wait area");

class SemaphoreDoorbell final : public Doorbell {
 public:
  SemaphoreDoorbell(sem_t* semaphore, bool owner) : semaphore_(semaphore), owner_(owner) {}
  ~SemaphoreDoorbell() override {
    if (owner_) ::sem_destroy(semaphore_);
  }
  void ring() override { ::sem_post(semaphore_); }
  bool wait(const std::atomic<std::uint64_t>& seq, std::uint64_t target, const WaitLimit& limit) override {
    for (;;) {
      timespec until{};
      ::clock_gettime(CLOCK_REALTIME, &until);  // sem_timedwait's clock
      until.tv_nsec += 100'000'000;             // slices of 100 ms, so an abort or the limit is seen
      if (until.tv_nsec >= 1'000'000'000) {
        until.tv_sec += 1;
        until.tv_nsec -= 1'000'000'000;
      }
      if (::sem_timedwait(semaphore_, &until) == 0) break;
      if (errno != ETIMEDOUT && errno != EINTR) return false;
      if (past_limit(limit)) return false;
    }
    while (seq.load(std::memory_order_acquire) < target) {
      if (past_limit(limit)) return false;
      cpu_relax();
    }
    return true;
  }

 private:
  sem_t* semaphore_;
  bool owner_;
};
}  // namespace

Result<Doorbells> make_native_doorbells(std::string_view backend, ControlBlock& block, const std::string&,
                                        bool creator) {
  const int pshared = backend == "heap" ? 0 : 1;
  sem_t* semaphores[2];
  for (int i = 0; i < 2; ++i) {
    semaphores[i] = reinterpret_cast<sem_t*>(block.wait_area[i]);
    if (creator && ::sem_init(semaphores[i], pshared, 0) != 0) return last_os_error("sem_init");
  }
  return Doorbells{std::make_unique<SemaphoreDoorbell>(semaphores[0], creator),
                   std::make_unique<SemaphoreDoorbell>(semaphores[1], creator)};
}

std::string kernel_wait_description(std::string_view backend) {
  if (backend == "heap") return "sem_init(pshared = 0) semaphores (threads of one process)";
  if (backend.rfind("boost-", 0) == 0)
    return "boost::interprocess::interprocess_semaphore in the mapping (a pshared POSIX semaphore)";
  return "sem_init(pshared = 1) semaphores in the mapping; sem_post / sem_timedwait";
}

}  // namespace shmbench::transfer
