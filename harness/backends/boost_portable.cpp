// boost::interprocess::shared_memory_object + mapped_region: real POSIX shared memory on
// Linux; on Windows Boost emulates it with a file in a folder (see boost_shared_dir.hpp),
// whose lifetime is the file system's, so remove() matters there.
#include <boost/interprocess/shared_memory_object.hpp>

#include "backends/backend.hpp"
#include "backends/boost_error.hpp"
#include "backends/boost_shared_dir.hpp"
#include "backends/boost_view.hpp"
#include "common/platform.hpp"

namespace shmbench {

namespace {
namespace bip = boost::interprocess;

// POSIX objects are created 0600. On Windows Boost's permissions are a security
// descriptor; the default (the creator's token) already keeps other users out.
bip::permissions owner_only() {
  bip::permissions permissions;
#if !defined(SHMBENCH_OS_WINDOWS)
  permissions.set_permissions(0600);
#endif
  return permissions;
}

#if defined(SHMBENCH_OS_WINDOWS)
constexpr bool kFolderMayBeTidiedAway = true;
void make_folder_again() { recreate_boost_shared_dir(); }
#else
constexpr bool kFolderMayBeTidiedAway = false;
void make_folder_again() {}
#endif

class BoostPortableObject final : public SharedObject {
 public:
  BoostPortableObject(std::unique_ptr<bip::shared_memory_object> object, std::string name,
                      std::size_t size, bool owner)
      : object_(std::move(object)), name_(std::move(name)), size_(size), owner_(owner) {}
  ~BoostPortableObject() override { (void)close(); }

  Result<std::unique_ptr<View>> map() override { return map_with_boost(*object_, size_); }

  Status close() override {
    if (!object_) return {};
    object_.reset();
    // remove() returning false is not trusted as an error, nor as proof of removal: on
    // Windows under Wine it fails and leaves the file, which the leftover scan catches.
    if (owner_) bip::shared_memory_object::remove(name_.c_str());
    return {};
  }

 private:
  std::unique_ptr<bip::shared_memory_object> object_;
  std::string name_;
  std::size_t size_;
  bool owner_;
};

class BoostPortableBackend final : public Backend {
 public:
  std::string_view name() const override { return "boost-portable"; }
  std::string_view flags() const override {
    return "shared_memory_object(create_only, read_write, 0600) + truncate, mapped_region(read_write)";
  }
#if defined(SHMBENCH_OS_WINDOWS)
  Charge commit_charge() const override { return Charge::never; }  // a file, not the paging file
#else
  // Boost 1.81's truncate calls posix_fallocate, which allocates every page of the object.
  Charge commit_charge() const override { return Charge::at_create; }
#endif

  Result<std::unique_ptr<SharedObject>> create(const std::string& name, std::uint64_t size) override {
    std::unique_ptr<bip::shared_memory_object> object;
    // On Windows the objects are files in one folder (boost_shared_dir.hpp) that another
    // run starting now may remove and make again when it is empty (tidy_object_folder).
    // A create that falls in between fails with "not found": make the folder and try once
    // more (a parallel CTest run once lost a micro-benchmark row to this). Elsewhere a
    // "not found" is the answer.
    for (int attempt = 1;; ++attempt) {
      try {
        object = std::make_unique<bip::shared_memory_object>(bip::create_only, name.c_str(),
                                                             bip::read_write, owner_only());
        break;
      } catch (const bip::interprocess_exception& e) {
        Error error = error_from_boost(e, "shared_memory_object(create_only)");
        if (!kFolderMayBeTidiedAway || error.kind != ErrorKind::not_found || attempt == 2) return error;
      }
      make_folder_again();
    }
    try {
      object->truncate(static_cast<bip::offset_t>(size));
    } catch (const bip::interprocess_exception& e) {
      object.reset();
      bip::shared_memory_object::remove(name.c_str());
      return error_from_boost(e, "shared_memory_object::truncate");
    }
    return std::unique_ptr<SharedObject>(new BoostPortableObject(std::move(object), name, size, true));
  }

  Result<std::unique_ptr<SharedObject>> open(const std::string& name, std::uint64_t size) override {
    try {
      auto object = std::make_unique<bip::shared_memory_object>(bip::open_only, name.c_str(),
                                                                bip::read_write);
      return std::unique_ptr<SharedObject>(new BoostPortableObject(std::move(object), name, size, false));
    } catch (const bip::interprocess_exception& e) {
      return error_from_boost(e, "shared_memory_object(open_only)");
    }
  }

  Status remove(const std::string& name) override {
    bip::shared_memory_object::remove(name.c_str());
    return {};
  }
};
}  // namespace

std::unique_ptr<Backend> make_boost_portable_backend() {
  return std::make_unique<BoostPortableBackend>();
}

}  // namespace shmbench
