#include "measure/transfer_results.hpp"

#include <cmath>
#include <cstdio>

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

std::string paced_operation(const Pacing& pacing, WaitStrategy strategy) {
  char name[64];
  if (pacing.rate > 0) std::snprintf(name, sizeof name, "rate%.0f_%s", pacing.rate, to_string(strategy));
  else if (pacing.idle_ns > 0) {
    // In the largest unit that keeps it whole, so the name has no decimal point: idle10ms, idle500us.
    const double ns = pacing.idle_ns;
    const bool ms = std::fmod(ns, 1e6) == 0, us = std::fmod(ns, 1e3) == 0;
    std::snprintf(name, sizeof name, "idle%.0f%s_%s", ms ? ns / 1e6 : us ? ns / 1e3 : ns, ms ? "ms" : us ? "us" : "ns",
                  to_string(strategy));
  }
  else return transfer_operation(TransferMode::pingpong, strategy);
  return name;
}

}  // namespace shmbench
