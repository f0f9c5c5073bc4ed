// FlatMap64: an open-addressing hash map from non-zero uint64 keys to uint32 values.
//
// Used on hot paths (phone number -> subscriber id, fingerprints) where std::unordered_map's
// node allocation and pointer chasing cost more than the lookup itself. Linear probing over one
// contiguous array of 12-byte-aligned slots; grows at 50 % load. Key 0 is reserved as "empty"
// (PhoneKey 0 and fingerprint 0 never occur; Insert of 0 is a programmer error).
// Thread-safety: concurrent reads are safe; writes need external synchronisation.
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

#include "core/hash.h"

namespace ripple {

class FlatMap64 {
 public:
  static constexpr uint32_t kMissing = UINT32_MAX;

  explicit FlatMap64(size_t expected = 16) { Rehash(CapacityFor(expected)); }

  // Returns the value for `key`, or kMissing.
  uint32_t Find(uint64_t key) const {
    size_t i = Mix64(key) & mask_;
    while (true) {
      const Slot& s = slots_[i];
      if (s.key == key) return s.value;
      if (s.key == 0) return kMissing;
      i = (i + 1) & mask_;
    }
  }
  // Inserts or overwrites. Returns true when the key was new.
  bool Put(uint64_t key, uint32_t value) {
    assert(key != 0);
    if ((size_ + 1) * 2 > slots_.size()) Rehash(slots_.size() * 2);
    size_t i = Mix64(key) & mask_;
    while (true) {
      Slot& s = slots_[i];
      if (s.key == key) {
        s.value = value;
        return false;
      }
      if (s.key == 0) {
        s.key = key;
        s.value = value;
        ++size_;
        return true;
      }
      i = (i + 1) & mask_;
    }
  }
  size_t size() const { return size_; }
  size_t MemoryBytes() const { return slots_.size() * sizeof(Slot); }
  void Clear() { Rehash(16); }

  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (const Slot& s : slots_) {
      if (s.key != 0) fn(s.key, s.value);
    }
  }

 private:
  struct Slot {
    uint64_t key = 0;
    uint32_t value = 0;
  };
  static size_t CapacityFor(size_t n) {
    size_t cap = 16;
    while (cap < n * 2) cap *= 2;
    return cap;
  }
  void Rehash(size_t capacity) {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    size_ = 0;
    for (const Slot& s : old) {
      if (s.key != 0) Put(s.key, s.value);
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace ripple
