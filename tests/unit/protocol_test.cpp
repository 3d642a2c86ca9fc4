// The worker protocol (harness/orchestration/protocol.hpp): every message survives
// encode → decode unchanged, and every line that is not a valid message of this version
// is refused as ErrorKind::invalid_argument from the call "protocol".
#include "orchestration/protocol.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

namespace shmbench {
namespace {

constexpr std::uint64_t kSeedAbove63 = (std::uint64_t{1} << 63) + 12345;  // no int64_t holds it
const std::string kAwkwardName = R"(shm "quoted" back\slash\\ tab	new
line)";

Command round_trip(const Command& command) {
  const std::string line = encode(command);
  EXPECT_EQ(line.find('\n'), std::string::npos) << "one message must be one line: " << line;
  auto decoded = decode_command(line);
  EXPECT_TRUE(decoded.ok()) << line << " → " << (decoded.ok() ? "" : decoded.error().describe());
  return decoded.ok() ? decoded.value() : Command{};
}

Reply round_trip(const Reply& reply) {
  const std::string line = encode(reply);
  EXPECT_EQ(line.find('\n'), std::string::npos) << "one message must be one line: " << line;
  auto decoded = decode_reply(line);
  EXPECT_TRUE(decoded.ok()) << line << " → " << (decoded.ok() ? "" : decoded.error().describe());
  return decoded.ok() ? decoded.value() : Reply{};
}

// Asserts the refusal is a protocol error and returns its text ("" when it was accepted).
template <typename T>
std::string refusal(Result<T> decoded, const std::string& line) {
  EXPECT_FALSE(decoded.ok()) << "accepted: '" << line << "'";
  if (decoded.ok()) return "";
  const Error& error = decoded.error();
  EXPECT_EQ(error.kind, ErrorKind::invalid_argument) << line << " → " << error.describe();
  EXPECT_EQ(error.call, "protocol") << line << " → " << error.describe();
  EXPECT_FALSE(error.detail.empty()) << line;
  return error.detail;
}
std::string command_refusal(const std::string& line) { return refusal(decode_command(line), line); }
std::string reply_refusal(const std::string& line) { return refusal(decode_reply(line), line); }

std::string version_string() { return std::to_string(kProtocolVersion); }

TEST(ProtocolCommand, WriteRoundTrips) {
  const Command decoded = round_trip(WriteCommand{kAwkwardName, kSeedAbove63});
  ASSERT_TRUE(std::holds_alternative<WriteCommand>(decoded)) << type_name(decoded);
  EXPECT_EQ(std::get<WriteCommand>(decoded).name, kAwkwardName);
  EXPECT_EQ(std::get<WriteCommand>(decoded).seed, kSeedAbove63);
}

TEST(ProtocolCommand, ReadRoundTrips) {
  const Command decoded = round_trip(ReadCommand{"Local\\shmbench-abc", std::numeric_limits<std::uint64_t>::max()});
  ASSERT_TRUE(std::holds_alternative<ReadCommand>(decoded)) << type_name(decoded);
  EXPECT_EQ(std::get<ReadCommand>(decoded).name, "Local\\shmbench-abc");
  EXPECT_EQ(std::get<ReadCommand>(decoded).seed, std::numeric_limits<std::uint64_t>::max());
}

TEST(ProtocolCommand, SeedZeroAndEmptyNameRoundTrip) {
  const Command decoded = round_trip(ReadCommand{"", 0});
  ASSERT_TRUE(std::holds_alternative<ReadCommand>(decoded));
  EXPECT_EQ(std::get<ReadCommand>(decoded).name, "");
  EXPECT_EQ(std::get<ReadCommand>(decoded).seed, 0u);
}

TEST(ProtocolCommand, ReleaseAndExitRoundTrip) {
  EXPECT_TRUE(std::holds_alternative<ReleaseCommand>(round_trip(ReleaseCommand{})));
  EXPECT_TRUE(std::holds_alternative<ExitCommand>(round_trip(ExitCommand{})));
}

TEST(ProtocolCommand, TypeNames) {
  EXPECT_STREQ(type_name(Command{WriteCommand{}}), "write");
  EXPECT_STREQ(type_name(Command{ReleaseCommand{}}), "release");
  EXPECT_STREQ(type_name(Command{ReadCommand{}}), "read");
  EXPECT_STREQ(type_name(Command{ExitCommand{}}), "exit");
}

// A transfer run step's lead-in travels out as lead_in_ms and back as lead_in_messages;
// both are left out when 0, so a message without them means none.
TEST(ProtocolCommand, TransferLeadInRoundTrips) {
  TransferCommand command;
  command.step = TransferStep::run;
  command.name = kAwkwardName;
  command.strategy = WaitStrategy::kernel;
  command.size = 64;
  command.lead_in_ms = 50;
  const Command decoded = round_trip(command);
  ASSERT_TRUE(std::holds_alternative<TransferCommand>(decoded)) << type_name(decoded);
  EXPECT_EQ(std::get<TransferCommand>(decoded).lead_in_ms, 50);
  EXPECT_EQ(std::get<TransferCommand>(decoded).strategy, WaitStrategy::kernel);
  command.lead_in_ms = 0;
  EXPECT_EQ(encode(command).find("lead_in"), std::string::npos);
  command.lead_in_ms = 50;
  auto negative = nlohmann::json::parse(encode(command));
  negative["lead_in_ms"] = -1;
  EXPECT_NE(command_refusal(negative.dump()).find("lead_in_ms"), std::string::npos);
}

TEST(ProtocolReply, TransferredLeadInRoundTrips) {
  TransferredReply reply;
  reply.messages = 300;
  reply.lead_in_messages = 1234;
  const Reply decoded = round_trip(reply);
  ASSERT_TRUE(std::holds_alternative<TransferredReply>(decoded)) << type_name(decoded);
  EXPECT_EQ(std::get<TransferredReply>(decoded).messages, 300u);
  EXPECT_EQ(std::get<TransferredReply>(decoded).lead_in_messages, 1234u);
  EXPECT_EQ(std::get<TransferredReply>(round_trip(TransferredReply{})).lead_in_messages, 0u);
  EXPECT_EQ(encode(TransferredReply{}).find("lead_in"), std::string::npos);
}

TEST(ProtocolReply, HelloRoundTripsEveryTimerField) {
  HelloReply hello;
  hello.timer.source = "rdtsc calibrated against \"QueryPerformanceCounter\"";
  hello.timer.resolution_ns = 0.3125;
  hello.timer.read_overhead_ns = 7.123456789012345;
  hello.timer.os_clock = "CLOCK_MONOTONIC";
  hello.timer.os_clock_resolution_ns = 100;
  hello.timer.tsc_ghz = 2.994871234;
  const Reply decoded = round_trip(hello);
  ASSERT_TRUE(std::holds_alternative<HelloReply>(decoded)) << type_name(decoded);
  const TimerInfo& timer = std::get<HelloReply>(decoded).timer;
  EXPECT_EQ(timer.source, hello.timer.source);
  EXPECT_EQ(timer.resolution_ns, hello.timer.resolution_ns);
  EXPECT_EQ(timer.read_overhead_ns, hello.timer.read_overhead_ns);  // exact: doubles travel losslessly
  EXPECT_EQ(timer.os_clock, hello.timer.os_clock);
  EXPECT_EQ(timer.os_clock_resolution_ns, hello.timer.os_clock_resolution_ns);
  EXPECT_EQ(timer.tsc_ghz, hello.timer.tsc_ghz);
}

TEST(ProtocolReply, MeasuredRoundTripsSamplesInOrder) {
  MeasuredReply measured;
  measured.samples = {{Operation::create, 1234.5, 1},
                      {Operation::first_touch, 0.1, 256},
                      {Operation::copy, 98765.4321, kSeedAbove63, {}, 16},
                      {Operation::read_cold, 0, 1},
                      {Operation::close, 3e-9, 7, {}, 1}};
  const Reply decoded = round_trip(measured);
  ASSERT_TRUE(std::holds_alternative<MeasuredReply>(decoded)) << type_name(decoded);
  const auto& samples = std::get<MeasuredReply>(decoded).samples;
  ASSERT_EQ(samples.size(), measured.samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    EXPECT_EQ(samples[i].op, measured.samples[i].op) << "sample " << i;
    EXPECT_EQ(samples[i].ns, measured.samples[i].ns) << "sample " << i;
    EXPECT_EQ(samples[i].iterations, measured.samples[i].iterations) << "sample " << i;
    EXPECT_EQ(samples[i].iterations_per_span, measured.samples[i].iterations_per_span) << "sample " << i;
  }
}

TEST(ProtocolReply, MeasuredWithoutSamplesRoundTrips) {
  const Reply decoded = round_trip(MeasuredReply{});
  ASSERT_TRUE(std::holds_alternative<MeasuredReply>(decoded));
  EXPECT_TRUE(std::get<MeasuredReply>(decoded).samples.empty());
}

TEST(ProtocolReply, FailedRoundTrips) {
  const std::string error = "shm_open: not_found (errno 2: \"No such file\" in C:\\temp)";
  const Reply decoded = round_trip(FailedReply{error});
  ASSERT_TRUE(std::holds_alternative<FailedReply>(decoded)) << type_name(decoded);
  EXPECT_EQ(std::get<FailedReply>(decoded).error, error);
}

TEST(ProtocolReply, FailedCarriesTheForeignName) {
  const Reply plain = round_trip(FailedReply{"x"});
  EXPECT_EQ(encode(FailedReply{"x"}).find("foreign"), std::string::npos);
  EXPECT_TRUE(std::get<FailedReply>(plain).foreign_name.empty());
  const Reply refused = round_trip(FailedReply{"already exists", "shmbench-1-0badcafe-0"});
  ASSERT_TRUE(std::holds_alternative<FailedReply>(refused));
  EXPECT_EQ(std::get<FailedReply>(refused).foreign_name, "shmbench-1-0badcafe-0");
  EXPECT_NE(reply_refusal(R"({"v":1,"type":"failed","error":"x","foreign":7})").find("foreign"), std::string::npos);
}

TEST(ProtocolReply, TypeNames) {
  EXPECT_STREQ(type_name(Reply{HelloReply{}}), "hello");
  EXPECT_STREQ(type_name(Reply{MeasuredReply{}}), "measured");
  EXPECT_STREQ(type_name(Reply{FailedReply{}}), "failed");
}

TEST(ProtocolEncode, WritesTheProtocolVersionAndType) {
  for (const Command& command : {Command{WriteCommand{"n", 1}}, Command{ReleaseCommand{}}, Command{ReadCommand{"n", 2}},
                                 Command{ExitCommand{}}}) {
    const auto line = nlohmann::json::parse(encode(command));
    ASSERT_TRUE(line.is_object());
    ASSERT_TRUE(line.contains("v")) << line.dump();
    EXPECT_TRUE(line["v"].is_number_integer()) << line.dump();
    EXPECT_EQ(line["v"].get<int>(), kProtocolVersion) << line.dump();
    EXPECT_EQ(line.value("type", ""), type_name(command));
  }
  for (const Reply& reply : {Reply{HelloReply{}}, Reply{MeasuredReply{}}, Reply{FailedReply{"x"}}}) {
    const auto line = nlohmann::json::parse(encode(reply));
    ASSERT_TRUE(line.is_object());
    ASSERT_TRUE(line.contains("v")) << line.dump();
    EXPECT_EQ(line["v"].get<int>(), kProtocolVersion) << line.dump();
    EXPECT_EQ(line.value("type", ""), type_name(reply));
  }
}

TEST(ProtocolEncode, SeedIsAnUnsignedJsonNumber) {
  // Not a string and not a negative wrap-around: other readers of the line see the seed.
  const auto line = nlohmann::json::parse(encode(WriteCommand{"n", kSeedAbove63}));
  ASSERT_TRUE(line["seed"].is_number_unsigned()) << line.dump();
  EXPECT_EQ(line["seed"].get<std::uint64_t>(), kSeedAbove63);
}

TEST(ProtocolDecode, RefusesUnknownCommandType) {
  const std::string detail = command_refusal(R"({"v":1,"type":"launch"})");
  EXPECT_NE(detail.find("launch"), std::string::npos) << detail;
  // A reply is not a command, and a command is not a reply.
  command_refusal(encode(Reply{FailedReply{"x"}}));
  reply_refusal(encode(Command{ExitCommand{}}));
}

TEST(ProtocolDecode, RefusesUnknownReplyType) {
  const std::string detail = reply_refusal(R"({"v":1,"type":"bonjour"})");
  EXPECT_NE(detail.find("bonjour"), std::string::npos) << detail;
}

TEST(ProtocolDecode, RefusesMalformedLines) {
  for (const std::string line : {"", "   ", "hello", "{", R"({"v":1,"type":"exit")", R"({"v":1,"type":"ex)",
                                 R"([1,"exit"])", R"([{"v":1,"type":"exit"}])", "42", R"("exit")", "null",
                                 R"({"v":1,"type":"exit"} trailing)"}) {
    command_refusal(line);
    reply_refusal(line);
  }
}

