// System V shared memory has integer keys, not names. The sysv backend derives a
// segment's key from the object's name: a tag in the top byte (0x5b), so the leftover
// scan can tell shmbench's segments from other programs', and 24 bits of the name's
// FNV-1a hash. Two names that share a key (1 in 16 million) are refused by the exclusive
// create (IPC_EXCL) as "already exists", never attached to.
#pragma once

#include <cstdint>
#include <string>

namespace shmbench {

inline constexpr std::uint32_t kSysvKeyTag = 0x5b000000u;
inline constexpr std::uint32_t kSysvKeyTagMask = 0xff000000u;

inline std::int32_t sysv_key(const std::string& name) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : name) hash = (hash ^ c) * 16777619u;
  return static_cast<std::int32_t>(kSysvKeyTag | (hash & ~kSysvKeyTagMask));
}

inline bool is_sysv_key_of_ours(std::int64_t key) {
  return (static_cast<std::uint32_t>(key) & kSysvKeyTagMask) == kSysvKeyTag;
}

}  // namespace shmbench
