// Message transports that are not mappings (pipes, FIFOs, sockets, message queues, named
// pipes): the same questions the transfer scenario asks of a mapping, asked of the
// channels programs use instead of one. A transport follows the backends' discipline
// (backends/backend.hpp): the writer creates, exclusively, under a run's name; the reader
// opens; the writer's end completes the connection once the reader is there (accept,
// ConnectNamedPipe) and removes the name at once, so nothing outlives the cell; typed
// errors, never exceptions; move-only ends that close themselves once.
//
// A connection moves whole messages of one size both ways (the message and its answer),
// waiting the way the cell's strategy says when there is nothing to read or no room to
// write:
//   spin    non-blocking calls, retried with a pause instruction
//   yield   non-blocking calls, the time slice given up between tries
//   kernel  asleep in the kernel until the channel is ready (poll, mq_timedreceive, an
//           overlapped wait), as a program that blocks would be
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace shmbench {

enum class IoWait { spin, yield, kernel };

// How long one send or receive may wait for the peer, and how it waits.
struct IoLimit {
  IoWait wait = IoWait::kernel;
  std::chrono::steady_clock::time_point deadline;
};

// What a send or receive came to. `closed`: the peer closed its end (it gave up, or died);
// `timed_out`: the deadline passed with the peer silent; `failed`: the OS said no.
struct IoResult {
  enum class Kind { done, closed, timed_out, failed };
  Kind kind = Kind::done;
  Error error;  // for failed (and closed, where the OS said how)
  bool ok() const { return kind == Kind::done; }
  static IoResult failure(Error e) { return {Kind::failed, std::move(e)}; }
};

// One side's end of an open channel.
class Connection {
 public:
  virtual ~Connection() = default;
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The writer's end: completes the connection once the reader has opened its end (it
  // has by the writer's first run) and removes the channel's name. Later calls do
  // nothing. The reader's end is complete when open() returns.
  virtual Status accept(const IoLimit& limit) = 0;
  // Moves one whole message of `size` bytes.
  virtual IoResult send(const std::byte* data, std::size_t size, const IoLimit& limit) = 0;
  virtual IoResult receive(std::byte* data, std::size_t size, const IoLimit& limit) = 0;
  // Closes the end: the peer's next receive says `closed`. The destructor does the same.
  virtual Status close() = 0;
};

// What a cell asks of a channel: its message size and how its sides wait.
struct ChannelShape {
  std::uint64_t message_size = 0;  // writer to reader
  std::uint64_t answer_size = 8;   // reader to writer: its answers (a sequence number)
  IoWait wait = IoWait::kernel;
};

struct CreatedEnd {
  std::unique_ptr<Connection> end;
  // What the reader needs besides the name, passed on by the controller: a TCP port, or
  // the writer's pid and the handles (descriptors) of an anonymous pipe. May be empty.
  std::string address;
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual std::string_view name() const = 0;
  // The calls and options it uses, recorded in the report beside its figures.
  virtual std::string_view flags() const = 0;
  // What its `kernel` strategy sleeps in, for the report.
  virtual std::string_view kernel_wait() const = 0;
  // Why it cannot carry messages of `size` bytes on this system (the row then says "not
  // available: " and this), or nullopt when it can.
  virtual std::optional<std::string> unavailable(std::uint64_t size) const = 0;

  // The writer's side: creates the channel under `name` (refusing one that exists).
  virtual Result<CreatedEnd> create(const std::string& name, const ChannelShape& shape) = 0;
  // The reader's side: opens what the writer created.
  virtual Result<std::unique_ptr<Connection>> open(const std::string& name, const std::string& address,
                                                   const ChannelShape& shape) = 0;
  // Removes what a side that died before accept left under `name` (a FIFO, a socket file,
  // a message queue); ok when there is nothing.
  virtual Status remove(const std::string& name) = 0;
};

// The registry (registry.cpp: one line per transport).
std::unique_ptr<Transport> make_transport(std::string_view name);
// The transports this build offers, in report order.
std::vector<std::string> available_transports();
// Every transport name shmbench knows on any platform, for clear error messages.
std::vector<std::string> all_transport_names();

}  // namespace shmbench
