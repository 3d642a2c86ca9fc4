// Every backend this build offers (harness/backends/backend.hpp), through the common interface.
// Each test uses names from its own RunNames, so parallel runs never collide, and the
// fixture closes what the test left open and removes every name it handed out.
#include "backends/backend.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "backends/leftovers.hpp"
#include "backends/names.hpp"
#include "os/memory_state.hpp"
#include "os/process.hpp"
#include "os/sysinfo.hpp"
#include "measure/pattern.hpp"
#include "support/sibling_program.hpp"

#if defined(_WIN32)
#include "backends/boost_shared_dir.hpp"
#include "common/utf8.hpp"
#endif

namespace shmbench {
namespace {

constexpr std::uint64_t kSize = 64 * 1024;

bool running_under_wine() { return !read_system_info().wine_version.empty(); }

class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    backend_ = make_backend(GetParam());
    ASSERT_NE(backend_, nullptr) << "available_backends() lists " << GetParam() << " but make_backend refuses it";
    // Where the system refuses a variant (no huge pages reserved, no "Lock pages in
    // memory"), there is nothing to test but the refusal, which says how to enable it.
    const Status usable = backend_->usable(kSize);
    if (!usable.ok()) {
      EXPECT_FALSE(usable.error().hint.empty()) << "a refusal without a way to enable it: " << usable.error().describe();
      GTEST_SKIP() << GetParam() << " is refused here: " << usable.error().describe();
    }
  }

  void TearDown() override {
    // Views before the objects they map, objects before their names are removed.
    for (auto& view : views_) view.reset();
    for (auto& object : objects_)
      if (object) (void)object->close();
    views_.clear();
    objects_.clear();
    if (!backend_) return;
    for (const auto& name : names_used_) {
      Status removed = backend_->remove(name);
      EXPECT_TRUE(removed.ok()) << "remove(" << name << "): " << removed.error().describe();
    }
    // remove() is not trusted everywhere (Boost's file-emulated objects under Wine):
    // delete whatever is still there under this test's prefix, and insist it worked.
    const CleanOutcome outcome = clean_prefix(names_.prefix());
    for (const auto& failure : outcome.failures) ADD_FAILURE() << "cleanup: " << failure;
    EXPECT_TRUE(find_leftovers(names_.prefix()).empty()) << "objects of " << names_.prefix() << " outlived the test";
  }

  std::string fresh_name() {
    names_used_.push_back(names_.next());
    return names_used_.back();
  }

  // Keeps `object` alive until TearDown (or until the test closes it itself).
  SharedObject& keep(std::unique_ptr<SharedObject> object) {
    objects_.push_back(std::move(object));
    return *objects_.back();
  }
  View& keep(std::unique_ptr<View> view) {
    views_.push_back(std::move(view));
    return *views_.back();
  }

  // Creates an object of kSize bytes under a fresh name, or fails the test.
  SharedObject* create_object(const std::string& name) {
    auto created = backend_->create(name, kSize);
    EXPECT_TRUE(created.ok()) << "create(" << name << "): " << created.error().describe();
    if (!created.ok()) return nullptr;
    return &keep(std::move(created.value()));
  }

  // Maps and commits (where the backend reserves): a view ready to be written.
  View* map_object(SharedObject& object) {
    auto mapped = object.map();
    EXPECT_TRUE(mapped.ok()) << "map: " << mapped.error().describe();
    if (!mapped.ok()) return nullptr;
    const Status committed = mapped.value()->commit();
    EXPECT_TRUE(committed.ok()) << "commit: " << committed.error().describe();
    return &keep(std::move(mapped.value()));
  }

  bool has_names() const { return !backend_->process_local(); }

  // After its creator let go, `name` must be gone: not openable, free to create again.
  // The one documented exception (design.md): Boost's file-emulated shared_memory_object
  // under Wine, whose remove() fails and leaves the file. There the object must at least
  // be visible to the leftover scan and removable by it, which is what shmbench relies on.
  void expect_name_released(const std::string& name) {
    if (GetParam() == "boost-portable" && running_under_wine()) {
      std::vector<Leftover> left;
      for (auto& leftover : find_leftovers(name))
        if (leftover.name == name) left.push_back(leftover);
      if (!left.empty()) {
        std::cout << "[   NOTE   ] " << name << " outlived its close (Boost remove() under Wine); "
                  << "removing it as a leftover\n";
        const CleanOutcome outcome = clean_object(name);
        EXPECT_EQ(outcome.removed.size(), 1u) << name;
        for (const auto& failure : outcome.failures) ADD_FAILURE() << failure;
      }
    }
    auto opened = backend_->open(name, kSize);
    EXPECT_FALSE(opened.ok()) << name << " can still be opened after its creator let go";
    if (opened.ok()) keep(std::move(opened.value()));
    else EXPECT_EQ(opened.error().kind, ErrorKind::not_found) << opened.error().describe();
    auto again = backend_->create(name, kSize);
    ASSERT_TRUE(again.ok()) << name << " cannot be created again: " << again.error().describe();
    keep(std::move(again.value()));
  }

