// EventTimeGate: the watermark and duplicate filter of one input source.
//
// The watermark is the largest event time seen on the source minus the out-of-order bound. A
// record older than the watermark is late. A record whose fingerprint was already admitted is a
// duplicate. Because lateness depends only on the source's own order, results do not depend on
// how sources are interleaved.
//
// Duplicates share their event time, so fingerprints are kept per event-time minute in a ring of
// (bound in minutes + 2) small hash sets: a check touches only its own minute's set, which stays
// in cache while a feed moves forward in time, and expiry is resetting a whole minute when the
// ring comes round to it. Memory is bounded by the records of one bound's span.
// Invariant: the ring holds only minutes in (max minute - ring size, max minute], and every
// minute a record can be admitted in (not late) has its own slot.
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
  explicit EventTimeGate(int64_t bound_ms);

  // kAccepted, kLate or kDuplicate; an accepted record is remembered and may move the watermark.
  Reason Admit(int64_t ts_ms, uint64_t fingerprint);

  int64_t watermark() const {
    return max_ts_ == kNone ? std::numeric_limits<int64_t>::min() : max_ts_ - bound_ms_;
  }
  int64_t max_ts() const { return max_ts_; }
  // Fingerprints currently remembered.
  size_t remembered() const;

  void Save(ByteWriter& w) const;
  bool Restore(ByteReader& r);

 private:
  static constexpr int64_t kNone = std::numeric_limits<int64_t>::min();
  // Open-addressing set of the fingerprints (never 0) of one event-time minute.
  struct MinuteSet {
    int64_t minute = kNone;
    size_t size = 0;
    std::vector<uint64_t> slots;
    // True when newly inserted, false when present.
    bool Insert(uint64_t fingerprint);
    void Reset(int64_t new_minute);
  };
  MinuteSet& SetFor(int64_t minute);

  int64_t bound_ms_;
  int64_t max_ts_ = kNone;
  std::vector<MinuteSet> ring_;
};

}  // namespace ripple::ingest
