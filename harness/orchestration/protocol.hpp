// The worker protocol, defined once for both sides: the controller sends commands and a
// worker answers each with one reply, one JSON object per line over the worker's
// stdin/stdout. Every line carries the protocol version ("v"); a line of another
// version, of an unknown type or with a missing or mistyped field is refused as a typed
// error, never half-read.
//
//   worker     → {"v":1,"type":"hello","timer":{...}}            once, after it starts
//   controller → {"v":1,"type":"write","name":"...","seed":N}    writer: create, map, touch, copy
//   controller → {"v":1,"type":"release"}                        writer: unmap, close
//   controller → {"v":1,"type":"read","name":"...","seed":N}     reader: open, map, verify, close
//   worker     → {"v":1,"type":"measured","samples":[{"op":"create","ns":1234.5,"iterations":1},...]}
//   worker     → {"v":1,"type":"failed","error":"shm_open: not_found (...)"}
//   worker     → {"v":1,"type":"failed","error":"...","foreign":"shmbench-..."}  (optional
//                "foreign": an object already under that name is not ours; leave it alone)
//   controller → {"v":1,"type":"exit"}                           no reply: the worker exits 0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/error.hpp"
#include "measure/operation.hpp"
#include "measure/timer.hpp"

namespace shmbench {

inline constexpr int kProtocolVersion = 1;

struct WriteCommand {
  std::string name;
  std::uint64_t seed = 0;  // of the pattern the writer copies and the reader verifies
};
struct ReleaseCommand {};
struct ReadCommand {
  std::string name;
  std::uint64_t seed = 0;
};
struct ExitCommand {};
using Command = std::variant<WriteCommand, ReleaseCommand, ReadCommand, ExitCommand>;

struct HelloReply {
  TimerInfo timer;  // the worker's calibrated timer, recorded in the report
};
// One timed operation: ns per call, page or pass (see TimeUnit), averaged over iterations.
struct Sample {
  Operation op = Operation::create;
  double ns = 0;
  std::uint64_t iterations = 1;
};
struct MeasuredReply {
  std::vector<Sample> samples;
};
struct FailedReply {
  std::string error;  // Error::describe() of what failed, for the report's error rows
  // Set when the worker refused to create an object because one already existed under
  // this name: somebody else's, which the controller must neither remove nor map.
  std::string foreign_name = {};
};
using Reply = std::variant<HelloReply, MeasuredReply, FailedReply>;

// One line each, without the newline.
std::string encode(const Command& command);
std::string encode(const Reply& reply);
// ErrorKind::invalid_argument, call "protocol", when the line is not a valid message.
Result<Command> decode_command(std::string_view line);
Result<Reply> decode_reply(std::string_view line);

// "write", "hello", ...: for messages about an unexpected message.
const char* type_name(const Command& command);
const char* type_name(const Reply& reply);

}  // namespace shmbench
