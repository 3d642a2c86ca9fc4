// parse_size / parse_size_list / format_size (harness/common/sizes.hpp).
#include "common/sizes.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace shmbench {
namespace {

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = kKiB * 1024;
constexpr std::uint64_t kGiB = kMiB * 1024;
constexpr std::uint64_t kTiB = kGiB * 1024;

// The parsed value, or 0 (never a valid size) with the error added to the failure.
std::uint64_t bytes_of(const std::string& text) {
  const SizeParse parsed = parse_size(text);
  EXPECT_TRUE(parsed.bytes.has_value()) << "'" << text << "' was refused: " << parsed.error;
  EXPECT_TRUE(parsed.error.empty()) << parsed.error;
  return parsed.bytes.value_or(0);
}

// The error for a size that must be refused ("" if it was wrongly accepted).
std::string error_of(const std::string& text) {
  const SizeParse parsed = parse_size(text);
  EXPECT_FALSE(parsed.bytes.has_value()) << "'" << text << "' was accepted as " << parsed.bytes.value_or(0);
  EXPECT_FALSE(parsed.error.empty()) << "'" << text << "' was refused without a reason";
  return parsed.error;
}

TEST(ParseSize, PlainBytes) {
  EXPECT_EQ(bytes_of("1"), 1u);
  EXPECT_EQ(bytes_of("4096"), 4096u);
  EXPECT_EQ(bytes_of("1536"), 1536u);
  EXPECT_EQ(bytes_of("18446744073709551615"), UINT64_MAX);
}

TEST(ParseSize, ByteUnit) {
  EXPECT_EQ(bytes_of("512B"), 512u);
  EXPECT_EQ(bytes_of("512b"), 512u);
}

TEST(ParseSize, BinaryUnits) {
  EXPECT_EQ(bytes_of("4KiB"), 4 * kKiB);
  EXPECT_EQ(bytes_of("1MiB"), kMiB);
  EXPECT_EQ(bytes_of("256MiB"), 256 * kMiB);
  EXPECT_EQ(bytes_of("2GiB"), 2 * kGiB);
  EXPECT_EQ(bytes_of("3TiB"), 3 * kTiB);
}

TEST(ParseSize, SingleLetterUnitsMeanBinaryUnits) {
  EXPECT_EQ(bytes_of("4K"), 4 * kKiB);
  EXPECT_EQ(bytes_of("8M"), 8 * kMiB);
  EXPECT_EQ(bytes_of("2G"), 2 * kGiB);
  EXPECT_EQ(bytes_of("1T"), kTiB);
}

TEST(ParseSize, UnitsAreCaseInsensitive) {
  EXPECT_EQ(bytes_of("4kib"), 4 * kKiB);
  EXPECT_EQ(bytes_of("4KIB"), 4 * kKiB);
  EXPECT_EQ(bytes_of("1mib"), kMiB);
  EXPECT_EQ(bytes_of("1gIb"), kGiB);
  EXPECT_EQ(bytes_of("1tib"), kTiB);
  EXPECT_EQ(bytes_of("4k"), 4 * kKiB);
  EXPECT_EQ(bytes_of("8m"), 8 * kMiB);
}

TEST(ParseSize, SpacesAreAllowedAroundAndBeforeTheUnit) {
  EXPECT_EQ(bytes_of(" 4KiB "), 4 * kKiB);
  EXPECT_EQ(bytes_of("4 KiB"), 4 * kKiB);
  EXPECT_EQ(bytes_of("\t1 MiB\n"), kMiB);
  EXPECT_EQ(bytes_of("  4096  "), 4096u);
}

TEST(ParseSize, ZeroIsRejected) {
  EXPECT_NE(error_of("0").find("zero"), std::string::npos);
  EXPECT_NE(error_of("0KiB").find("zero"), std::string::npos);
  EXPECT_NE(error_of("000").find("zero"), std::string::npos);
}

TEST(ParseSize, OverflowIsRejected) {
  // 2^64 as a plain number, and values whose unit pushes them past 64 bits.
  EXPECT_NE(error_of("18446744073709551616").find("does not fit"), std::string::npos);
  EXPECT_NE(error_of("99999999999999999999999").find("does not fit"), std::string::npos);
  EXPECT_NE(error_of("16777216TiB").find("does not fit"), std::string::npos);
  EXPECT_NE(error_of("17179869184GiB").find("does not fit"), std::string::npos);
  // The largest values that still fit are accepted.
  EXPECT_EQ(bytes_of("16777215TiB"), 16777215 * kTiB);
  EXPECT_EQ(bytes_of("17179869183GiB"), 17179869183 * kGiB);
}

TEST(ParseSize, DecimalUnitsAreRejectedAsAmbiguous) {
  for (const char* text : {"1MB", "1mb", "4KB", "4kb", "2GB", "1TB"})
    EXPECT_NE(error_of(text).find("ambiguous"), std::string::npos) << text;
}

TEST(ParseSize, GarbageIsRejected) {
  EXPECT_NE(error_of("").find("does not start with a number"), std::string::npos);
  EXPECT_NE(error_of("   ").find("does not start with a number"), std::string::npos);
  EXPECT_NE(error_of("KiB").find("does not start with a number"), std::string::npos);
  EXPECT_NE(error_of("-1").find("does not start with a number"), std::string::npos);
  EXPECT_NE(error_of("abc").find("does not start with a number"), std::string::npos);
  EXPECT_NE(error_of("4XiB").find("unknown unit"), std::string::npos);
  EXPECT_NE(error_of("1.5MiB").find("unknown unit"), std::string::npos);
  EXPECT_NE(error_of("4KiB4").find("unknown unit"), std::string::npos);
  EXPECT_NE(error_of("4 4").find("unknown unit"), std::string::npos);
}

TEST(ParseSize, ErrorQuotesTheInput) {
  EXPECT_NE(error_of("12furlongs").find("'12furlongs'"), std::string::npos);
}

TEST(ParseSizeList, ParsesItemsInOrder) {
  std::string error;
  const auto sizes = parse_size_list("4KiB,1MiB,4096,2G", error);
  ASSERT_TRUE(sizes.has_value()) << error;
  EXPECT_EQ(*sizes, (std::vector<std::uint64_t>{4 * kKiB, kMiB, 4096, 2 * kGiB}));
}

TEST(ParseSizeList, SingleItem) {
  std::string error;
  const auto sizes = parse_size_list("256MiB", error);
  ASSERT_TRUE(sizes.has_value()) << error;
  EXPECT_EQ(*sizes, (std::vector<std::uint64_t>{256 * kMiB}));
}

TEST(ParseSizeList, SpacesAroundItems) {
  std::string error;
  const auto sizes = parse_size_list(" 4KiB , 1 MiB ,64K", error);
  ASSERT_TRUE(sizes.has_value()) << error;
  EXPECT_EQ(*sizes, (std::vector<std::uint64_t>{4 * kKiB, kMiB, 64 * kKiB}));
}

TEST(ParseSizeList, EmptyItemIsAnError) {
  for (const char* text : {"4KiB,,1MiB", "4KiB,", ",4KiB", ""}) {
    std::string error;
    EXPECT_FALSE(parse_size_list(text, error).has_value()) << "'" << text << "' was accepted";
    EXPECT_NE(error.find("does not start with a number"), std::string::npos) << "'" << text << "': " << error;
  }
}

TEST(ParseSizeList, BadItemReportsThatItem) {
  std::string error;
  EXPECT_FALSE(parse_size_list("4KiB,1MB,2GiB", error).has_value());
  EXPECT_NE(error.find("'1MB'"), std::string::npos) << error;
  EXPECT_NE(error.find("ambiguous"), std::string::npos) << error;

  error.clear();
  EXPECT_FALSE(parse_size_list("4KiB,0", error).has_value());
  EXPECT_NE(error.find("zero"), std::string::npos) << error;
}

TEST(FormatSize, ExactBinaryUnits) {
  EXPECT_EQ(format_size(4096), "4KiB");
  EXPECT_EQ(format_size(kKiB), "1KiB");
  EXPECT_EQ(format_size(kMiB), "1MiB");
  EXPECT_EQ(format_size(256 * kMiB), "256MiB");
  EXPECT_EQ(format_size(3 * kGiB), "3GiB");
  EXPECT_EQ(format_size(kTiB), "1TiB");
}

TEST(FormatSize, BytesWhereNoUnitDividesEvenly) {
  EXPECT_EQ(format_size(1536), "1536B");
  EXPECT_EQ(format_size(1), "1B");
  EXPECT_EQ(format_size(1023), "1023B");
  EXPECT_EQ(format_size(0), "0B");
  EXPECT_EQ(format_size(kMiB + kKiB), "1025KiB");
}

TEST(FormatSize, TiBIsTheLargestUnit) { EXPECT_EQ(format_size(1024 * kTiB), "1024TiB"); }

TEST(FormatSize, RoundTripsThroughParseSize) {
  for (std::uint64_t bytes : {std::uint64_t{1}, std::uint64_t{1536}, 4 * kKiB, kMiB + kKiB, 256 * kMiB, 5 * kGiB,
                              7 * kTiB, UINT64_MAX})
    EXPECT_EQ(bytes_of(format_size(bytes)), bytes) << format_size(bytes);
}

}  // namespace
}  // namespace shmbench
