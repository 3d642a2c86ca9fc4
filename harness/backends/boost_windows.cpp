// boost::interprocess::windows_shared_memory + mapped_region: Boost's wrapper of the same
// paging-file section the win32 backend uses, with the same handle-bound lifetime.
#include <boost/interprocess/windows_shared_memory.hpp>

#include "backends/backend.hpp"
#include "backends/boost_error.hpp"
#include "backends/boost_view.hpp"
#include "backends/win32_name.hpp"

namespace shmbench {

namespace {
namespace bip = boost::interprocess;

class BoostWindowsObject final : public SharedObject {
 public:
  BoostWindowsObject(std::unique_ptr<bip::windows_shared_memory> memory, std::size_t size)
      : memory_(std::move(memory)), size_(size) {}

  Result<std::unique_ptr<View>> map() override { return map_with_boost(*memory_, size_); }

  Status close() override {
    memory_.reset();  // the destructor closes the handle; it reports no error
    return {};
  }

 private:
  std::unique_ptr<bip::windows_shared_memory> memory_;
  std::size_t size_;
};

class BoostWindowsBackend final : public Backend {
 public:
  std::string_view name() const override { return "boost-windows"; }
  std::string_view flags() const override {
    return name_scope() == NameScope::global
               ? "windows_shared_memory(create_only, read_write), Global\\ names, mapped_region(read_write)"
               : "windows_shared_memory(create_only, read_write), Local\\ names, mapped_region(read_write)";
  }
  // A paging-file section made with SEC_COMMIT, as win32's.
  Charge commit_charge() const override { return Charge::at_create; }

  Result<std::unique_ptr<SharedObject>> create(const std::string& name, std::uint64_t size) override {
    try {
      auto memory = std::make_unique<bip::windows_shared_memory>(
          bip::create_only, win32_object_name_narrow(name).c_str(), bip::read_write,
          static_cast<std::size_t>(size));
      return std::unique_ptr<SharedObject>(new BoostWindowsObject(std::move(memory), size));
    } catch (const bip::interprocess_exception& e) {
      return error_from_boost(e, "windows_shared_memory(create_only)");
    }
  }

  Result<std::unique_ptr<SharedObject>> open(const std::string& name, std::uint64_t size) override {
    try {
      auto memory = std::make_unique<bip::windows_shared_memory>(
          bip::open_only, win32_object_name_narrow(name).c_str(), bip::read_write);
      return std::unique_ptr<SharedObject>(new BoostWindowsObject(std::move(memory), size));
    } catch (const bip::interprocess_exception& e) {
      return error_from_boost(e, "windows_shared_memory(open_only)");
    }
  }

  Status remove(const std::string&) override { return {}; }
};
}  // namespace

std::unique_ptr<Backend> make_boost_windows_backend() {
  return std::make_unique<BoostWindowsBackend>();
}

}  // namespace shmbench
