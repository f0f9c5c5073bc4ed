// SlotStore: the per-subscriber state of the rules — one slot per (subscriber, rule) that has a
// match in progress, nothing for the others.
//
// A subscriber's slots lie back to back in one block, so that looking at all of them for a
// record costs a cache line or two, not a miss per slot. Blocks come in size classes from
// fixed chunks of 64-bit words (a chunk never moves, so growing the store copies nothing but
// the one block that outgrew its class); freed blocks go to a free list per class and are
// reused, so a steady stream allocates nothing.
//
// A block is [header | slot | slot ...], the header packing the words used, the size class and
// the slot count; a slot is [rule | payload words][expires_ms][payload...].
// Invariants: heads_[s] is kNone or the header of s's block, which holds >= 1 slot; due_[s] is
// at or before the earliest expiry of s's slots (INT64_MAX without a block) — a sweep reads
// due_ in order and touches only blocks that may hold expired slots.
// Slot offsets stay valid until the next Add or Remove for the same subscriber: Add may move
// the block, Remove moves the slots after the removed one down.
// Memory: 12 bytes per subscriber + the blocks (8 * (1 + sum of 2 + payload) rounded up to the
// class) + free capacity.
// Thread-safety: single-threaded.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "core/huge_pages.h"

namespace ripple::cep {

class SlotStore {
 public:
  static constexpr uint32_t kNone = 0;  // offset 0 is never a block
  static constexpr int64_t kNoDue = std::numeric_limits<int64_t>::max();

  explicit SlotStore(size_t subscribers);
  ~SlotStore();
  SlotStore(const SlotStore&) = delete;
  SlotStore& operator=(const SlotStore&) = delete;

  size_t subscribers() const { return heads_.size(); }

  // The slots of s are [first(s), end(s)), stepped by next(). first == end when s has none.
  uint32_t first(uint32_t s) const { return heads_[s] == kNone ? kNone : heads_[s] + 1; }
  uint32_t end(uint32_t s) const {
    return heads_[s] == kNone ? kNone : heads_[s] + 1 + Used(Word(heads_[s]));
  }
  uint32_t count(uint32_t s) const {
    return heads_[s] == kNone ? 0 : static_cast<uint32_t>(Word(heads_[s]) >> 32);
  }
  uint32_t next(uint32_t slot) const { return slot + 2 + payload_words(slot); }
  uint16_t rule(uint32_t slot) const { return static_cast<uint16_t>(Word(slot) >> 16); }
  uint16_t payload_words(uint32_t slot) const { return static_cast<uint16_t>(Word(slot)); }
  int64_t expires(uint32_t slot) const { return static_cast<int64_t>(Word(slot + 1)); }
  void set_expires(uint32_t s, uint32_t slot, int64_t ms) {
    Word(slot + 1) = static_cast<uint64_t>(ms);
    if (ms < due_[s]) due_[s] = ms;
  }
  void set_rule(uint32_t slot, uint16_t rule) {
    Word(slot) = (Word(slot) & ~uint64_t{0xffff0000}) | (uint64_t{rule} << 16);
  }
  uint64_t* payload(uint32_t slot) { return &Word(slot + 2); }
  const uint64_t* payload(uint32_t slot) const { return &Word(slot + 2); }
  // At or before the earliest expiry of s's slots; kNoDue when s has none.
  int64_t due(uint32_t s) const { return due_[s]; }

  // The subscriber's slot of `rule`, or kNone.
  uint32_t Find(uint32_t s, uint16_t rule) const;
  // A new zeroed slot at the end of s's block. REQUIRES: no slot of `rule` for s.
  uint32_t Add(uint32_t s, uint16_t rule, uint16_t payload_words, int64_t expires_ms);
  // Removes the slot; the slots after it move down (the next one is now at `slot`).
  // REQUIRES: it is one of s's.
  void Remove(uint32_t s, uint32_t slot);
  // Frees every slot of s whose expiry is before `now_ms` and makes due(s) exact; returns how
  // many.
  uint32_t Expire(uint32_t s, int64_t now_ms);
  void Clear(uint32_t s);

  // Brings s's head into cache (stage 1), then its block's first lines (stage 2, once the head
  // is in cache), then the rest (stage 3): for matching a batch of records with the memory
  // latency overlapped.
  // always_inline: GCC 12 finds a function whose only effect is a prefetch "pure" and deletes
  // the calls to it (its result is unused), so a prefetch must never sit behind a call.
  [[gnu::always_inline]] void PrefetchHead(uint32_t s) const { __builtin_prefetch(&heads_[s]); }
  [[gnu::always_inline]] void PrefetchBlock(uint32_t s) const {
    const uint32_t h = heads_[s];
    if (h == kNone) return;
    const uint64_t* p = &Word(h);
    __builtin_prefetch(p);
    __builtin_prefetch(p + 8);
  }
  // Stage 3, once the block's first line is in cache: the rest of it, up to 4 KiB. Matching
  // reads every slot's first words, and a block holding `sum ... within` slots (22 words each)
  // is 2-3 KiB with its slot headers lines apart.
  [[gnu::always_inline]] void PrefetchRest(uint32_t s) const {
    const uint32_t h = heads_[s];
    if (h == kNone) return;
    const uint64_t* p = &Word(h);
    const uint32_t words = std::min<uint32_t>(1 + Used(*p), 512);
    for (uint32_t w = 16; w < words; w += 8) __builtin_prefetch(p + w);
  }

  uint64_t live_slots() const { return live_; }
  size_t MemoryBytes() const;

 private:
  static constexpr int kChunkBits = 20;  // 8 MB chunks
  static constexpr uint32_t kChunkWords = 1u << kChunkBits;

  uint64_t& Word(uint32_t off) { return chunks_[off >> kChunkBits][off & (kChunkWords - 1)]; }
  const uint64_t& Word(uint32_t off) const {
    return chunks_[off >> kChunkBits][off & (kChunkWords - 1)];
  }
  // Header: words used after the header (bits 0-23), size class (24-31), slot count (32-63).
  static uint32_t Used(uint64_t header) { return static_cast<uint32_t>(header & 0xffffff); }
  static uint32_t Class(uint64_t header) { return static_cast<uint32_t>(header >> 24) & 0xff; }
  static uint64_t Header(uint32_t used, uint32_t cls, uint32_t count) {
    return used | (uint64_t{cls} << 24) | (uint64_t{count} << 32);
  }
  uint32_t AllocateBlock(uint32_t cls);
  void FreeBlock(uint32_t head, uint32_t cls);

  // Huge pages: read at random per record; with 4 KiB pages each read would miss the TLB too.
  HugeVector<uint32_t> heads_;
  HugeVector<int64_t> due_;
  struct ChunkFree {
    void operator()(uint64_t* p) const;
  };
  std::vector<std::unique_ptr<uint64_t[], ChunkFree>> chunks_;
  uint32_t top_ = 8;                         // next unallocated word (word 0 is never handed out)
  std::vector<std::vector<uint32_t>> free_;  // block heads by size class
  uint64_t live_ = 0;
};

}  // namespace ripple::cep