TEST(ProtocolDecode, RefusesMissingVersion) {
  command_refusal(R"({"type":"exit"})");
  reply_refusal(R"({"type":"failed","error":"x"})");
  // A version that is not an integer is no version.
  command_refusal(R"({"v":"1","type":"exit"})");
  command_refusal(R"({"v":1.5,"type":"exit"})");
  command_refusal(R"({"v":null,"type":"exit"})");
}

TEST(ProtocolDecode, RefusesOtherVersionNamingBoth) {
  const int other = kProtocolVersion + 1;
  const std::string command_detail = command_refusal(R"({"v":)" + std::to_string(other) + R"(,"type":"exit"})");
  EXPECT_NE(command_detail.find(std::to_string(other)), std::string::npos) << command_detail;
  EXPECT_NE(command_detail.find(version_string()), std::string::npos) << command_detail;
  const std::string reply_detail = reply_refusal(R"({"v":0,"type":"failed","error":"x"})");
  EXPECT_NE(reply_detail.find('0'), std::string::npos) << reply_detail;
  EXPECT_NE(reply_detail.find(version_string()), std::string::npos) << reply_detail;
  command_refusal(R"({"v":-1,"type":"exit"})");
}

TEST(ProtocolDecode, RefusesVersionThatOnlyTruncatesToOurs) {
  // 2^32 + kProtocolVersion is another version, even where an int would wrap it to ours.
  const std::string wrapped = std::to_string((std::uint64_t{1} << 32) + kProtocolVersion);
  const std::string detail = command_refusal(R"({"v":)" + wrapped + R"(,"type":"exit"})");
  EXPECT_NE(detail.find(wrapped), std::string::npos) << detail;
}

