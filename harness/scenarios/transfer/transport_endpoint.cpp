#include "scenarios/transfer/transport_endpoint.hpp"

#include <chrono>
#include <cstring>
#include <vector>

#include "measure/pattern.hpp"
#include "measure/timer.hpp"
#include "os/thread.hpp"

namespace shmbench::transfer {

namespace {
using Clock = std::chrono::steady_clock;

// The end message's pattern: another seed than any message's, differing from message m's
// in its first byte, so even a 1-byte message tells the two apart.
std::uint64_t end_seed(std::uint64_t seed, std::uint64_t m) { return message_seed(seed, m) ^ 0xFF; }

class Side {
 public:
  Side(const TransportChannel& channel, const RunSpec& spec, const char* peer)
      : c_(channel), spec_(spec), peer_(peer), timer_(Timer::get()) {
  }

  // Again when the reader has its first message (SideClock).
  void start_clock() { clock_.start(); }

  // `what` the peer failed to do if it stays silent: "answer", "take", "send".
  bool send(const std::byte* data, std::size_t size, std::uint64_t m, const char* what) {
    return settled(c_.connection->send(data, size, limit()), m, what);
  }
  bool receive(std::byte* data, std::size_t size, std::uint64_t m, const char* what) {
    return settled(c_.connection->receive(data, size, limit()), m, what);
  }
  bool send_answer(std::uint64_t m) {
    std::byte answer[kAnswerBytes];
    std::memcpy(answer, &m, sizeof m);
    return send(answer, sizeof answer, m, "take the answer to");
  }
  bool receive_answer(std::uint64_t m) {
    std::byte answer[kAnswerBytes];
    if (!receive(answer, sizeof answer, m, "answer")) return false;
    std::uint64_t said = 0;
    std::memcpy(&said, answer, sizeof said);
    if (said == m) return true;
    return give_up("verify: the answer to message " + std::to_string(m) + " names message " + std::to_string(said));
  }

  // Closes this end, so a peer still waiting sees the channel close.
  bool give_up(std::string why) {
    if (error_.empty()) error_ = std::move(why);
    (void)c_.connection->close();
    return false;
  }

  SideResult finish(SideResult result) {
    result.error = error_;
    clock_.stop(result);
    return result;
  }

  const TransportChannel& c_;
  const RunSpec& spec_;
  const char* peer_;
  const Timer& timer_;
  std::string error_;

