// EventTimeGate: the watermark and duplicate filter of one input source.
//
// The watermark is the largest event time seen on the source minus the out-of-order bound. A
// record older than the watermark is late. A record whose fingerprint was already admitted is a
// duplicate; fingerprints are kept only while their event time is at or above the watermark —
// anything older would be late anyway — so memory is bounded by the records of one bound's
// span. Because lateness depends only on the source's own order, results do not depend on how
// sources are interleaved.
// Invariant: every remembered entry has ts >= watermark() - bound (swept lazily).
// Thread-safety: single writer.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "core/bytes.h"
#include "ingest/reject_reason.h"

namespace ripple::ingest {

class EventTimeGate {
 public:
  explicit EventTimeGate(int64_t bound_ms) : bound_ms_(bound_ms) { Resize(1024); }

  // kAccepted, kLate or kDuplicate; an accepted record is remembered and may move the watermark.
  Reason Admit(int64_t ts_ms, uint64_t fingerprint);

  int64_t watermark() const {
    return max_ts_ == kNone ? std::numeric_limits<int64_t>::min() : max_ts_ - bound_ms_;
  }
  int64_t max_ts() const { return max_ts_; }
  size_t remembered() const { return size_; }

  void Save(ByteWriter& w) const;
  bool Restore(ByteReader& r);

 private:
  static constexpr int64_t kNone = std::numeric_limits<int64_t>::min();
  struct Entry {
    uint64_t fingerprint = 0;  // 0 = empty slot
    int64_t ts_ms = 0;
  };
  void Resize(size_t capacity);
  void Insert(uint64_t fingerprint, int64_t ts_ms);
  void Sweep();

  int64_t bound_ms_;
  int64_t max_ts_ = kNone;
  int64_t swept_at_ = kNone;  // max_ts_ at the last sweep
  std::vector<Entry> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace ripple::ingest
