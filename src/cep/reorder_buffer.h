// ReorderBuffer: turns records arriving out of order (within a bound) into records in
// event-time order, so that what the rules match does not depend on arrival order.
//
// The watermark is the largest event time seen minus the bound. A record is released once the
// watermark has passed its time; records of equal time keep their arrival order. A record
// older than the watermark when it arrives is late: it is handed back to the caller (the
// engine counts it and sends it to the late output) and never matched.
// Memory: the records of one bound's span in a slab, and a binary heap of their keys.
// Thread-safety: single-threaded.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "ingest/record.h"

namespace ripple::cep {

class ReorderBuffer {
 public:
  explicit ReorderBuffer(int64_t bound_ms) : bound_ms_(bound_ms) {}

  // False when the record is late (older than the watermark); it is then not kept.
  bool Push(const ingest::Record& record);
  // Moves the watermark to at least `watermark` (an idle stream's clock, or end of input).
  void AdvanceTo(int64_t watermark) {
    if (watermark > forced_) forced_ = watermark;
  }
  int64_t watermark() const;
  // Calls fn(record) for each record at or before the watermark, in event-time order.
  template <class Fn>
  void Release(Fn&& fn) {
    const int64_t w = watermark();
    while (!heap_.empty() && heap_.front().ts_ms <= w) {
      const uint32_t i = PopFront();
      released_ = slab_[i].ts_ms;
      fn(slab_[i]);
      free_.push_back(i);
    }
  }
  size_t buffered() const { return heap_.size(); }
  int64_t bound_ms() const { return bound_ms_; }
  // Every buffered record, in no particular order (for checkpoints).
  template <class Fn>
  void ForEachBuffered(Fn&& fn) const {
    for (const Key& k : heap_) fn(slab_[k.index]);
  }
  size_t MemoryBytes() const {
    return slab_.capacity() * sizeof(ingest::Record) + heap_.capacity() * sizeof(Key) +
           free_.capacity() * sizeof(uint32_t);
  }

 private:
  static constexpr int64_t kNone = std::numeric_limits<int64_t>::min();
  // The heap orders keys, not records: comparing never leaves the heap's own array.
  struct Key {
    int64_t ts_ms;
    uint64_t seq;    // arrival order, for records of equal time
    uint32_t index;  // into slab_
  };
  // A type, not a function: std::push_heap then inlines it (a function pointer cost a call per
  // comparison, a tenth of the engine's time).
  struct After {
    bool operator()(const Key& a, const Key& b) const {
      return a.ts_ms != b.ts_ms ? a.ts_ms > b.ts_ms : a.seq > b.seq;
    }
  };
  uint32_t PopFront();

  int64_t bound_ms_;
  int64_t max_ts_ = kNone;
  int64_t forced_ = kNone;
  int64_t released_ = kNone;  // time of the last record released
  uint64_t seq_ = 0;
  std::vector<ingest::Record> slab_;
  std::vector<Key> heap_;  // min-heap by (ts, seq)
  std::vector<uint32_t> free_;
};

}  // namespace ripple::cep
