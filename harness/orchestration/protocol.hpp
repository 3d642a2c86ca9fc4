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
//                (a sample may carry "counters":{"commit_charge_bytes":65536,...}: what the
//                worker read beside the timing, e.g. the memory accounting)
//   worker     → {"v":1,"type":"failed","error":"shm_open: not_found (...)"}
//   worker     → {"v":1,"type":"failed","error":"...","foreign":"shmbench-..."}  (optional
//                "foreign": an object already under that name is not ours; leave it alone)
//   controller → {"v":1,"type":"exit"}                           no reply: the worker exits 0
//
// The transfer scenario's workers (scenarios/transfer) take one command in three steps:
//   controller → {"v":1,"type":"transfer","step":"open"|"run"|"close","name":"...","mode":"pingpong",
//                 "strategy":"spin","size":N,"slots":K,"seed":N,"first_seq":N,"messages":N,
//                 "budget_ms":X,"peer_timeout_ms":X,"measure_memcpy":false}  (optional: "address",
//                 "rate", "idle_ns", "lead_in_ms")
//   worker     → {"v":1,"type":"transferred","messages":N,"ns_per_message":X,"cpu_ns":X,"wall_ns":X,
//                 "peer_cpu_ns":X,"peer_wall_ns":X,"memcpy_ns":X,"rtt":{histogram}}  (optional:
//                 "address", "late_p50_ns", "lead_in_messages")
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "common/error.hpp"
#include "measure/histogram.hpp"
#include "measure/operation.hpp"
#include "measure/timer.hpp"
#include "measure/transfer_results.hpp"

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
// One step of a transfer cell: open (the writer creates, the reader opens), run one
// repetition, close. Every field travels with every step, so each is self-contained.
enum class TransferStep { open, run, close };
struct TransferCommand {
  TransferStep step = TransferStep::open;
  std::string name;
  TransferMode mode = TransferMode::pingpong;
  WaitStrategy strategy = WaitStrategy::spin;
  std::uint64_t size = 0;
  std::uint64_t slots = 1;
  std::uint64_t seed = 0;       // message m carries the pattern for message_seed(seed, m)
  std::uint64_t first_seq = 1;  // the run's first message number (they count up across runs)
  std::uint64_t messages = 0;   // the timed batch's length; 0: as many as fit in budget_ms
  double budget_ms = 10;
  double peer_timeout_ms = 30000;  // how long a side waits for its peer before giving up
  bool measure_memcpy = false;     // the heap writer also times the memcpy reference
  std::string address = {};        // transports: what the writer's open answered, for the reader's open
  double rate = 0;                 // paced ping-pong: messages per second (0: not paced by rate)
  double idle_ns = 0;              // paced ping-pong: silence before each message (0: none)
  double lead_in_ms = 0;           // ping-pong: untimed round trips for this long before the timed ones
};
using Command = std::variant<WriteCommand, ReleaseCommand, ReadCommand, ExitCommand, TransferCommand>;

struct HelloReply {
  TimerInfo timer;  // the worker's calibrated timer, recorded in the report
};
// One timed operation: ns per call, page or pass (see TimeUnit), averaged over iterations.
struct Sample {
  Operation op = Operation::create;
  double ns = 0;
  std::uint64_t iterations = 1;
  // Numbers read beside the timing, outside it (the memory accounting, the page size
  // obtained), reported as counters of this operation's row for this repetition.
  std::vector<std::pair<std::string, double>> counters = {};
  // How many of the iterations one timer reading spanned: 1 where each call was timed on
  // its own (create ... close take the median of several), the passes of one chunk for a
  // warm copy or read; 0 where one span covered them all. The timer-floor warning needs
  // the span, not the sum: a 50 ns call timed 9 times is no 450 ns span.
  std::uint64_t iterations_per_span = 0;
};
struct MeasuredReply {
  std::vector<Sample> samples;
};
struct FailedReply {
  std::string error;  // Error::describe() of what failed, for the report's error rows
  // Set when the worker refused to create an object because one already existed under
  // this name: somebody else's, which the controller must neither remove nor map.
  std::string foreign_name = {};
  // Set when what failed is not on this system (a transport it lacks): the row then says
  // "not available", which is no failure of the run.
  bool unsupported = false;
};
// A transfer step done. For open and close everything is 0; for run, what this side
// measured (the heap writer also reports its reader thread as the peer).
struct TransferredReply {
  std::uint64_t messages = 0;
  double ns_per_message = 0;
  double cpu_ns = 0, wall_ns = 0;
  double peer_cpu_ns = 0, peer_wall_ns = 0;
  double memcpy_ns = 0;  // 0: not measured
  Histogram rtt;
  std::string address = {};  // a transport writer's open: what the reader needs to open
  double late_p50_ns = 0;     // paced ping-pong: how late the writer sent, its median
  std::uint64_t lead_in_messages = 0;  // ping-pong: the untimed round trips sent before the timed ones
};
using Reply = std::variant<HelloReply, MeasuredReply, FailedReply, TransferredReply>;

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
