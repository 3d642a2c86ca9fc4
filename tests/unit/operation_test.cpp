// The one table of operation traits (harness/measure/operation.hpp) that workers, report
// and summary all ask.
#include "measure/operation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <set>
#include <string>
#include <vector>

namespace shmbench {
namespace {

std::vector<Operation> all_operations() {
  std::vector<Operation> ops;
  for (std::size_t i = 0; i < kOperationCount; ++i) ops.push_back(static_cast<Operation>(i));
  return ops;
}

TEST(OperationTable, IsInEnumOrder) {
  const auto& table = operation_table();
  ASSERT_EQ(table.size(), kOperationCount);
  for (std::size_t i = 0; i < table.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(table[i].op), i) << table[i].name;
    EXPECT_EQ(&traits_of(table[i].op), &table[i]) << table[i].name;
  }
  EXPECT_EQ(table.front().op, Operation::create);
  EXPECT_EQ(table.back().op, Operation::close);
}

TEST(OperationTable, NamesAreUniqueAndNonEmpty) {
  std::set<std::string> names;
  for (const auto& traits : operation_table()) {
    EXPECT_FALSE(traits.name.empty());
    EXPECT_FALSE(traits.what.empty()) << traits.name;
    EXPECT_TRUE(names.insert(std::string(traits.name)).second) << "duplicate name " << traits.name;
    // Names are report-row components ("<name>/<backend>/<bytes>"): no separators in them.
    EXPECT_EQ(traits.name.find('/'), std::string_view::npos) << traits.name;
  }
  EXPECT_EQ(names.size(), kOperationCount);
}

TEST(OperationNames, RoundTripForEveryOperation) {
  for (const Operation op : all_operations()) {
    const auto parsed = operation_named(to_string(op));
    ASSERT_TRUE(parsed.has_value()) << to_string(op);
    EXPECT_EQ(*parsed, op) << to_string(op);
  }
  EXPECT_EQ(to_string(Operation::first_touch), "first_touch");
  EXPECT_EQ(to_string(Operation::copy_cold), "copy_cold");
}

TEST(OperationNames, UnknownNameIsEmpty) {
  EXPECT_FALSE(operation_named("nope").has_value());
  EXPECT_FALSE(operation_named("").has_value());
  EXPECT_FALSE(operation_named("Copy").has_value());
  EXPECT_FALSE(operation_named("copy ").has_value());
  EXPECT_FALSE(operation_named("first-touch").has_value());
}

TEST(OperationsFor, ProcessLocalKeepsOnlyOperationsWithoutASharedObject) {
  const std::vector<Operation> expected = {Operation::create, Operation::first_touch, Operation::copy_cold,
                                           Operation::copy,   Operation::read,        Operation::read_unverified,
                                           Operation::close};
  EXPECT_EQ(operations_for(true), expected);
  for (const Operation op : operations_for(true)) EXPECT_FALSE(traits_of(op).needs_shared_object) << op;
}

TEST(OperationsFor, SharedObjectHasAllButCommitInReportOrder) {
  const std::vector<Operation> ops = operations_for(false);
  std::vector<Operation> expected = all_operations();
  expected.erase(std::find(expected.begin(), expected.end(), Operation::commit));
  EXPECT_EQ(ops, expected);
  EXPECT_EQ(ops.size(), 11u);
}

TEST(OperationsFor, OnlyABackendThatCommitsSeparatelyHasCommit) {
  EXPECT_EQ(operations_for(false, true), all_operations());
  const std::vector<Operation> ops = operations_for(false, true);
  EXPECT_EQ(*std::next(std::find(ops.begin(), ops.end(), Operation::map)), Operation::commit)
      << "commit follows map in report order";
  for (const Operation op : all_operations())
    EXPECT_EQ(traits_of(op).needs_separate_commit, op == Operation::commit) << op;
  // The heap has no view to commit.
  const std::vector<Operation> local = operations_for(true, true);
  EXPECT_EQ(std::find(local.begin(), local.end(), Operation::commit), local.end());
}

TEST(OperationTraits, ReportsThroughputExactlyForPerPageAndPerPass) {
  std::vector<Operation> with_throughput;
  for (const Operation op : all_operations()) {
    const TimeUnit unit = traits_of(op).unit;
    EXPECT_EQ(reports_throughput(op), unit == TimeUnit::per_page || unit == TimeUnit::per_pass) << op;
    if (reports_throughput(op)) with_throughput.push_back(op);
  }
  const std::vector<Operation> expected = {Operation::first_touch, Operation::copy_cold, Operation::copy,
                                           Operation::read_cold, Operation::read, Operation::read_unverified};
  EXPECT_EQ(with_throughput, expected);
  EXPECT_EQ(traits_of(Operation::first_touch).unit, TimeUnit::per_page);
}

TEST(OperationTraits, BytesPerSample) {
  constexpr std::uint64_t kBuffer = 1u << 20;
  constexpr std::uint64_t kPage = 4096;
  EXPECT_EQ(bytes_per_sample(Operation::copy, kBuffer, kPage), kBuffer);
  EXPECT_EQ(bytes_per_sample(Operation::copy_cold, kBuffer, kPage), kBuffer);
  EXPECT_EQ(bytes_per_sample(Operation::read, kBuffer, kPage), kBuffer);
  EXPECT_EQ(bytes_per_sample(Operation::read_cold, kBuffer, kPage), kBuffer);
  EXPECT_EQ(bytes_per_sample(Operation::first_touch, kBuffer, kPage), kPage);
  EXPECT_EQ(bytes_per_sample(Operation::first_touch, kBuffer, 65536), 65536u);
  EXPECT_EQ(bytes_per_sample(Operation::create, kBuffer, kPage), 0u);
  for (const Operation op : all_operations())
    EXPECT_EQ(bytes_per_sample(op, kBuffer, kPage) != 0, reports_throughput(op)) << op;
}

TEST(OperationTraits, RolesAndDataFlow) {
  EXPECT_EQ(traits_of(Operation::open).role, Role::reader);
  EXPECT_EQ(traits_of(Operation::read).role, Role::reader);
  EXPECT_EQ(traits_of(Operation::copy).role, Role::writer);
  for (const Operation op : all_operations()) {
    const auto& traits = traits_of(op);
    // Data moves exactly where bytes/s is reported; into the view by writers, out by readers.
    EXPECT_EQ(traits.flow != DataFlow::none, reports_throughput(op)) << op;
    if (traits.flow == DataFlow::into_view) {
      EXPECT_EQ(traits.role, Role::writer) << op;
    }
    if (traits.flow == DataFlow::out_of_view) {
      EXPECT_EQ(traits.role, Role::reader) << op;
    }
  }
}

}  // namespace
}  // namespace shmbench
