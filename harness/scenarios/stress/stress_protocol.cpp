#include "scenarios/stress/stress_protocol.hpp"

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"

namespace shmbench::stress {

namespace {
using nlohmann::json;

Error protocol_error(std::string detail) { return Error{ErrorKind::invalid_argument, 0, "stress protocol", std::move(detail)}; }

Result<json> open_line(std::string_view line) {
  json object = json::parse(line.begin(), line.end(), nullptr, false);
  if (object.is_discarded() || !object.is_object())
    return protocol_error("not a JSON object: '" + std::string(line.substr(0, 120)) + "'");
  const auto version = object.find("v");
  if (version == object.end() || !version->is_number_integer() || *version != kStressProtocolVersion)
    return protocol_error("not protocol version " + std::to_string(kStressProtocolVersion) + ": '" +
                          std::string(line.substr(0, 120)) + "'");
  if (!object.contains("type") || !object["type"].is_string()) return protocol_error("no type");
  return object;
}
}  // namespace

std::string encode_task(const Task& t) {
  return json_text(json{{"v", kStressProtocolVersion}, {"type", "task"},     {"kind", t.kind},
              {"backend", t.backend},        {"name", t.name},     {"size", t.size},
              {"index", t.index},            {"corruption", t.corruption}, {"fault", t.fault},
              {"duration", t.duration},      {"unit", t.unit},     {"max_bytes", t.max_bytes},
              {"max_mappings", t.max_mappings}, {"readers", t.readers}, {"slots", t.slots},
              {"message_size", t.message_size}});
}

Result<Task> decode_task(std::string_view line) {
  auto opened = open_line(line);
  if (!opened.ok()) return opened.error();
  const json& o = opened.value();
  if (o["type"] != "task") return protocol_error("expected a task, got '" + o["type"].get<std::string>() + "'");
  Task t;
  try {
    t.kind = o.at("kind").get<std::string>();
    t.backend = o.at("backend").get<std::string>();
    t.name = o.at("name").get<std::string>();
    t.size = o.at("size").get<std::uint64_t>();
    t.index = o.at("index").get<int>();
    t.corruption = o.at("corruption").get<std::string>();
    t.fault = o.at("fault").get<std::string>();
    t.duration = o.at("duration").get<double>();
    t.unit = o.at("unit").get<std::uint64_t>();
    t.max_bytes = o.at("max_bytes").get<std::uint64_t>();
    t.max_mappings = o.at("max_mappings").get<std::uint64_t>();
    t.readers = o.at("readers").get<int>();
    t.slots = o.at("slots").get<std::uint64_t>();
    t.message_size = o.at("message_size").get<std::uint64_t>();
  } catch (const json::exception& e) {
    return protocol_error(std::string("task: ") + e.what());
  }
  return t;
}

std::string encode_reply(const Reply& r) {
  json line = {{"v", kStressProtocolVersion}, {"type", r.type}};
  if (!r.counters.empty()) line["counters"] = r.counters;
  if (!r.texts.empty()) line["texts"] = r.texts;
  if (!r.error.empty()) line["error"] = r.error;
  if (!r.pids.empty()) line["pids"] = r.pids;
  return json_text(line);
}

Result<Reply> decode_reply(std::string_view line) {
  auto opened = open_line(line);
  if (!opened.ok()) return opened.error();
  const json& o = opened.value();
  Reply r;
  try {
    r.type = o["type"].get<std::string>();
    if (r.type != "ready" && r.type != "result" && r.type != "failed" && r.type != "announce")
      return protocol_error("unknown reply '" + r.type + "'");
    if (o.contains("counters")) r.counters = o["counters"].get<std::map<std::string, double>>();
    if (o.contains("texts")) r.texts = o["texts"].get<std::map<std::string, std::string>>();
    if (o.contains("error")) r.error = o["error"].get<std::string>();
    if (o.contains("pids")) r.pids = o["pids"].get<std::vector<long>>();
  } catch (const json::exception& e) {
    return protocol_error(std::string("reply: ") + e.what());
  }
  return r;
}

std::string exit_line() { return json_text(json{{"v", kStressProtocolVersion}, {"type", "exit"}}); }

}  // namespace shmbench::stress
