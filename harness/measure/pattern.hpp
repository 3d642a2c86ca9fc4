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
// Reads every byte: this is the verified read the `read` figures time.
std::size_t find_pattern_mismatch(const std::byte* data, std::size_t size, std::uint64_t seed);
// Reads every byte without checking it, in the same instruction set as the verified
// read: the reference `read_unverified` figures time, so the cost of verifying shows.
// The result only keeps the compiler from dropping the reads.
std::uint64_t read_unverified(const std::byte* data, std::size_t size);
// The instruction set both reads use on this CPU ("avx2", "portable"), for reports.
const char* read_kernel_name();
// Where the verified read's code starts, modulo 64 bytes (read_kernels.hpp says why it
// matters): 0 where the compiler aligns it (GCC, Clang); MSVC cannot align a function
// beyond 16 bytes, so its builds show 0, 16, 32 or 48, and two programs may differ.
unsigned read_kernel_offset();

}  // namespace shmbench