 private:
  IoLimit limit() const {
    return IoLimit{c_.wait, Clock::now() + std::chrono::nanoseconds(static_cast<long long>(spec_.peer_timeout_ns))};
  }
  bool settled(const IoResult& result, std::uint64_t m, const char* what) {
    switch (result.kind) {
      case IoResult::Kind::done: return true;
      // "gave up": the controller then waits a moment for the peer's own account (its
      // verify error, or that it died), which says more than this.
      case IoResult::Kind::closed:
        return give_up("the " + std::string(peer_) + " closed the channel at message " + std::to_string(m) +
                       ": it gave up or died");
      case IoResult::Kind::timed_out:
        return give_up("the " + std::string(peer_) + " did not " + what + " message " + std::to_string(m) + " within " +
                       std::to_string(static_cast<long long>(spec_.peer_timeout_ns / 1e9)) + " s");
      case IoResult::Kind::failed: return give_up(result.error.describe());
    }
    return false;
  }
  SideClock clock_;
};

// Message m into the writer's buffer (or, under a test fault, a damaged one, or none: the
// buffer still holds message m - 1, a stale message).
void write_message(std::vector<std::byte>& out, const RunSpec& spec, std::uint64_t m) {
  const bool faulty = m == spec.first_seq + kFaultyMessage;
  if (faulty && spec.faults.stale_message) return;
  fill_pattern(out.data(), out.size(), message_seed(spec.seed, m));
  if (faulty && spec.faults.corrupt_message) out[out.size() / 2] ^= std::byte{0x5a};
}

// Sends the end message, number m (one past the run's last message), and waits for the
// reader's answer to it.
bool end_run(Side& side, std::vector<std::byte>& out, std::uint64_t m) {
  fill_pattern(out.data(), out.size(), end_seed(side.spec_.seed, m));
  return side.send(out.data(), out.size(), m, "take") && side.receive_answer(m);
}

SideResult pingpong_writer(const TransportChannel& c, const RunSpec& spec) {
  Side side(c, spec, "reader");
  SideResult result;
  std::vector<std::byte> out(c.size);
  std::uint64_t m = spec.first_seq;
  const auto round_trip = [&] {
    write_message(out, spec, m);
    maybe_fail_midway(spec, m, false);
    return side.send(out.data(), out.size(), m, "take") && side.receive_answer(m);
  };
  const Timer& timer = side.timer_;
  if (!lead_in(timer, spec, m, result, round_trip)) return side.finish(result);
  const std::uint64_t phase_start = timer.now();
  std::uint64_t count = 0;
  for (;; ++count, ++m) {
    if (spec.messages ? count == spec.messages
                      : budget_spent(timer.ns_between(phase_start, timer.now()), count, spec.budget_ns / 2))
      break;
    const std::uint64_t start = timer.now();
    if (!round_trip()) return side.finish(result);
    result.rtt.record(timer.ns_between(start, timer.now()));
  }
  const std::uint64_t start = timer.now();
  for (std::uint64_t i = 0; i < count; ++i, ++m)
    if (!round_trip()) return side.finish(result);
  result.ns_per_message = timer.ns_between(start, timer.now()) / static_cast<double>(count);
  result.messages = count;
  (void)end_run(side, out, m);  // a failure is in the side's error
  return side.finish(result);
}

// Ping-pong on a schedule (Schedule, endpoint.hpp).
SideResult paced_writer(const TransportChannel& c, const RunSpec& spec) {
  Side side(c, spec, "reader");
  SideResult result;
  std::vector<std::byte> out(c.size);
  Schedule schedule(spec);
  std::uint64_t m = spec.first_seq;
  for (std::uint64_t k = 0; k < schedule.count(); ++k, ++m) {
    schedule.wait_for_next(result);
    write_message(out, spec, m);
    maybe_fail_midway(spec, m, false);
    if (!side.send(out.data(), out.size(), m, "take") || !side.receive_answer(m)) return side.finish(result);
    schedule.answered(result);
  }
  schedule.finish(result);
  (void)end_run(side, out, m);
  return side.finish(result);
}

SideResult stream_writer(const TransportChannel& c, const RunSpec& spec) {
  Side side(c, spec, "reader");
  SideResult result;
  std::vector<std::byte> out(c.size);
  const Timer& timer = side.timer_;
  const std::uint64_t start = timer.now();
  std::uint64_t m = spec.first_seq;
  for (;; ++m) {
    const std::uint64_t count = m - spec.first_seq;
    const bool done = spec.messages ? count == spec.messages
                                    : (count % 8 == 0 && budget_spent(timer.ns_between(start, timer.now()), count,
                                                                      spec.budget_ns));
    if (done) break;
    write_message(out, spec, m);
    maybe_fail_midway(spec, m, false);
    if (!side.send(out.data(), out.size(), m, "take")) return side.finish(result);
  }
  // The batch ends when the reader has verified the last message and answered the end.
  if (!end_run(side, out, m)) return side.finish(result);
  result.messages = m - spec.first_seq;
  result.ns_per_message = timer.ns_between(start, timer.now()) / static_cast<double>(result.messages);
  return side.finish(result);
}
}  // namespace

SideResult run_transport_writer(const TransportChannel& channel, const RunSpec& spec) {
  if (spec.pacing.paced()) return paced_writer(channel, spec);
  return spec.mode == TransferMode::pingpong ? pingpong_writer(channel, spec) : stream_writer(channel, spec);
}

// The reader is the same in both modes: receive the next message, verify every byte,
// answer it in ping-pong, until the end message (which it answers in both).
SideResult run_transport_reader(const TransportChannel& c, const RunSpec& spec) {
  Side side(c, spec, "writer");
  SideResult result;
  std::vector<std::byte> in(c.size);
  for (std::uint64_t m = spec.first_seq;; ++m) {
    if (!side.receive(in.data(), in.size(), m, "send")) return side.finish(result);
    if (m == spec.first_seq) side.start_clock();
    maybe_fail_midway(spec, m, true);
    const std::size_t bad = find_pattern_mismatch(in.data(), in.size(), message_seed(spec.seed, m));
    if (bad != c.size) {
      if (find_pattern_mismatch(in.data(), in.size(), end_seed(spec.seed, m)) == c.size) {
        (void)side.send_answer(m);
        break;
      }
      side.give_up("verify: data_mismatch: message " + std::to_string(m - spec.first_seq + 1) + " of the run (number " +
                   std::to_string(m) + "): byte " + std::to_string(bad) + " of " + std::to_string(c.size) +
                   " differs from what the writer wrote (corrupt or stale)");
      return side.finish(result);
    }
    ++result.messages;
    if (spec.mode == TransferMode::pingpong && !side.send_answer(m)) return side.finish(result);
  }
  return side.finish(result);
}

}  // namespace shmbench::transfer
