// The stress workers' line protocol: the controller sends one task line, the worker
// answers "ready" when it has mapped what it needs, then one "result" (named counters and
// texts) or "failed", and exits on "exit" or at the end of its input. The killed-
// controller fault's inner controller also says "announce" (its workers' pids, its
// object's name and its name prefix) once its workers run. One JSON object per line, with
// the protocol version; anything else is refused as a typed error.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace shmbench::stress {

inline constexpr int kStressProtocolVersion = 1;

struct Task {
  std::string kind;  // writer, reader, churn, capacity, controller
  std::string backend;
  std::string name;             // writer/reader: the mapping; churn/capacity: a name prefix
  std::uint64_t size = 0;       // writer/reader: the mapping's size
  int index = 0;                // writer/reader: its number
  std::string corruption = "none";  // writer: none, torn, lost, duplicate
  std::string fault = "none";       // none, crash-mid-copy, crash, hang
  double duration = 0;              // churn: seconds
  std::uint64_t unit = 0;           // churn: object size; capacity: bytes per mapping when counting
  std::uint64_t max_bytes = 0;      // capacity
  std::uint64_t max_mappings = 0;   // capacity
  // controller: the fan-out it runs until it is killed
  int readers = 0;
  std::uint64_t slots = 0, message_size = 0;
};

struct Reply {
  std::string type;  // ready, result, failed, announce
  std::map<std::string, double> counters;
  std::map<std::string, std::string> texts;
  std::string error;
  std::vector<long> pids;
};

std::string encode_task(const Task& task);
Result<Task> decode_task(std::string_view line);
std::string encode_reply(const Reply& reply);
Result<Reply> decode_reply(std::string_view line);
std::string exit_line();

}  // namespace shmbench::stress
