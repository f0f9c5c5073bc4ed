// SlotStore: the per-subscriber state of the rules — one slot per (subscriber, rule) that has a
// match in progress, nothing for the others.
//
// Slots live in one arena of 64-bit words; a subscriber's slots form a chain from heads_[s]. A
// slot is [header | expires_ms | payload...]: the header packs the next slot, the rule index
// and the payload size. Freed slots go to a free list by size and are reused, so a steady
// stream allocates nothing. A slot whose expiry (event time) has passed holds nothing worth
// keeping: the engine frees it when it meets it, and a sweep visits a few subscribers per
// record so that subscribers who go quiet do not keep state forever.
// Memory: 4 bytes per subscriber + 8 * (2 + payload) bytes per live slot (+ free capacity).
// Thread-safety: single-threaded.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace ripple::cep {

class SlotStore {
 public:
  static constexpr uint32_t kNone = 0;  // offsets start at 1 (word 0 is unused)

  explicit SlotStore(size_t subscribers) : heads_(subscribers, kNone), words_(1, 0) {}

  size_t subscribers() const { return heads_.size(); }
  uint32_t head(uint32_t s) const { return heads_[s]; }
  uint32_t next(uint32_t slot) const { return static_cast<uint32_t>(words_[slot] >> 32); }
  uint16_t rule(uint32_t slot) const { return static_cast<uint16_t>(words_[slot] >> 16); }
  uint16_t payload_words(uint32_t slot) const { return static_cast<uint16_t>(words_[slot]); }
  int64_t expires(uint32_t slot) const { return static_cast<int64_t>(words_[slot + 1]); }
  void set_expires(uint32_t slot, int64_t ms) { words_[slot + 1] = static_cast<uint64_t>(ms); }
  void set_rule(uint32_t slot, uint16_t rule) {
    words_[slot] = (words_[slot] & ~uint64_t{0xffff0000}) | (uint64_t{rule} << 16);
  }
  // The payload; valid until the next Add (the arena may move).
  uint64_t* payload(uint32_t slot) { return words_.data() + slot + 2; }
  const uint64_t* payload(uint32_t slot) const { return words_.data() + slot + 2; }

  // The subscriber's slot of `rule`, or kNone.
  uint32_t Find(uint32_t s, uint16_t rule) const {
    for (uint32_t x = heads_[s]; x != kNone; x = next(x)) {
      if (this->rule(x) == rule) return x;
    }
    return kNone;
  }
  // A new zeroed slot at the head of s's chain. REQUIRES: no slot of `rule` for s.
  uint32_t Add(uint32_t s, uint16_t rule, uint16_t payload_words, int64_t expires_ms);
  // Unlinks and frees the slot. REQUIRES: it is in s's chain.
  void Remove(uint32_t s, uint32_t slot);
  // Frees every slot of s whose expiry is before `now_ms`; returns how many.
  uint32_t Expire(uint32_t s, int64_t now_ms);
  void Clear(uint32_t s);

  uint64_t live_slots() const { return live_; }
  size_t MemoryBytes() const;

 private:
  void Free(uint32_t slot);

  std::vector<uint32_t> heads_;
  std::vector<uint64_t> words_;
  std::vector<std::vector<uint32_t>> free_;  // by payload size
  uint64_t live_ = 0;
};

}  // namespace ripple::cep
