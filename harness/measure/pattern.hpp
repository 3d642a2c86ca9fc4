// The data every copy writes and every read verifies, so that no throughput figure is
// for corrupt or stale data. Each repetition uses its own seed: a reader that sees the
// previous repetition's bytes fails verification.
#pragma once

#include <cstddef>
#include <cstdint>

namespace shmbench {

// Fills `size` bytes with the pattern for `seed`.
void fill_pattern(std::byte* data, std::size_t size, std::uint64_t seed);
// Returns the offset of the first byte that differs from the pattern, or `size` if none.
std::size_t find_pattern_mismatch(const std::byte* data, std::size_t size, std::uint64_t seed);

}  // namespace shmbench
