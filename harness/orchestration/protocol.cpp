#include "orchestration/protocol.hpp"

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"

namespace shmbench {

namespace {
using nlohmann::json;

Error protocol_error(std::string detail) { return Error{ErrorKind::invalid_argument, 0, "protocol", std::move(detail)}; }

// Reads a field of the type T, or says which field is missing or mistyped.
template <typename T>
bool take(const json& object, const char* key, T& out, std::string& problem) {
  const auto it = object.find(key);
  if (it == object.end()) {
    problem = std::string("missing field '") + key + "'";
    return false;
  }
  const bool fits = [&] {
    if constexpr (std::is_same_v<T, std::string>) return it->is_string();
    else if constexpr (std::is_same_v<T, std::uint64_t>) return it->is_number_unsigned();
    else if constexpr (std::is_same_v<T, double>) return it->is_number();
    else if constexpr (std::is_same_v<T, bool>) return it->is_boolean();
    else return it->is_object() || it->is_array();
  }();
  if (!fits) {
    problem = std::string("field '") + key + "' has the wrong type";
    return false;
  }
  out = it->template get<T>();
  return true;
}

// An optional field: absent leaves `out` as it is; present, it must have the type T.
template <typename T>
bool take_optional(const json& object, const char* key, T& out, std::string& problem) {
  return object.find(key) == object.end() || take(object, key, out, problem);
}

json message(const char* type) { return {{"v", kProtocolVersion}, {"type", type}}; }

// Parses the line, checks the version and returns the object and its type.
Result<json> open_message(std::string_view line, std::string& type) {
  json object = json::parse(line.begin(), line.end(), nullptr, false);
  if (object.is_discarded() || !object.is_object())
    return protocol_error("not a JSON object: '" + std::string(line.substr(0, 120)) + "'");
  const auto version = object.find("v");
  if (version == object.end() || !version->is_number_integer())
    return protocol_error("no protocol version in '" + std::string(line.substr(0, 120)) + "'");
  // Compared as JSON numbers: get<int>() would wrap 2^32 + 1 to version 1.
  if (*version != kProtocolVersion)
    return protocol_error("protocol version " + version->dump() + ", expected " +
                          std::to_string(kProtocolVersion) + " (worker and controller from different builds?)");
  std::string problem;
  if (!take(object, "type", type, problem)) return protocol_error(problem);
  return object;
}

json timer_to_json(const TimerInfo& timer) {
  return {{"source", timer.source},
          {"resolution_ns", timer.resolution_ns},
          {"read_overhead_ns", timer.read_overhead_ns},
          {"os_clock", timer.os_clock},
          {"os_clock_resolution_ns", timer.os_clock_resolution_ns},
          {"tsc_ghz", timer.tsc_ghz}};
}

bool timer_from_json(const json& object, TimerInfo& timer, std::string& problem) {
  return take(object, "source", timer.source, problem) && take(object, "resolution_ns", timer.resolution_ns, problem) &&
         take(object, "read_overhead_ns", timer.read_overhead_ns, problem) &&
         take(object, "os_clock", timer.os_clock, problem) &&
         take(object, "os_clock_resolution_ns", timer.os_clock_resolution_ns, problem) &&
         take(object, "tsc_ghz", timer.tsc_ghz, problem);
}

const char* const kSteps[] = {"open", "run", "close"};

json histogram_to_json(const Histogram& h) {
  json buckets = json::array();
  for (const auto& b : h.buckets()) buckets.push_back({b.index, b.count});
  return {{"sum", h.sum()}, {"min", h.min()}, {"max", h.max()}, {"buckets", buckets}};
}

bool histogram_from_json(const json& object, Histogram& h, std::string& problem) {
  double sum = 0, min = 0, max = 0;
  json buckets;
  if (!take(object, "sum", sum, problem) || !take(object, "min", min, problem) || !take(object, "max", max, problem) ||
      !take(object, "buckets", buckets, problem))
    return false;
  std::vector<Histogram::Bucket> parts;
  for (const json& b : buckets) {
    if (!b.is_array() || b.size() != 2 || !b[0].is_number_integer() || !b[1].is_number_unsigned()) {
      problem = "a histogram bucket is not [index, count]";
      return false;
    }
    parts.push_back({b[0].get<int>(), b[1].get<std::uint64_t>()});
  }
  auto rebuilt = Histogram::from_parts(parts, sum, min, max);
  if (!rebuilt) {
    problem = "a histogram's buckets do not fit its layout";
    return false;
  }
  h = *rebuilt;
  return true;
}

Result<Command> transfer_command(const json& object) {
  TransferCommand c;
  std::string problem, step, mode, strategy;
  if (!take(object, "step", step, problem) || !take(object, "name", c.name, problem) ||
      !take(object, "mode", mode, problem) || !take(object, "strategy", strategy, problem) ||
      !take(object, "size", c.size, problem) || !take(object, "slots", c.slots, problem) ||
      !take(object, "seed", c.seed, problem) || !take(object, "first_seq", c.first_seq, problem) ||
      !take(object, "messages", c.messages, problem) || !take(object, "budget_ms", c.budget_ms, problem) ||
      !take(object, "peer_timeout_ms", c.peer_timeout_ms, problem) ||
      !take(object, "measure_memcpy", c.measure_memcpy, problem) ||
      !take_optional(object, "address", c.address, problem) || !take_optional(object, "rate", c.rate, problem) ||
      !take_optional(object, "idle_ns", c.idle_ns, problem) || !take_optional(object, "lead_in_ms", c.lead_in_ms, problem))
    return protocol_error("transfer: " + problem);
  if (!(c.rate >= 0 && c.idle_ns >= 0 && c.lead_in_ms >= 0))
    return protocol_error("transfer: rate, idle_ns and lead_in_ms must not be negative");
  int index = 0;
  for (const char* known : kSteps) {
    if (step == known) break;
    ++index;
  }
  if (index == 3) return protocol_error("transfer: unknown step '" + step + "'");
  c.step = static_cast<TransferStep>(index);
  const auto m = transfer_mode_named(mode);
  const auto s = wait_strategy_named(strategy);
  if (!m || !s) return protocol_error("transfer: unknown mode or strategy '" + mode + "', '" + strategy + "'");
  if (c.size == 0 || c.slots == 0) return protocol_error("transfer: size and slots must be positive");
  c.mode = *m;
  c.strategy = *s;
  return Command{c};
}

template <typename Named>
Result<Command> named_command(const json& object) {
  Named command;
  std::string problem;
  if (!take(object, "name", command.name, problem) || !take(object, "seed", command.seed, problem))
    return protocol_error(problem);
  return Command{command};
}
}  // namespace

std::string encode(const Command& command) {
  json line = message(type_name(command));
  if (const auto* write = std::get_if<WriteCommand>(&command)) {
    line["name"] = write->name;
    line["seed"] = write->seed;
  } else if (const auto* read = std::get_if<ReadCommand>(&command)) {
    line["name"] = read->name;
    line["seed"] = read->seed;
  } else if (const auto* t = std::get_if<TransferCommand>(&command)) {
    line["step"] = kSteps[static_cast<int>(t->step)];
    line["name"] = t->name;
    line["mode"] = to_string(t->mode);
    line["strategy"] = to_string(t->strategy);
    line["size"] = t->size;
    line["slots"] = t->slots;
    line["seed"] = t->seed;
    line["first_seq"] = t->first_seq;
    line["messages"] = t->messages;
    line["budget_ms"] = t->budget_ms;
    line["peer_timeout_ms"] = t->peer_timeout_ms;
    line["measure_memcpy"] = t->measure_memcpy;
    if (!t->address.empty()) line["address"] = t->address;
    if (t->rate > 0) line["rate"] = t->rate;
    if (t->idle_ns > 0) line["idle_ns"] = t->idle_ns;
    if (t->lead_in_ms > 0) line["lead_in_ms"] = t->lead_in_ms;
  }
  return json_text(line);
}

std::string encode(const Reply& reply) {
  json line = message(type_name(reply));
  if (const auto* hello = std::get_if<HelloReply>(&reply)) {
    line["timer"] = timer_to_json(hello->timer);
  } else if (const auto* measured = std::get_if<MeasuredReply>(&reply)) {
    json samples = json::array();
    for (const Sample& sample : measured->samples) {
      json entry = {{"op", to_string(sample.op)}, {"ns", sample.ns}, {"iterations", sample.iterations}};
      if (sample.iterations_per_span != 0) entry["iterations_per_span"] = sample.iterations_per_span;
      if (!sample.counters.empty()) {
        json counters = json::object();
        for (const auto& [counter, value] : sample.counters) counters[counter] = value;
        entry["counters"] = counters;
      }
      samples.push_back(entry);
    }
    line["samples"] = samples;
  } else if (const auto* failed = std::get_if<FailedReply>(&reply)) {
    line["error"] = failed->error;
    if (!failed->foreign_name.empty()) line["foreign"] = failed->foreign_name;
    if (failed->unsupported) line["unsupported"] = true;
  } else if (const auto* t = std::get_if<TransferredReply>(&reply)) {
    line["messages"] = t->messages;
    line["ns_per_message"] = t->ns_per_message;
    line["cpu_ns"] = t->cpu_ns;
    line["wall_ns"] = t->wall_ns;
    line["peer_cpu_ns"] = t->peer_cpu_ns;
    line["peer_wall_ns"] = t->peer_wall_ns;
    line["memcpy_ns"] = t->memcpy_ns;
    line["rtt"] = histogram_to_json(t->rtt);
    if (!t->address.empty()) line["address"] = t->address;
    if (t->late_p50_ns > 0) line["late_p50_ns"] = t->late_p50_ns;
    if (t->lead_in_messages > 0) line["lead_in_messages"] = t->lead_in_messages;
  }
  return json_text(line);
}

Result<Command> decode_command(std::string_view line) {
  std::string type;
  auto object = open_message(line, type);
  if (!object.ok()) return object.error();
  if (type == "write") return named_command<WriteCommand>(object.value());
  if (type == "read") return named_command<ReadCommand>(object.value());
  if (type == "release") return Command{ReleaseCommand{}};
  if (type == "exit") return Command{ExitCommand{}};
  if (type == "transfer") return transfer_command(object.value());
  return protocol_error("unknown command '" + type + "'");
}

Result<Reply> decode_reply(std::string_view line) {
  std::string type;
  auto opened = open_message(line, type);
  if (!opened.ok()) return opened.error();
  const json& object = opened.value();
  std::string problem;
  if (type == "hello") {
    HelloReply hello;
    json timer;
    if (!take(object, "timer", timer, problem) || !timer_from_json(timer, hello.timer, problem))
      return protocol_error("hello: " + problem);
    return Reply{hello};
  }
  if (type == "measured") {
    json samples;
    if (!take(object, "samples", samples, problem) || !samples.is_array()) return protocol_error("measured: samples");
    MeasuredReply measured;
    for (const json& entry : samples) {
      Sample sample;
      std::string op;
      if (!entry.is_object() || !take(entry, "op", op, problem) || !take(entry, "ns", sample.ns, problem) ||
          !take(entry, "iterations", sample.iterations, problem) ||
          !take_optional(entry, "iterations_per_span", sample.iterations_per_span, problem))
        return protocol_error("measured: " + (problem.empty() ? std::string("a sample is not an object") : problem));
      const auto parsed = operation_named(op);
      if (!parsed) return protocol_error("measured: unknown operation '" + op + "'");
      sample.op = *parsed;
      if (entry.contains("counters")) {
        const json& counters = entry.at("counters");
        if (!counters.is_object()) return protocol_error("measured: counters is not an object");
        for (const auto& [counter, value] : counters.items()) {
          if (!value.is_number()) return protocol_error("measured: counter '" + counter + "' is not a number");
          sample.counters.emplace_back(counter, value.get<double>());
        }
      }
      measured.samples.push_back(sample);
    }
    return Reply{measured};
  }
  if (type == "failed") {
    FailedReply failed;
    if (!take(object, "error", failed.error, problem)) return protocol_error("failed: " + problem);
    if (!take_optional(object, "foreign", failed.foreign_name, problem) ||
        !take_optional(object, "unsupported", failed.unsupported, problem))
      return protocol_error("failed: " + problem);
    return Reply{failed};
  }
  if (type == "transferred") {
    TransferredReply t;
    json rtt;
    if (!take(object, "messages", t.messages, problem) || !take(object, "ns_per_message", t.ns_per_message, problem) ||
        !take(object, "cpu_ns", t.cpu_ns, problem) || !take(object, "wall_ns", t.wall_ns, problem) ||
        !take(object, "peer_cpu_ns", t.peer_cpu_ns, problem) || !take(object, "peer_wall_ns", t.peer_wall_ns, problem) ||
        !take(object, "memcpy_ns", t.memcpy_ns, problem) || !take(object, "rtt", rtt, problem) ||
        !histogram_from_json(rtt, t.rtt, problem) || !take_optional(object, "address", t.address, problem) ||
        !take_optional(object, "late_p50_ns", t.late_p50_ns, problem) ||
        !take_optional(object, "lead_in_messages", t.lead_in_messages, problem))
      return protocol_error("transferred: " + problem);
    return Reply{t};
  }
  return protocol_error("unknown reply '" + type + "'");
}

const char* type_name(const Command& command) {
  static const char* const names[] = {"write", "release", "read", "exit", "transfer"};
  return names[command.index()];
}

const char* type_name(const Reply& reply) {
  static const char* const names[] = {"hello", "measured", "failed", "transferred"};
  return names[reply.index()];
}

}  // namespace shmbench
