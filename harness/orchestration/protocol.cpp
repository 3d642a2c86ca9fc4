#include "orchestration/protocol.hpp"

#include <nlohmann/json.hpp>

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
    else return it->is_object() || it->is_array();
  }();
  if (!fits) {
    problem = std::string("field '") + key + "' has the wrong type";
    return false;
  }
  out = it->template get<T>();
  return true;
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
  }
  return line.dump();
}

std::string encode(const Reply& reply) {
  json line = message(type_name(reply));
  if (const auto* hello = std::get_if<HelloReply>(&reply)) {
    line["timer"] = timer_to_json(hello->timer);
  } else if (const auto* measured = std::get_if<MeasuredReply>(&reply)) {
    json samples = json::array();
    for (const Sample& sample : measured->samples)
      samples.push_back({{"op", to_string(sample.op)}, {"ns", sample.ns}, {"iterations", sample.iterations}});
    line["samples"] = samples;
  } else if (const auto* failed = std::get_if<FailedReply>(&reply)) {
    line["error"] = failed->error;
    if (!failed->foreign_name.empty()) line["foreign"] = failed->foreign_name;
  }
  return line.dump();
}

Result<Command> decode_command(std::string_view line) {
  std::string type;
  auto object = open_message(line, type);
  if (!object.ok()) return object.error();
  if (type == "write") return named_command<WriteCommand>(object.value());
  if (type == "read") return named_command<ReadCommand>(object.value());
  if (type == "release") return Command{ReleaseCommand{}};
  if (type == "exit") return Command{ExitCommand{}};
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
          !take(entry, "iterations", sample.iterations, problem))
        return protocol_error("measured: " + (problem.empty() ? std::string("a sample is not an object") : problem));
      const auto parsed = operation_named(op);
      if (!parsed) return protocol_error("measured: unknown operation '" + op + "'");
      sample.op = *parsed;
      measured.samples.push_back(sample);
    }
    return Reply{measured};
  }
  if (type == "failed") {
    FailedReply failed;
    if (!take(object, "error", failed.error, problem)) return protocol_error("failed: " + problem);
    if (object.contains("foreign") && !take(object, "foreign", failed.foreign_name, problem))
      return protocol_error("failed: " + problem);
    return Reply{failed};
  }
  return protocol_error("unknown reply '" + type + "'");
}

const char* type_name(const Command& command) {
  static const char* const names[] = {"write", "release", "read", "exit"};
  return names[command.index()];
}

const char* type_name(const Reply& reply) {
  static const char* const names[] = {"hello", "measured", "failed"};
  return names[reply.index()];
}

}  // namespace shmbench
