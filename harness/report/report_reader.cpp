#include "report/report_reader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

#include "common/bad_input.hpp"
#include "common/text.hpp"
#include "common/utf8.hpp"
#include "report/report_json.hpp"

namespace shmbench {

namespace {
using json = nlohmann::json;

// The writer's version must be one the reader knows, or comparing a fresh report with
// itself would fail: bumping kReportSchemaVersion means teaching this file the new one.
constexpr bool reads_version(int version) {
  for (int known : kReadableSchemaVersions)
    if (known == version) return true;
  return false;
}
static_assert(reads_version(kReportSchemaVersion), "report_reader does not read the version report_json writes");

std::string readable_versions() {
  std::vector<std::string> versions;
  for (int known : kReadableSchemaVersions) versions.push_back(std::to_string(known));
  return join(versions);
}

// Enough of a name or value to recognise it in a message, not a page of it.
std::string clip(const std::string& text) { return text.size() <= 80 ? text : text.substr(0, 77) + "..."; }
std::string brief(const json& value) { return clip(value.dump()); }

// Messages are one line (common/text.hpp): a hostile name or a parser message must not add more.
[[noreturn]] void bad(const std::string& label, const std::string& what) { throw BadInput{one_line(label + ": " + what)}; }

// Google Benchmark writes a non-finite counter as NaN, -NaN, Infinity or -Infinity (its
// json_reporter), which JSON does not allow. Outside strings, where such a token stands
// as a value, it becomes null ("-NaN" and the infinities in place; "NaN" shifts the rest
// of its line by one column, which only a parse-error position could notice).
std::string non_finite_as_null(const std::string& text) {
  static const char* const kTokens[] = {"-Infinity", "Infinity", "-NaN", "NaN"};
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  char last_structural = 0;  // the last non-space character outside strings
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) out += text[++i];
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    const bool value_position = last_structural == ':' || last_structural == ',' || last_structural == '[';
    bool replaced = false;
    for (const char* token : kTokens) {
      const std::size_t length = std::char_traits<char>::length(token);
      if (value_position && text.compare(i, length, token) == 0) {
        out += length >= 4 ? "null" + std::string(length - 4, ' ') : std::string("null");
        i += length - 1;
        replaced = true;
        break;
      }
    }
    if (replaced) {
      last_structural = 'n';
      continue;
    }
    out += c;
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') last_structural = c;
  }
  return out;
}

// A member of an object, or nullptr when absent or null.
const json* member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::string optional_string(const json& object, const char* key) {
  const json* value = member(object, key);
  return value && value->is_string() ? value->get<std::string>() : std::string();
}

ReportFacts read_facts(const json& root, const std::string& label) {
  ReportFacts facts;
  facts.label = label;
  const json* context = member(root, "context");
  if (!context) {
    facts.tool = "google-benchmark";
    return facts;
  }
  if (!context->is_object()) bad(label, "\"context\" is not an object");
  facts.host = optional_string(*context, "host_name");
  facts.date = optional_string(*context, "date");
  const json* shmbench = member(*context, "shmbench");
  if (!shmbench) {
    const std::string tool = optional_string(*context, "shmbench_tool");
    facts.tool = tool.empty() ? "google-benchmark" : tool;
    facts.platform = optional_string(*context, "shmbench_platform");
    facts.boot_id = optional_string(*context, "boot_id");
    facts.git_revision = optional_string(*context, "shmbench_git_revision");
    facts.compiler = optional_string(*context, "compiler");
    return facts;
  }
  if (!shmbench->is_object()) bad(label, "context.shmbench is not an object");
  facts.tool = "shmbench";
  const json* version = member(*shmbench, "schema_version");
  if (!version) bad(label, "context.shmbench has no schema_version");
  if (!version->is_number_integer()) bad(label, "context.shmbench.schema_version is not a whole number");
  const auto number = version->get<long long>();
  if (number < 0 || number > 1000000 || !reads_version(static_cast<int>(number)))
    bad(label, "schema_version " + std::to_string(number) + " is not one this shmbench reads (it reads " +
                   readable_versions() + ")");
  facts.schema_version = static_cast<int>(number);
  if (const json* platform = member(*shmbench, "platform")) {
    facts.platform = optional_string(*platform, "os");
    facts.cpu_model = optional_string(*platform, "cpu_model");
    if (facts.cpu_model == "unknown") facts.cpu_model.clear();
    facts.boot_id = optional_string(*platform, "boot_id");
  }
  if (const json* environment = member(*shmbench, "environment"); environment && environment->is_object()) {
    const json* other_load = member(*environment, "other_load_fraction");
    if (other_load && other_load->is_number()) facts.other_load = other_load->get<double>();
  }
  if (const json* run = member(*shmbench, "run"); run && run->is_object()) {
    const json* drift = member(*run, "machine_drift_fraction");
    if (drift && drift->is_number()) facts.machine_drift = drift->get<double>();
  }
  if (const json* build = member(*shmbench, "build")) {
    facts.git_revision = optional_string(*build, "git_revision");
    facts.compiler = optional_string(*build, "compiler");
    facts.build_type = optional_string(*build, "build_type");
  }
  if (const json* order = member(*shmbench, "order"); order && order->is_object()) {
    const std::string scheme = optional_string(*order, "scheme");
    facts.rounds_pair_up = scheme == "interleaved" || scheme == "duet";
    facts.duet = scheme == "duet";
  }
  return facts;
}

