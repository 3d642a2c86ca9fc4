// What a creator that dies without closing leaves behind is found by the leftover scan
// and removed by it: the link a memfd or posix-huge object is named by (its fd died with
// the creator) and a SysV segment (which nothing removes but IPC_RMID), which is taken for
// shmbench's only when its creator's ledger names it (sysv_ledger.hpp). The creator is a
// forked child that exits without closing, as a crashed writer would. Linux only (the
// Windows objects die with their creator's handles; win32-file's file is deleted on close).
#include "backends/leftovers.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "backends/names.hpp"
#include "backends/sysv_key.hpp"
#include "transports/transport.hpp"

#include <fcntl.h>
#include <mqueue.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

namespace shmbench {
namespace {

// Runs `make` (true when it made its object) in a child process that then exits without
// closing what it made, as a killed writer would. Returns the child's pid (the object's
// creator), or -1 after a failure.
template <typename Make>
pid_t make_and_die(const std::string& what, Make make) {
  const pid_t child = ::fork();
  EXPECT_GE(child, 0);
  if (child < 0) return -1;
  if (child == 0) ::_exit(make() ? 0 : 1);
  int status = 0;
  EXPECT_EQ(::waitpid(child, &status, 0), child);
  const bool made = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  EXPECT_TRUE(made) << what << " create failed in the child";
  return made ? child : -1;
}

// Creates `name` with `backend` in a child process that then exits without closing it.
pid_t create_and_die(const std::string& backend, const std::string& name) {
  return make_and_die(backend, [&] {
    auto made = make_backend(backend)->create(name, 65536);
    if (made.ok()) (void)made.value().release();  // never closed
    return made.ok();
  });
}

std::vector<Leftover> matching(const std::vector<Leftover>& all, const std::string& name_or_key) {
  std::vector<Leftover> found;
  for (const auto& leftover : all)
    if (leftover.name == name_or_key) found.push_back(leftover);
  return found;
}

TEST(Leftovers, AMemfdLinkOfADeadCreatorIsFoundAndRemoved) {
  RunNames names;
  const std::string name = names.next();
  create_and_die("memfd", name);
  // The link dangles: the fd it points to died with the creator, so nothing opens it.
  auto opened = make_backend("memfd")->open(name, 65536);
  EXPECT_FALSE(opened.ok());
  const auto found = matching(find_leftovers(names.prefix()), name);
  ASSERT_EQ(found.size(), 1u) << name << " is not found by the leftover scan";
  EXPECT_EQ(found.front().path, "/dev/shm/" + name);
  EXPECT_TRUE(remove_leftover(found.front()).ok());
  EXPECT_TRUE(find_leftovers(names.prefix()).empty());
}

bool in_shm(const std::string& name) { return ::access(("/dev/shm/" + name).c_str(), F_OK) == 0; }

// A segment of a dead writer under a live run: its run's prefix finds it (the ledger names
// its creator), and the run's end sweep (clean_prefix) removes it, then the ledger.
TEST(Leftovers, ASysvSegmentOfADeadCreatorIsFoundByItsRunAndRemoved) {
  RunNames names;
  const std::string name = names.next();
  const pid_t child = create_and_die("sysv", name);
  ASSERT_GT(child, 0);
  const std::string ledger = names.prefix() + "sysv-creator-" + std::to_string(child);
  EXPECT_TRUE(in_shm(ledger)) << ledger << ": the creator made no ledger";
  auto backend = make_backend("sysv");
  auto opened = backend->open(name, 65536);  // still there, and found by its name's key
  ASSERT_TRUE(opened.ok()) << opened.error().describe();
  ASSERT_TRUE(opened.value()->close().ok());
  std::vector<Leftover> segments;
  for (const auto& leftover : find_leftovers(names.prefix()))
    if (leftover.path.rfind("SysV segment ", 0) == 0) segments.push_back(leftover);
  ASSERT_EQ(segments.size(), 1u) << "the dead creator's segment is not listed under its run";
  EXPECT_EQ(segments.front().name.rfind(names.prefix() + "sysv-key-", 0), 0u) << segments.front().name;
  EXPECT_EQ(segments.front().owner_pid, static_cast<long>(::getpid())) << "the owner is the run's controller";
  // Another run's start keeps it: this run (this process) is alive.
  (void)clean_dead_runs();
  EXPECT_TRUE(backend->open(name, 65536).ok()) << "a live run's segment was removed by clean_dead_runs";
  const CleanOutcome outcome = clean_prefix(names.prefix());
  EXPECT_TRUE(outcome.failures.empty());
  auto again = backend->open(name, 65536);
  EXPECT_FALSE(again.ok()) << name << "'s segment outlived its run's sweep";
  if (!again.ok()) {
    EXPECT_EQ(again.error().kind, ErrorKind::not_found) << again.error().describe();
  }
  EXPECT_FALSE(in_shm(ledger)) << "the ledger outlived the segment it named";
  EXPECT_TRUE(backend->remove(name).ok());
}

// A crashed run (controller and writer in one child, both gone): clean_dead_runs, as the
// next run's start, removes its segment and its ledger.
TEST(Leftovers, ASysvSegmentOfADeadRunIsRemovedByTheNextRunsStart) {
  const pid_t child = make_and_die("sysv", [] {
    ::setenv(kTestNameTokenVariable, "5b5b5b5b", 1);
    RunNames names;
    auto made = make_backend("sysv")->create(names.next(), 65536);
    if (made.ok()) (void)made.value().release();
    return made.ok();
  });
  ASSERT_GT(child, 0);
  const std::string prefix = "shmbench-" + std::to_string(child) + "-5b5b5b5b-";
  auto backend = make_backend("sysv");
  ASSERT_TRUE(backend->open(prefix + "0", 65536).ok()) << "the dead run's segment is not there";
  const CleanOutcome outcome = clean_dead_runs();
  EXPECT_TRUE(outcome.failures.empty());
  EXPECT_FALSE(backend->open(prefix + "0", 65536).ok()) << "the dead run's segment outlived clean_dead_runs";
  EXPECT_FALSE(in_shm(prefix + "sysv-creator-" + std::to_string(child)));
  EXPECT_TRUE(backend->remove(prefix + "0").ok());
}

// A child forked (without exec) from a process that has its ledger for the run makes a
// ledger of its own: its segment names it as creator, not the parent.
TEST(Leftovers, AForkedCreatorMakesALedgerOfItsOwn) {
  RunNames names;
  auto backend = make_backend("sysv");
  auto mine = backend->create(names.next(), 65536);  // this process's ledger for the run
  ASSERT_TRUE(mine.ok()) << mine.error().describe();
  ASSERT_TRUE(mine.value()->close().ok());
  const std::string name = names.next();
  const pid_t child = create_and_die("sysv", name);
  ASSERT_GT(child, 0);
  EXPECT_TRUE(in_shm(names.prefix() + "sysv-creator-" + std::to_string(child)));
  std::size_t segments = 0;
  for (const auto& leftover : find_leftovers(names.prefix()))
    if (leftover.path.rfind("SysV segment ", 0) == 0) ++segments;
  EXPECT_EQ(segments, 1u) << "the forked child's segment is not listed under its run";
  EXPECT_TRUE(clean_prefix(names.prefix()).failures.empty());
  EXPECT_FALSE(backend->open(name, 65536).ok()) << name << "'s segment outlived its run's sweep";
  EXPECT_TRUE(backend->remove(name).ok());
}

// Another program's segment that happens to carry the tag (1 key in 256), its creator gone
// and nobody attached: no ledger names its creator, so nothing takes it for shmbench's.
TEST(Leftovers, AForeignSegmentWithTheKeyTagIsLeftAlone) {
  const key_t key = static_cast<key_t>(kSysvKeyTag | (static_cast<std::uint32_t>(::getpid()) & 0xffffffu));
  ASSERT_GT(make_and_die("the foreign segment", [key] { return ::shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600) >= 0; }),
            0);
  const int id = ::shmget(key, 0, 0600);
  ASSERT_GE(id, 0);
  for (const auto& leftover : find_leftovers())
    EXPECT_EQ(leftover.path.find("SysV segment " + std::to_string(id) + " "), std::string::npos)
        << "listed as shmbench's: " << leftover.path;
  (void)clean_dead_runs();
  EXPECT_EQ(::shmget(key, 0, 0600), id) << "clean_dead_runs removed another program's segment";
  ::shmctl(id, IPC_RMID, nullptr);
}

// Opens a `transport` channel named "shmbench-<child pid>-<token>-0" in a child process
// (with TMPDIR=`tmpdir` when given) that then exits without closing it.
pid_t open_channel_and_die(const std::string& transport, const char* token, const char* tmpdir = nullptr) {
  return make_and_die(transport, [&] {
    if (tmpdir != nullptr) ::setenv("TMPDIR", tmpdir, 1);
    ::setenv(kTestNameTokenVariable, token, 1);
    RunNames names;
    ChannelShape shape;
    shape.message_size = 64;
    auto made = make_transport(transport)->create(names.next(), shape);
    if (made.ok()) (void)made.value().end.release();  // never closed
    return made.ok();
  });
}

// A run killed while a transfer cell's two message queues exist: where /dev/mqueue is not
// mounted (this Debian VM) nothing lists queues, so the marker in /dev/shm is what the
// next run's start finds, and removing it removes the queues.
TEST(Leftovers, AKilledRunsMessageQueuesAreFoundThroughTheirMarker) {
  const pid_t child = open_channel_and_die("mqueue", "a9a9a9a9");
  ASSERT_GT(child, 0);
  const std::string base = "shmbench-" + std::to_string(child) + "-a9a9a9a9-0";
  const auto queue_exists = [&](const char* end) {
    const mqd_t queue = ::mq_open(("/" + base + end).c_str(), O_RDONLY);
    if (queue == static_cast<mqd_t>(-1)) return false;
    ::mq_close(queue);
    return true;
  };
  ASSERT_TRUE(queue_exists("-to-reader") && queue_exists("-to-writer"));
  EXPECT_EQ(matching(find_leftovers("shmbench-" + std::to_string(child) + "-"), base + "-mqueues").size(), 1u)
      << "the marker is not listed";
  const CleanOutcome outcome = clean_dead_runs();
  EXPECT_TRUE(outcome.failures.empty());
  EXPECT_FALSE(queue_exists("-to-reader")) << "the dead run's queue outlived clean_dead_runs";
  EXPECT_FALSE(queue_exists("-to-writer")) << "the dead run's queue outlived clean_dead_runs";
  EXPECT_FALSE(in_shm(base + "-mqueues"));
  (void)make_transport("mqueue")->remove(base);
}

// A run killed while a transfer cell's FIFOs exist: they are in /dev/shm, so the next run's
// start finds them whatever $TMPDIR either had (in $TMPDIR, a clean with another one never
// saw them).
TEST(Leftovers, AKilledRunsFifosAreFoundWhateverTheTmpdir) {
  const pid_t child = open_channel_and_die("fifo", "b8b8b8b8", "/var/tmp");
  ASSERT_GT(child, 0);
  const std::string base = "shmbench-" + std::to_string(child) + "-b8b8b8b8-0";
  ASSERT_TRUE(in_shm(base + "-to-reader") && in_shm(base + "-to-writer"));
  const auto found = find_leftovers("shmbench-" + std::to_string(child) + "-");
  EXPECT_EQ(matching(found, base + "-to-reader").size(), 1u);
  EXPECT_EQ(matching(found, base + "-to-writer").size(), 1u);
  const CleanOutcome outcome = clean_dead_runs();
  EXPECT_TRUE(outcome.failures.empty());
  EXPECT_FALSE(in_shm(base + "-to-reader")) << "the dead run's FIFO outlived clean_dead_runs";
  EXPECT_FALSE(in_shm(base + "-to-writer")) << "the dead run's FIFO outlived clean_dead_runs";
  (void)make_transport("fifo")->remove(base);
}

// A creator that exits normally with its segments closed removes its ledger itself.
TEST(Leftovers, ACreatorThatExitsNormallyLeavesNoLedger) {
  RunNames names;
  const std::string name = names.next();
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto made = make_backend("sysv")->create(name, 65536);
    const bool closed = made.ok() && made.value()->close().ok();
    std::exit(closed ? 0 : 1);  // exit(), not _exit(): static destructors run
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "sysv create or close failed in the child";
  EXPECT_FALSE(in_shm(names.prefix() + "sysv-creator-" + std::to_string(child)));
  EXPECT_TRUE(find_leftovers(names.prefix()).empty());
}

}  // namespace
}  // namespace shmbench
