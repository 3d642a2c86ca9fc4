// A view held by a boost::interprocess::mapped_region; unmapping destroys the region.
#pragma once

#include <boost/interprocess/mapped_region.hpp>
#include <memory>

#include "backends/backend.hpp"
#include "backends/boost_error.hpp"

namespace shmbench {

class BoostView final : public View {
 public:
  explicit BoostView(std::unique_ptr<boost::interprocess::mapped_region> region)
      : View(static_cast<std::byte*>(region->get_address()), region->get_size()),
        region_(std::move(region)) {}
  Status unmap() override {
    region_.reset();  // mapped_region's destructor unmaps; it reports no error
    data_ = nullptr;
    return {};
  }

 private:
  std::unique_ptr<boost::interprocess::mapped_region> region_;
};

// Maps `object` read-write as a BoostView, or returns Boost's error as ours.
template <typename Mappable>
Result<std::unique_ptr<View>> map_with_boost(const Mappable& object, std::size_t size) {
  try {
    auto region = std::make_unique<boost::interprocess::mapped_region>(
        object, boost::interprocess::read_write, 0, size);
    return std::unique_ptr<View>(new BoostView(std::move(region)));
  } catch (const boost::interprocess::interprocess_exception& e) {
    return error_from_boost(e, "mapped_region");
  }
}

}  // namespace shmbench
