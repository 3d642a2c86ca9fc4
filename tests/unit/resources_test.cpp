// count_resources() (harness/os/resources.hpp): the stress scenario's leak accounting
// takes its differences, so each object held must count once and each one closed must
// stop counting.
#include "os/resources.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "backends/leftovers.hpp"
#include "backends/names.hpp"

namespace shmbench {
namespace {

// The platform's own API: one handle (Windows) or one descriptor (Linux) per object.
std::unique_ptr<Backend> native_backend() {
  if (auto win32 = make_backend("win32")) return win32;
  return make_backend("posix");
}

TEST(ResourcesTest, HandleCountFollowsTheObjectsHeld) {
  auto backend = native_backend();
  ASSERT_NE(backend, nullptr);
  RunNames names;
  // The first create opens what the process then keeps (Wine: the named-object
  // directory and the like), as the churn scenario's warm-up cycle allows for.
  {
    auto warm_up = backend->create(names.next(), 4096);
    ASSERT_TRUE(warm_up.ok()) << warm_up.error().describe();
    ASSERT_TRUE(warm_up.value()->close().ok());
  }
  const long before = count_resources().handles;
  ASSERT_GE(before, 0);

  constexpr int kObjects = 5;
  std::vector<std::unique_ptr<SharedObject>> held;
  for (int i = 0; i < kObjects; ++i) {
    auto made = backend->create(names.next(), 4096);
    ASSERT_TRUE(made.ok()) << made.error().describe();
    held.push_back(std::move(made.value()));
  }
  EXPECT_EQ(count_resources().handles, before + kObjects);

  for (auto& object : held) ASSERT_TRUE(object->close().ok());
  EXPECT_EQ(count_resources().handles, before);
  (void)clean_prefix(names.prefix());
}

}  // namespace
}  // namespace shmbench