TEST(ProtocolDecode, RefusesMissingFields) {
  command_refusal(R"({"v":1})");  // no type
  EXPECT_NE(command_refusal(R"({"v":1,"type":"write","seed":1})").find("name"), std::string::npos);
  EXPECT_NE(command_refusal(R"({"v":1,"type":"read","name":"n"})").find("seed"), std::string::npos);
  EXPECT_NE(reply_refusal(R"({"v":1,"type":"failed"})").find("error"), std::string::npos);
  reply_refusal(R"({"v":1,"type":"measured"})");
  reply_refusal(R"({"v":1,"type":"hello"})");
  // Every timer field is required.
  const std::string full = encode(Reply{HelloReply{}});
  for (const char* field : {"source", "resolution_ns", "read_overhead_ns", "os_clock", "os_clock_resolution_ns", "tsc_ghz"}) {
    auto line = nlohmann::json::parse(full);
    line["timer"].erase(field);
    EXPECT_NE(reply_refusal(line.dump()).find(field), std::string::npos) << field;
  }
  // Every sample field is required.
  for (const char* field : {"op", "ns", "iterations"}) {
    auto line = nlohmann::json::parse(encode(Reply{MeasuredReply{{{Operation::copy, 10, 2}}}}));
    line["samples"][0].erase(field);
    EXPECT_NE(reply_refusal(line.dump()).find(field), std::string::npos) << field;
  }
}

