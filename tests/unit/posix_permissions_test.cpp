// POSIX objects are created 0600 (design.md, Safety): other users can neither read nor
// attach to a benchmark's memory. Linux only: Windows objects carry a security descriptor.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cerrno>
#include <string>

#include "backends/backend.hpp"
#include "backends/names.hpp"

namespace shmbench {
namespace {

class PosixPermissions : public ::testing::TestWithParam<std::string> {};

TEST_P(PosixPermissions, NewObjectIsOwnerReadWriteOnly) {
  auto backend = make_backend(GetParam());
  ASSERT_NE(backend, nullptr);
  RunNames names;
  const std::string name = names.next();
  auto created = backend->create(name, 4096);
  ASSERT_TRUE(created.ok()) << created.error().describe();
  struct stat info {};
  const int rc = ::stat(("/dev/shm/" + name).c_str(), &info);
  const int saved_errno = errno;
  (void)created.value()->close();
  (void)backend->remove(name);
  ASSERT_EQ(rc, 0) << "no /dev/shm/" << name << " (errno " << saved_errno << ")";
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

INSTANTIATE_TEST_SUITE_P(Linux, PosixPermissions, ::testing::Values("posix", "boost-portable"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return param.param == "posix" ? std::string("posix") : std::string("boostportable");
                         });

}  // namespace
}  // namespace shmbench
