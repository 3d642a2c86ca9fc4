// The two sides of a transfer cell over a transport (transports/transport.hpp) instead of
// a mapping: the same modes, sizes, pattern, verification and timing as endpoint.hpp, so
// a pipe's row and a mapping's row mean the same thing. What differs is how a message
// travels: the writer fills a buffer with message m's pattern and sends it; the reader
// receives it into a buffer of its own and verifies every byte.
//   ping-pong  the reader answers each message with its number (8 bytes); the writer
//              times each round trip, then the same count as one span
//   stream     the writer sends without waiting; the transport's own buffer is the
//              back-pressure; the batch ends when the reader has verified the last one
// A run ends with an end message of the same size, filled with another pattern (the
// reader knows both), which the reader answers: the writer learns that every message was
// verified, and the reader learns, without a count agreed beforehand, that the run is over.
#pragma once

#include "scenarios/transfer/endpoint.hpp"
#include "transports/transport.hpp"

namespace shmbench::transfer {

struct TransportChannel {
  Connection* connection = nullptr;
  std::uint64_t size = 0;
  IoWait wait = IoWait::kernel;
};

SideResult run_transport_writer(const TransportChannel& channel, const RunSpec& spec);
SideResult run_transport_reader(const TransportChannel& channel, const RunSpec& spec);

// The bytes of a reader's answer: its message number.
inline constexpr std::uint64_t kAnswerBytes = 8;

}  // namespace shmbench::transfer
