#include "cep/slot_store.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>

namespace ripple::cep {
namespace {

// Block sizes in words (header included): multiples of a cache line, each at most 1.25x the one
// before, up to 1 MiB. A block wastes at most a fifth of itself: with 1.33-1.5x steps, a third of
// the blocks' words went unused on a bench day (a subscriber with ten `sum ... within` slots
// needs 241+ words), and every unused word is memory the kernel must zero first.
constexpr uint32_t kMaxClassWords = 131072;
constexpr uint32_t NextClassWords(uint32_t w) { return std::max(w + 8, (w + w / 4) & ~7u); }
constexpr size_t CountClasses() {
  size_t n = 0;
  for (uint32_t w = 8; w <= kMaxClassWords; w = NextClassWords(w)) ++n;
  return n;
}
constexpr auto kClassWords = [] {
  std::array<uint32_t, CountClasses()> words{};
  uint32_t w = 8;
  for (uint32_t& c : words) {
    c = w;
    w = NextClassWords(w);
  }
  return words;
}();
static_assert(kClassWords.size() <= 256, "the class is 8 bits of the block header");

uint32_t ClassFor(uint32_t words) {
  const auto it = std::lower_bound(kClassWords.begin(), kClassWords.end(), words);
  return static_cast<uint32_t>(it - kClassWords.begin());  // end: a programmer error, see Add
}

}  // namespace

void SlotStore::ChunkFree::operator()(uint64_t* p) const { std::free(p); }

SlotStore::SlotStore(size_t subscribers)
    : heads_(subscribers, kNone), due_(subscribers, kNoDue), free_(kClassWords.size()) {}

SlotStore::~SlotStore() = default;

uint32_t SlotStore::AllocateBlock(uint32_t cls) {
  if (!free_[cls].empty()) {
    const uint32_t head = free_[cls].back();
    free_[cls].pop_back();
    return head;
  }
  const uint32_t words = kClassWords[cls];
  // A block never straddles two chunks; the rest of a chunk too short for it stays unused.
  if ((top_ & (kChunkWords - 1)) + words > kChunkWords) {
    top_ = (top_ | (kChunkWords - 1)) + 1;
  }
  while ((top_ >> kChunkBits) >= chunks_.size()) {
    chunks_.emplace_back(
        static_cast<uint64_t*>(AllocateHugePages(size_t{kChunkWords} * sizeof(uint64_t))));
  }
  const uint32_t head = top_;
  top_ += words;
  return head;
}

void SlotStore::FreeBlock(uint32_t head, uint32_t cls) { free_[cls].push_back(head); }

uint32_t SlotStore::Find(uint32_t s, uint16_t rule) const {
  const uint32_t e = end(s);
  for (uint32_t x = first(s); x != e; x = next(x)) {
    if (this->rule(x) == rule) return x;
  }
  return kNone;
}

uint32_t SlotStore::Add(uint32_t s, uint16_t rule, uint16_t payload_words, int64_t expires_ms) {
  const uint32_t need = 2u + payload_words;
  uint32_t head = heads_[s];
  uint32_t used = 0, count = 0, cls = 0;
  if (head != kNone) {
    const uint64_t h = Word(head);
    used = Used(h);
    count = static_cast<uint32_t>(h >> 32);
    cls = Class(h);
  }
  if (head == kNone || 1 + used + need > kClassWords[cls]) {
    const uint32_t new_cls = std::max(ClassFor(1 + used + need), head == kNone ? 0 : cls + 1);
    // Over 16,000 slots for one subscriber: more rules than the compiler admits.
    if (new_cls >= kClassWords.size())
      throw std::length_error("cep: a subscriber's slots overflow");
    const uint32_t moved = AllocateBlock(new_cls);
    if (head != kNone) {
      std::memcpy(&Word(moved + 1), &Word(head + 1), size_t{used} * sizeof(uint64_t));
      FreeBlock(head, cls);
    }
    head = moved;
    cls = new_cls;
    heads_[s] = head;
  }
  const uint32_t slot = head + 1 + used;
  Word(slot) = (uint64_t{rule} << 16) | payload_words;
  Word(slot + 1) = static_cast<uint64_t>(expires_ms);
  std::memset(&Word(slot + 2), 0, size_t{payload_words} * sizeof(uint64_t));
  Word(head) = Header(used + need, cls, count + 1);
  if (expires_ms < due_[s]) due_[s] = expires_ms;
  ++live_;
  return slot;
}

void SlotStore::Remove(uint32_t s, uint32_t slot) {
  const uint32_t head = heads_[s];
  const uint64_t h = Word(head);
  const uint32_t size = 2u + payload_words(slot);
  const uint32_t used = Used(h) - size;
  const uint32_t count = static_cast<uint32_t>(h >> 32) - 1;
  --live_;
  if (count == 0) {
    FreeBlock(head, Class(h));
    heads_[s] = kNone;
    due_[s] = kNoDue;
    return;
  }
  const uint32_t tail = head + 1 + Used(h) - (slot + size);
  std::memmove(&Word(slot), &Word(slot + size), size_t{tail} * sizeof(uint64_t));
  Word(head) = Header(used, Class(h), count);
}

uint32_t SlotStore::Expire(uint32_t s, int64_t now_ms) {
  uint32_t freed = 0;
  int64_t due = kNoDue;
  uint32_t x = first(s);
  while (x != kNone && x != end(s)) {
    const int64_t e = expires(x);
    if (e < now_ms) {
      Remove(s, x);  // the next slot is now at x (or the block is gone)
      ++freed;
      if (heads_[s] == kNone) return freed;
      continue;
    }
    due = std::min(due, e);
    x = next(x);
  }
  if (heads_[s] != kNone) due_[s] = due;
  return freed;
}

void SlotStore::Clear(uint32_t s) {
  if (heads_[s] == kNone) return;
  live_ -= count(s);
  FreeBlock(heads_[s], Class(Word(heads_[s])));
  heads_[s] = kNone;
  due_[s] = kNoDue;
}

size_t SlotStore::MemoryBytes() const {
  // Words handed out to blocks (a chunk's untouched rest is address space, not memory).
  size_t bytes = heads_.capacity() * sizeof(uint32_t) + due_.capacity() * sizeof(int64_t) +
                 size_t{top_} * sizeof(uint64_t);
  for (const auto& f : free_) bytes += f.capacity() * sizeof(uint32_t);
  return bytes;
}

}  // namespace ripple::cep