  std::unique_ptr<Backend> backend_;
  RunNames names_;
  std::vector<std::string> names_used_;
  std::vector<std::unique_ptr<View>> views_;
  std::vector<std::unique_ptr<SharedObject>> objects_;
};

TEST_P(BackendTest, ReportsItsName) { EXPECT_EQ(backend_->name(), GetParam()); }

TEST_P(BackendTest, CreateMapWriteUnmapClose) {
  const std::string name = fresh_name();
  auto created = backend_->create(name, kSize);
  ASSERT_TRUE(created.ok()) << created.error().describe();
  std::unique_ptr<SharedObject> object = std::move(created.value());
  ASSERT_NE(object, nullptr);

  auto mapped = object->map();
  ASSERT_TRUE(mapped.ok()) << mapped.error().describe();
  std::unique_ptr<View> view = std::move(mapped.value());
  ASSERT_NE(view, nullptr);
  ASSERT_NE(view->data(), nullptr);
  ASSERT_GE(view->size(), kSize);
  const Status committed = view->commit();
  ASSERT_TRUE(committed.ok()) << committed.error().describe();

  fill_pattern(view->data(), kSize, 0xC0FFEE);
  EXPECT_EQ(find_pattern_mismatch(view->data(), kSize, 0xC0FFEE), kSize);

  const Status unmapped = view->unmap();
  EXPECT_TRUE(unmapped.ok()) << unmapped.error().describe();
  // unmap() is idempotent: the destructor calls it again.
  const Status unmapped_again = view->unmap();
  EXPECT_TRUE(unmapped_again.ok()) << unmapped_again.error().describe();
  view.reset();

  const Status closed = object->close();
  EXPECT_TRUE(closed.ok()) << closed.error().describe();
  const Status closed_again = object->close();
  EXPECT_TRUE(closed_again.ok()) << closed_again.error().describe();
}

TEST_P(BackendTest, DestructorsReleaseWithoutExplicitUnmapOrClose) {
  const std::string name = fresh_name();
  {
    auto created = backend_->create(name, kSize);
    ASSERT_TRUE(created.ok()) << created.error().describe();
    auto mapped = created.value()->map();
    ASSERT_TRUE(mapped.ok()) << mapped.error().describe();
    ASSERT_TRUE(mapped.value()->commit().ok());
    fill_pattern(mapped.value()->data(), kSize, 1);
    EXPECT_EQ(find_pattern_mismatch(mapped.value()->data(), kSize, 1), kSize);
    // Both leave scope still mapped and open.
  }
  if (!has_names()) return;
  // The creator's destructor gave the name up.
  expect_name_released(name);
}

TEST_P(BackendTest, SecondCreateOfSameNameIsRefused) {
  if (!has_names()) GTEST_SKIP() << GetParam() << " has no names";
  const std::string name = fresh_name();
  SharedObject* first = create_object(name);
  ASSERT_NE(first, nullptr);
  View* view = map_object(*first);
  ASSERT_NE(view, nullptr);
  fill_pattern(view->data(), kSize, 42);

  auto second = backend_->create(name, kSize);
  ASSERT_FALSE(second.ok()) << "a second create of " << name << " attached to the existing object";
  EXPECT_EQ(second.error().kind, ErrorKind::already_exists) << second.error().describe();

  // A smaller second create is refused too (the Win32 name-squatting trap returns the
  // old section with its old size), and the first object is left untouched.
  auto smaller = backend_->create(name, 4096);
  ASSERT_FALSE(smaller.ok());
  EXPECT_EQ(smaller.error().kind, ErrorKind::already_exists) << smaller.error().describe();
  EXPECT_EQ(find_pattern_mismatch(view->data(), kSize, 42), kSize);
}

TEST_P(BackendTest, OpenOfMissingNameIsNotFound) {
  if (!has_names()) GTEST_SKIP() << GetParam() << " has no names";
  const std::string name = fresh_name();
  auto opened = backend_->open(name, kSize);
  ASSERT_FALSE(opened.ok()) << "opened " << name << ", which nobody created";
  EXPECT_EQ(opened.error().kind, ErrorKind::not_found) << opened.error().describe();
  EXPECT_FALSE(opened.error().call.empty());
}