TEST(ProtocolDecode, RefusesFieldsOfTheWrongType) {
  EXPECT_NE(command_refusal(R"({"v":1,"type":"write","name":"n","seed":"42"})").find("seed"), std::string::npos);
  EXPECT_NE(command_refusal(R"({"v":1,"type":"read","name":"n","seed":-1})").find("seed"), std::string::npos);
  command_refusal(R"({"v":1,"type":"write","name":"n","seed":1.5})");
  command_refusal(R"({"v":1,"type":"write","name":"n","seed":true})");
  command_refusal(R"({"v":1,"type":"write","name":"n","seed":18446744073709551616})");  // 2^64
  EXPECT_NE(command_refusal(R"({"v":1,"type":"write","name":7,"seed":1})").find("name"), std::string::npos);
  command_refusal(R"({"v":1,"type":7})");
  reply_refusal(R"({"v":1,"type":"failed","error":["x"]})");
  reply_refusal(R"({"v":1,"type":"hello","timer":"rdtsc"})");
  reply_refusal(R"({"v":1,"type":"measured","samples":{"op":"copy"}})");
  reply_refusal(R"({"v":1,"type":"measured","samples":[1,2]})");
  reply_refusal(R"({"v":1,"type":"measured","samples":[{"op":"copy","ns":"fast","iterations":1}]})");
  reply_refusal(R"({"v":1,"type":"measured","samples":[{"op":"copy","ns":1,"iterations":-3}]})");
  reply_refusal(R"({"v":1,"type":"measured","samples":[{"op":3,"ns":1,"iterations":1}]})");
  reply_refusal(R"({"v":1,"type":"measured","samples":[{"op":"copy","ns":1,"iterations":4,"iterations_per_span":"2"}]})");
}

TEST(ProtocolDecode, RefusesUnknownOperationInASample) {
  const std::string detail = reply_refusal(
      R"({"v":1,"type":"measured","samples":[{"op":"copy","ns":1,"iterations":1},{"op":"teleport","ns":1,"iterations":1}]})");
  EXPECT_NE(detail.find("teleport"), std::string::npos) << detail;
  reply_refusal(R"({"v":1,"type":"measured","samples":[{"op":"","ns":1,"iterations":1}]})");
  reply_refusal(R"({"v":1,"type":"measured","samples":[{"op":"COPY","ns":1,"iterations":1}]})");
}

}  // namespace
}  // namespace shmbench
