// What a creator that dies without closing leaves behind is found by the leftover scan
// and removed by it: the link a memfd or posix-huge object is named by (its fd died with
// the creator) and a SysV segment (which nothing removes but IPC_RMID). The creator is a
// forked child that exits without closing, as a crashed writer would. Linux only (the
// Windows objects die with their creator's handles; win32-file's file is deleted on close).
#include "backends/leftovers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "backends/names.hpp"

#include <sys/wait.h>
#include <unistd.h>

namespace shmbench {
namespace {

// Creates `name` with `backend` in a child process that then exits without closing it.
void create_and_die(const std::string& backend, const std::string& name) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto made = make_backend(backend)->create(name, 65536);
    if (made.ok()) (void)made.value().release();  // never closed
    ::_exit(made.ok() ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << backend << " create failed in the child";
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

TEST(Leftovers, ASysvSegmentOfADeadCreatorIsFoundAndRemoved) {
  RunNames names;
  const std::string name = names.next();
  create_and_die("sysv", name);
  auto backend = make_backend("sysv");
  // Still there (nobody removed it), and openable by its name's key.
  auto opened = backend->open(name, 65536);
  ASSERT_TRUE(opened.ok()) << opened.error().describe();
  ASSERT_TRUE(opened.value()->close().ok());
  // Segments carry no run's name: only a scan for every shmbench object lists them.
  std::vector<Leftover> orphans;
  for (const auto& leftover : find_leftovers())
    if (leftover.path.rfind("SysV segment ", 0) == 0) orphans.push_back(leftover);
  ASSERT_FALSE(orphans.empty()) << "the dead creator's segment is not listed";
  EXPECT_TRUE(find_leftovers(names.prefix()).empty()) << "a run's own prefix cannot name a segment";
  // clean_dead_runs removes it, as the next run would.
  const CleanOutcome outcome = clean_dead_runs();
  EXPECT_TRUE(outcome.failures.empty());
  auto again = backend->open(name, 65536);
  EXPECT_FALSE(again.ok()) << name << "'s segment outlived clean_dead_runs";
  if (!again.ok()) {
    EXPECT_EQ(again.error().kind, ErrorKind::not_found) << again.error().describe();
  }
  EXPECT_TRUE(backend->remove(name).ok());
}

}  // namespace
}  // namespace shmbench