TEST_P(BackendTest, OpenSeesCreatorsBytes) {
  if (!has_names()) GTEST_SKIP() << GetParam() << " has no names";
  const std::string name = fresh_name();
  SharedObject* creator = create_object(name);
  ASSERT_NE(creator, nullptr);
  View* writer = map_object(*creator);
  ASSERT_NE(writer, nullptr);
  fill_pattern(writer->data(), kSize, 0xABCDEF);

  auto opened = backend_->open(name, kSize);
  ASSERT_TRUE(opened.ok()) << opened.error().describe();
  SharedObject& reader_object = keep(std::move(opened.value()));
  View* reader = map_object(reader_object);
  ASSERT_NE(reader, nullptr);
  ASSERT_GE(reader->size(), kSize);
  EXPECT_EQ(find_pattern_mismatch(reader->data(), kSize, 0xABCDEF), kSize);

  // And it is the same memory, not a copy: the creator sees what the opener writes.
  fill_pattern(reader->data(), kSize, 0x123);
  EXPECT_EQ(find_pattern_mismatch(writer->data(), kSize, 0x123), kSize);
}

TEST_P(BackendTest, RemoveOfNeverCreatedNameIsOk) {
  const std::string name = fresh_name();
  const Status removed = backend_->remove(name);
  EXPECT_TRUE(removed.ok()) << removed.error().describe();
}

TEST_P(BackendTest, CloseByCreatorFreesTheName) {
  if (!has_names()) GTEST_SKIP() << GetParam() << " has no names";
  const std::string name = fresh_name();
  auto created = backend_->create(name, kSize);
  ASSERT_TRUE(created.ok()) << created.error().describe();
  const Status closed = created.value()->close();
  ASSERT_TRUE(closed.ok()) << closed.error().describe();
  expect_name_released(name);
}

// Every run starts with tidy_object_folder(), which may recreate the folder Boost's
// emulated objects live in (Windows). A live object must survive it, and the folder must
// take new objects afterwards.
TEST_P(BackendTest, TidyingTheObjectFolderKeepsLiveObjectsAndTakesNewOnes) {
  if (!has_names()) GTEST_SKIP() << GetParam() << " has no names";
  const std::string first = fresh_name();
  SharedObject* held = create_object(first);
  ASSERT_NE(held, nullptr);
  tidy_object_folder();
  auto opened = backend_->open(first, kSize);
  ASSERT_TRUE(opened.ok()) << first << " was lost to tidy_object_folder: " << opened.error().describe();
  ASSERT_TRUE(opened.value()->close().ok());
  ASSERT_TRUE(held->close().ok());
  // What remove() leaves (Boost's emulation under Wine) goes, so the folder may now be
  // empty and get recreated.
  for (const auto& failure : clean_prefix(names_.prefix()).failures) ADD_FAILURE() << failure;
  tidy_object_folder();
  ASSERT_NE(create_object(fresh_name()), nullptr);
}

// Another run starting now may remove the objects' folder when it is empty and make it
// again (tidy_object_folder), or be killed in between: a create must still succeed (a
// parallel CTest run once lost a boost-portable micro-benchmark row to that window).
TEST_P(BackendTest, CreatesAfterAnotherRunRemovedTheObjectFolder) {
  if (!has_names()) GTEST_SKIP() << GetParam() << " has no names";
#if defined(_WIN32)
  const std::filesystem::path folder = path_from_utf8(boost_shared_dir());
  std::error_code ec;
  std::filesystem::remove(folder, ec);  // only if empty, as tidy_object_folder
  if (std::filesystem::exists(folder)) GTEST_SKIP() << "the folder holds another run's objects";
  const std::string name = fresh_name();
  auto created = backend_->create(name, kSize);
  ASSERT_TRUE(created.ok()) << created.error().describe();
  EXPECT_TRUE(created.value()->close().ok());
  recreate_boost_shared_dir();  // for backends that do not use it
#else
  GTEST_SKIP() << "no objects' folder on this system";
#endif
}

// A backend that asks for large pages gets them (its size rounded up to one), or usable()
// refused it and SetUp skipped the test: never small pages under a large-page name.
TEST_P(BackendTest, LargePagesAreWhatItObtains) {
  const std::uint64_t large = backend_->large_page_size();
  if (large == 0) {
    EXPECT_EQ(backend_->allocation_size(kSize), kSize);
    GTEST_SKIP() << GetParam() << " uses the system's base pages";
  }
  EXPECT_EQ(backend_->allocation_size(kSize), large);
  EXPECT_EQ(backend_->allocation_size(large + 1), 2 * large);
  SharedObject* object = create_object(fresh_name());
  ASSERT_NE(object, nullptr);
  View* view = map_object(*object);
  ASSERT_NE(view, nullptr);
  EXPECT_EQ(view->size(), kSize) << "a view says the size asked for, whatever it maps";
  fill_pattern(view->data(), kSize, 7);
  EXPECT_EQ(page_size_at(view->data()), large);
}

