// An append-only sequence of events stored in fixed blocks of 2^18 events (10 MiB, a whole number
// of 2 MiB huge pages): no reallocation copies and no doubling slack when a day's volume grows,
// O(1) indexing. Blocks are huge-page aligned and advised as such, because writing events in
// arrival order reads them at random and would otherwise miss the TLB on nearly every event.
// Clear() keeps the blocks for reuse.
// Thread-safety: one writer at a time; concurrent readers are fine while nobody appends.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "sim/events.h"

namespace ripple::sim {

class EventLog {
 public:
  static constexpr size_t kBlockShift = 18;
  static constexpr size_t kBlockSize = size_t{1} << kBlockShift;

  void push_back(const Event& e) {
    if ((size_ >> kBlockShift) == blocks_.size()) {
      blocks_.push_back(AllocateBlock());
    }
    blocks_[size_ >> kBlockShift][size_ & (kBlockSize - 1)] = e;
    ++size_;
  }
  Event& operator[](size_t i) { return blocks_[i >> kBlockShift][i & (kBlockSize - 1)]; }
  const Event& operator[](size_t i) const {
    return blocks_[i >> kBlockShift][i & (kBlockSize - 1)];
  }
  Event& back() { return (*this)[size_ - 1]; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() { size_ = 0; }
  // Frees blocks beyond what `size()` needs plus one spare.
  void Trim() {
    size_t keep = (size_ >> kBlockShift) + 2;
    if (blocks_.size() > keep) blocks_.resize(keep);
  }

 private:
  struct FreeBlock {
    void operator()(Event* block) const;
  };
  using Block = std::unique_ptr<Event[], FreeBlock>;
  static Block AllocateBlock();

  std::vector<Block> blocks_;
  size_t size_ = 0;
};

}  // namespace ripple::sim