// The factor from a row's time_unit to nanoseconds (Google Benchmark's default is ns).
double unit_to_ns(const json& row, const std::string& where) {
  const json* unit = member(row, "time_unit");
  if (!unit) return 1;
  if (unit->is_string()) {
    const std::string name = unit->get<std::string>();
    if (name == "ns") return 1;
    if (name == "us") return 1e3;
    if (name == "ms") return 1e6;
    if (name == "s") return 1e9;
  }
  bad(where, "time_unit " + brief(*unit) + " is not ns, us, ms or s");
}

// A non-negative, finite number, or nullopt when absent (or written as NaN/Infinity).
std::optional<double> counter(const json& row, const char* key, const std::string& where) {
  const json* value = member(row, key);
  if (!value) return std::nullopt;
  if (!value->is_number()) bad(where, std::string(key) + " is not a number");
  const double number = value->get<double>();
  if (!std::isfinite(number)) return std::nullopt;
  if (number < 0) bad(where, std::string(key) + " is negative");
  return number;
}

// A row's samples while reading: counters per repetition, absent where a repetition
// lacks them.
struct RowBuilder {
  ReportRow row;
  std::vector<std::optional<double>> bytes, items, rtt_p50;
};

std::vector<double> complete(const std::vector<std::optional<double>>& values) {
  std::vector<double> out;
  for (const auto& value : values) {
    if (!value) return {};
    out.push_back(*value);
  }
  return out;
}

// True when `row` carries `flag` set to true; keeps the first `message_field` seen in
// `message` (or says there was none).
bool flagged(const json& row, const char* flag, const char* message_field, const std::string& where,
             std::string& message) {
  const json* set = member(row, flag);
  if (set && !set->is_boolean()) bad(where, std::string(flag) + " is not true or false");
  if (!set || !set->get<bool>()) return false;
  const json* text = member(row, message_field);
  if (text && !text->is_string()) bad(where, std::string(message_field) + " is not a string");
  if (message.empty())
    message = text && !text->get<std::string>().empty() ? text->get<std::string>()
                                                          : std::string(flag) + ", without a message";
  return true;
}