// The page size read back for a base-page backend is the system's page.
TEST_P(BackendTest, BasePagesAreTheSystemsPage) {
  if (backend_->large_page_size() != 0) GTEST_SKIP() << GetParam() << " asks for large pages";
  SharedObject* object = create_object(fresh_name());
  ASSERT_NE(object, nullptr);
  View* view = map_object(*object);
  ASSERT_NE(view, nullptr);
  fill_pattern(view->data(), kSize, 9);
  EXPECT_EQ(page_size_at(view->data()), read_system_info().page_size);
}

// GoogleTest parameter names may hold only letters, digits and underscores, and test
// names should not hold underscores: "boost-portable" becomes "boostportable".
std::string backend_test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  name.erase(std::remove(name.begin(), name.end(), '-'), name.end());
  return name;
}

INSTANTIATE_TEST_SUITE_P(Available, BackendTest, ::testing::ValuesIn(available_backends()), backend_test_name);

TEST(BackendRegistry, OffersHeapAndBoostPortableEverywhere) {
  const auto names = available_backends();
  EXPECT_NE(std::find(names.begin(), names.end(), "heap"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "boost-portable"), names.end());
#if defined(_WIN32)
  EXPECT_NE(std::find(names.begin(), names.end(), "win32"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "boost-windows"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "posix"), names.end());
#else
  EXPECT_NE(std::find(names.begin(), names.end(), "posix"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "win32"), names.end());
#endif
}

TEST(BackendRegistry, AvailableBackendsAreKnownNames) {
  const auto known = all_backend_names();
  for (const auto& name : available_backends())
    EXPECT_NE(std::find(known.begin(), known.end(), name), known.end()) << name;
}

TEST(BackendRegistry, UnknownOrForeignNameGivesNull) {
  EXPECT_EQ(make_backend("no-such-backend"), nullptr);
  EXPECT_EQ(make_backend(""), nullptr);
#if defined(_WIN32)
  EXPECT_EQ(make_backend("posix"), nullptr);
#else
  EXPECT_EQ(make_backend("win32"), nullptr);
  EXPECT_EQ(make_backend("boost-windows"), nullptr);
#endif
}

TEST(HeapBackend, IsProcessLocalAndCannotBeOpened) {
  auto heap = make_backend("heap");
  ASSERT_NE(heap, nullptr);
  EXPECT_TRUE(heap->process_local());
  auto opened = heap->open("anything", kSize);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().kind, ErrorKind::unsupported) << opened.error().describe();
}

TEST(HeapBackend, ZeroSizeIsRefused) {
  auto heap = make_backend("heap");
  ASSERT_NE(heap, nullptr);
  auto created = heap->create("anything", 0);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().kind, ErrorKind::invalid_argument) << created.error().describe();
}

TEST(HeapBackend, ViewIsPageAligned) {
  auto heap = make_backend("heap");
  ASSERT_NE(heap, nullptr);
  auto created = heap->create("anything", kSize);
  ASSERT_TRUE(created.ok()) << created.error().describe();
  auto mapped = created.value()->map();
  ASSERT_TRUE(mapped.ok()) << mapped.error().describe();
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(mapped.value()->data()) % 4096, 0u);
  EXPECT_EQ(mapped.value()->size(), kSize);
}

#if !defined(_WIN32)
// The minor page faults that four rounds of the writer's creates took in a new process
// (shmbench-test-child heap-faults), or -1 where the child could not say.
long heap_faults_in_new_process(std::uint64_t size, bool settled) {
  auto child = ChildProcess::start(test::sibling_program("shmbench-test-child"),
                                   {"heap-faults", std::to_string(size), settled ? "settled" : "unsettled"});
  if (!child.ok()) return -1;
  std::string line;
  if (child.value()->read_line(line, std::chrono::seconds(30)) != ChildProcess::ReadResult::line) return -1;
  child.value()->stop("", StopDeadlines{});
  return std::strtol(line.c_str(), nullptr, 10);
}
#endif

// glibc's aligned allocations took a fresh page per create for a young process's first
// rounds (heap.cpp); a settled process must not, or the heap's create reports page faults.
TEST(HeapBackend, SettledProcessCreatesWithoutFreshPages) {
#if defined(_WIN32)
  GTEST_SKIP() << "the fault count is read on Linux; under Wine the heap showed no such effect";
#else
  for (const std::uint64_t size : {std::uint64_t{4096}, std::uint64_t{65536}}) {
    const long unsettled = heap_faults_in_new_process(size, false);
    const long settled = heap_faults_in_new_process(size, true);
    ASSERT_GE(settled, 0) << "the child could not count its faults";
    // 36 creates: settled, the allocator reused its pages (0 faults measured, 32 unsettled).
    EXPECT_LE(settled, 2) << size << " bytes: " << settled << " faults settled, " << unsettled << " unsettled";
  }
#endif
}

}  // namespace
}  // namespace shmbench
