#include "cep/slot_store.h"

#include <algorithm>

namespace ripple::cep {

uint32_t SlotStore::Add(uint32_t s, uint16_t rule, uint16_t payload_words, int64_t expires_ms) {
  uint32_t slot;
  if (payload_words < free_.size() && !free_[payload_words].empty()) {
    slot = free_[payload_words].back();
    free_[payload_words].pop_back();
  } else {
    slot = static_cast<uint32_t>(words_.size());
    words_.resize(words_.size() + 2 + payload_words);
  }
  words_[slot] = (uint64_t{heads_[s]} << 32) | (uint64_t{rule} << 16) | payload_words;
  words_[slot + 1] = static_cast<uint64_t>(expires_ms);
  std::fill_n(words_.data() + slot + 2, payload_words, 0);
  heads_[s] = slot;
  ++live_;
  return slot;
}

void SlotStore::Free(uint32_t slot) {
  const uint16_t size = payload_words(slot);
  if (free_.size() <= size) free_.resize(size + 1);
  free_[size].push_back(slot);
  --live_;
}

void SlotStore::Remove(uint32_t s, uint32_t slot) {
  if (heads_[s] == slot) {
    heads_[s] = next(slot);
  } else {
    uint32_t x = heads_[s];
    while (next(x) != slot) x = next(x);
    words_[x] = (words_[x] & 0xffffffffu) | (uint64_t{next(slot)} << 32);
  }
  Free(slot);
}

uint32_t SlotStore::Expire(uint32_t s, int64_t now_ms) {
  uint32_t freed = 0;
  uint32_t x = heads_[s];
  while (x != kNone) {
    const uint32_t n = next(x);
    if (expires(x) < now_ms) {
      Remove(s, x);
      ++freed;
    }
    x = n;
  }
  return freed;
}

void SlotStore::Clear(uint32_t s) {
  while (heads_[s] != kNone) Remove(s, heads_[s]);
}

size_t SlotStore::MemoryBytes() const {
  size_t bytes = heads_.capacity() * sizeof(uint32_t) + words_.capacity() * sizeof(uint64_t);
  for (const auto& f : free_) bytes += f.capacity() * sizeof(uint32_t);
  return bytes;
}

}  // namespace ripple::cep