// Reads one element of "benchmarks" into its row (made on first sight).
void read_row(const json& row, std::size_t index, const std::string& label, std::vector<RowBuilder>& rows,
              std::map<std::string, std::size_t>& by_name) {
  const std::string at = label + ": benchmarks[" + std::to_string(index) + "]";
  if (!row.is_object()) bad(at, "is not an object");
  const json* run_name = member(row, "run_name");
  const json* name = member(row, "name");
  if ((run_name && !run_name->is_string()) || (name && !name->is_string())) bad(at, "name is not a string");
  const json* key = run_name ? run_name : name;
  if (!key || key->get<std::string>().empty()) bad(at, "has no name");
  // Names go into tables, a history's filters (std::regex recurses on its subject: a name
  // of 40 KB overflows the stack) and CI trackers; shmbench's own are under 100 bytes.
  if (key->get_ref<const std::string&>().size() > kLongestBenchmarkName)
    bad(at, "a name of " + std::to_string(key->get_ref<const std::string&>().size()) + " bytes; at most " +
                std::to_string(kLongestBenchmarkName));
  const std::string where = at + " (" + clip(key->get<std::string>()) + ")";

  const json* run_type = member(row, "run_type");
  if (run_type && !(run_type->is_string() && (*run_type == "iteration" || *run_type == "aggregate")))
    bad(where, "run_type " + brief(*run_type) + " is not iteration or aggregate");
  const bool aggregate = run_type && *run_type == "aggregate";
  // An aggregate names its benchmark only through run_name (its name has a suffix).
  if (aggregate && !run_name) return;

  const std::string& benchmark = key->get_ref<const std::string&>();
  auto found = by_name.find(benchmark);
  if (found == by_name.end()) {
    found = by_name.emplace(benchmark, rows.size()).first;
    rows.push_back(RowBuilder{});
    rows.back().row.name = benchmark;
  }
  RowBuilder& builder = rows[found->second];
  if (aggregate) return;  // recomputed from the repetitions

  // A row without a measurement: an error (error_occurred) or a benchmark the system
  // refused (skipped, as Google Benchmark 1.8 writes SkipWithMessage), each with its message.
  if (flagged(row, "error_occurred", "error_message", where, builder.row.error)) return;
  if (flagged(row, "skipped", "skip_message", where, builder.row.skipped)) return;

  const json* real_time = member(row, "real_time");
  if (!real_time) bad(where, "has no real_time");
  if (!real_time->is_number()) bad(where, "real_time is not a number");
  const double ns = real_time->get<double>() * unit_to_ns(row, where);
  if (!std::isfinite(ns) || ns < 0) bad(where, "real_time is not a finite, non-negative number");
  builder.row.ns.push_back(ns);
  builder.bytes.push_back(counter(row, "bytes_per_second", where));
  builder.items.push_back(counter(row, "items_per_second", where));
  builder.rtt_p50.push_back(counter(row, "rtt_p50_ns", where));
}

// Merging: the parts must be runs of one kind of report on one platform.
void refuse_mixed(const ReportFacts& first, const ReportFacts& part, const std::string& label) {
  const auto version = [](const ReportFacts& facts) {
    return facts.schema_version ? "schema " + std::to_string(*facts.schema_version) : std::string("no schema");
  };
  std::string differ;
  if (part.tool != first.tool) differ = "tool " + first.tool + " vs " + part.tool;
  else if (part.schema_version != first.schema_version) differ = version(first) + " vs " + version(part);
  else if (part.platform != first.platform) differ = "platform " + first.platform + " vs " + part.platform;
  if (!differ.empty()) bad(label, "cannot merge " + first.label + " and " + part.label + ": " + differ);
}

void add_distinct(std::vector<std::string>& values, const std::string& value) {
  if (!value.empty() && std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
}

// Appends a part's counter samples, or drops the counter for good once one repetition
// lacks it (see ReportRow).
void append_counter(std::vector<double>& into, std::size_t into_repetitions, const std::vector<double>& part,
                    std::size_t part_repetitions) {
  if (into.size() == into_repetitions && part.size() == part_repetitions) into.insert(into.end(), part.begin(), part.end());
  else into.clear();
}
}  // namespace

const ReportRow* LoadedReport::find(const std::string& name) const {
  for (const auto& row : rows)
    if (row.name == name) return &row;
  return nullptr;
}

