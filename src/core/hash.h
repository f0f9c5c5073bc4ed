// Fast non-cryptographic hashing for in-memory tables, fingerprints and stable partitioning.
// Stable across runs and machines (no per-process seed), so partition and fingerprint values
// can be stored. Not for secrets: pseudonyms use HMAC (core/identity.h).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace ripple {

inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

inline uint64_t HashCombine(uint64_t seed, uint64_t v) {
  return Mix64(seed ^ (v + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2)));
}

inline uint64_t HashBytes(const void* data, size_t n, uint64_t seed = 0x51ed270b27fd1a5bULL) {
  const auto* p = static_cast<const unsigned char*>(data);
  uint64_t h = seed ^ (n * 0x9e3779b97f4a7c15ULL);
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = Mix64(h ^ w) * 0x9fb21c651e98df25ULL;
    p += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, p, n);
  return Mix64(h ^ tail ^ (uint64_t(n) << 56));
}

inline uint64_t HashString(std::string_view s) { return HashBytes(s.data(), s.size()); }

}  // namespace ripple
