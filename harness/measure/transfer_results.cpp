#include "measure/transfer_results.hpp"

namespace shmbench {

const char* to_string(TransferMode mode) { return mode == TransferMode::pingpong ? "pingpong" : "stream"; }

const char* to_string(WaitStrategy strategy) {
  switch (strategy) {
    case WaitStrategy::spin: return "spin";
    case WaitStrategy::yield: return "yield";
    case WaitStrategy::kernel: return "kernel";
  }
  return "spin";
}

std::optional<TransferMode> transfer_mode_named(std::string_view name) {
  for (TransferMode mode : kTransferModes)
    if (name == to_string(mode)) return mode;
  return std::nullopt;
}

std::optional<WaitStrategy> wait_strategy_named(std::string_view name) {
  for (WaitStrategy strategy : kWaitStrategies)
    if (name == to_string(strategy)) return strategy;
  return std::nullopt;
}

std::string transfer_operation(TransferMode mode, WaitStrategy strategy) {
  return std::string(to_string(mode)) + "_" + to_string(strategy);
}

}  // namespace shmbench