LoadedReport parse_report(const std::string& text, const std::string& label) {
  // What a run killed before it wrote leaves at --out (cli/report_file.hpp).
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    bad(label, "an empty file, not a report (a run that was stopped before it wrote its report leaves its --out so)");
  json root;
  try {
    root = json::parse(non_finite_as_null(text));
  } catch (const json::exception& e) {
    // what() is "[json.exception.parse_error.101] parse error at line 3, column 7: ...",
    // or "[json.exception.out_of_range.406] number overflow parsing '1e999'" (a number
    // no double holds, found by fuzz/fuzz_report_reader.cpp; it used to end as exit 3).
    std::string what = e.what();
    const std::size_t at = what.find("] ");
    bad(label, "not valid JSON (" + (at == std::string::npos ? what : what.substr(at + 2)) + ")");
  }
  if (!root.is_object()) bad(label, "not a benchmark report: the top level is not an object");
  const json* benchmarks = member(root, "benchmarks");
  if (!benchmarks || !benchmarks->is_array()) bad(label, "not a benchmark report: no \"benchmarks\" array");

  LoadedReport report;
  report.facts = read_facts(root, label);
  std::vector<RowBuilder> rows;
  std::map<std::string, std::size_t> by_name;
  for (std::size_t i = 0; i < benchmarks->size(); ++i) read_row((*benchmarks)[i], i, label, rows, by_name);
  for (auto& builder : rows) {
    builder.row.bytes_per_second = complete(builder.bytes);
    builder.row.items_per_second = complete(builder.items);
    builder.row.rtt_p50_ns = complete(builder.rtt_p50);
    report.rows.push_back(std::move(builder.row));
  }
  return report;
}

std::string read_report_text(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path file = path_from_utf8(path);
  const fs::file_status status = fs::status(file, ec);
  if (!fs::exists(status)) bad(path, "no such file");
  if (fs::is_directory(status)) bad(path, "is a folder, not a report");
  // A device never ends (/dev/zero) or never begins; a pipe is read (compare <(...)).
  if (fs::is_character_file(status) || fs::is_block_file(status) || fs::is_socket(status))
    bad(path, "is a device or a socket, not a report");
  const auto too_large = [&](std::uintmax_t bytes) {
    bad(path, std::to_string(bytes >> 20) + " MiB or more: too large for a report (shmbench reads up to " +
                  std::to_string(kMaxReportBytes >> 20) + " MiB)");
  };
  const auto bytes = fs::file_size(file, ec);
  if (!ec && bytes > kMaxReportBytes) too_large(bytes);
  std::ifstream in(file, std::ios::binary);
  if (!in.is_open()) bad(path, "cannot be opened for reading");
  // Read with the cap as well: a pipe has no size to check first.
  std::string text;
  std::vector<char> chunk(1 << 16);
  while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxReportBytes) too_large(text.size());
  }
  if (in.bad()) bad(path, "cannot be read");
  return text;
}

LoadedReport load_report(const std::string& path) { return parse_report(read_report_text(path), path); }

LoadedReport merge_reports(const std::vector<LoadedReport>& parts, const std::string& label) {
  if (parts.empty()) throw std::invalid_argument("merge_reports: no reports to merge");
  LoadedReport merged;
  merged.facts = parts.front().facts;
  merged.facts.label = label;
  merged.facts.other_load = -1;  // each part's own: compare_runs reads them from the parts
  merged.facts.machine_drift.reset();
  std::vector<std::string> hosts, cpu_models;
  std::map<std::string, std::size_t> by_name;
  for (const auto& part : parts) {
    refuse_mixed(parts.front().facts, part.facts, label);
    add_distinct(hosts, part.facts.host);
    add_distinct(cpu_models, part.facts.cpu_model);
    for (const auto& row : part.rows) {
      auto found = by_name.find(row.name);
      if (found == by_name.end()) {
        found = by_name.emplace(row.name, merged.rows.size()).first;
        merged.rows.push_back(ReportRow{});
        merged.rows.back().name = row.name;
      }
      ReportRow& into = merged.rows[found->second];
      append_counter(into.bytes_per_second, into.ns.size(), row.bytes_per_second, row.ns.size());
      append_counter(into.items_per_second, into.ns.size(), row.items_per_second, row.ns.size());
      into.ns.insert(into.ns.end(), row.ns.begin(), row.ns.end());
      if (into.error.empty() && !row.error.empty()) into.error = part.facts.label + ": " + row.error;
      if (into.skipped.empty() && !row.skipped.empty()) into.skipped = part.facts.label + ": " + row.skipped;
    }
  }
  // "a, b": a comparison then warns that the merged runs came from different machines.
  merged.facts.host = join(hosts);
  merged.facts.cpu_model = join(cpu_models);
  return merged;
}

}  // namespace shmbench
