// SubscriberState: every subscriber's recent days of activity, updated record by record.
//
// Layout (flat arrays indexed by the dense SubscriberId, no per-subscriber allocation):
//   buckets_   subscribers x retention_days DayBuckets; subscriber s, local day d lives in slot
//              s * retention_days + (d mod retention_days)
//   headers_   one SubscriberHeader (32 bytes) per subscriber: device and recency fields
//   partition_ one uint16 per subscriber: pseudonym % partitions (stable, because pseudonyms are)
//   dirty_     one bit per subscriber: changed since the last checkpoint
// Buckets and headers live in huge-page mappings (huge_array.h).
// Bytes per subscriber = 64 * retention_days + 32 + 2 + 1/8; with the default 35 days that is
// 2274 bytes (BytesPerSubscriber()), i.e. ~2.3 GB per million subscribers. The day buckets are
// 98.5 % of it.
//
// Invariants:
//   1. A held bucket of subscriber s for day d is in slot (d mod retention_days); each slot holds
//      the newest day that has reached it (or nothing, after Clear/EvictBefore), so a
//      subscriber holds at most retention_days distinct days.
//   2. The held state does not depend on the order records arrive in: a record whose slot holds
//      a newer day is older than retention for that subscriber and is refused (counted in
//      expired_records()); one whose slot holds an older day evicts it. Only expired_records()
//      and, for out-of-order device records, device_changes depend on arrival order.
//   3. Every subscriber whose buckets or header changed since the last ClearDirty() is dirty.
// Thread-safety: single writer. Apply/ApplyBatch/Clear/EvictBefore/Restore/ClearDirty must not run
// concurrently with anything else; const queries may run concurrently with each other.
// Partitions exist so that scale-out can hand disjoint subscriber sets to other threads or
// processes; the class itself takes no locks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/status.h"
#include "ingest/record.h"
#include "state/day_bucket.h"
#include "state/huge_array.h"

namespace ripple::state {

using ingest::SubscriberId;

struct StateOptions {
  int retention_days = 35;       // 1..400
  int utc_offset_minutes = 480;  // local day boundaries and night hours; -840..840
  int partitions = 16;           // 1..65535

  bool operator==(const StateOptions&) const = default;
};

// OK, or InvalidArgument naming the setting that is out of range and its allowed range.
Status ValidateStateOptions(const StateOptions& options);

// Per-subscriber fields that are not per day.
struct SubscriberHeader {
  uint64_t last_imei = 0;       // IMEI digits of the device record with the latest ts; 0: none
  int64_t last_imei_ts_ms = 0;  // ts of that record
  int64_t last_ts_ms = 0;       // latest event time applied; it lies in the newest held day
                                // (slots only ever move to newer days); 0: no day held
  uint32_t last_tac = 0;        // TAC (first 8 digits) of last_imei
  uint16_t device_changes = 0;  // saturating; see Apply()
  uint16_t reserved = 0;

  bool operator==(const SubscriberHeader&) const = default;
};
static_assert(sizeof(SubscriberHeader) == 32);

// Sums of every bucket field over a range of days; sketches are OR-ed (the union's sketch).
struct WindowTotals {
#define RIPPLE_WINDOW_FIELD(name) uint64_t name = 0;
  RIPPLE_DAY_BUCKET_COUNTS(RIPPLE_WINDOW_FIELD)
  RIPPLE_DAY_BUCKET_SUMS(RIPPLE_WINDOW_FIELD)
#undef RIPPLE_WINDOW_FIELD
  uint64_t contacts_sketch = 0;
  uint64_t cells_sketch = 0;
  int days_held = 0;  // buckets that fell in the range

  void Add(const DayBucket& b);
  double DistinctContacts() const { return DistinctEstimate(contacts_sketch); }
  double DistinctCells() const { return DistinctEstimate(cells_sketch); }
};

class SubscriberState {
 public:
  // One subscriber per pseudonym, in dense-id order. REQUIRES: ValidateStateOptions(options).ok();
  // out-of-range values are clamped (options() shows the clamped values) so that a violation
  // cannot corrupt memory, and StateStore::Open reports them as an error.
  explicit SubscriberState(std::span<const uint64_t> pseudonyms, const StateOptions& options = {});
  SubscriberState(const SubscriberState&) = delete;
  SubscriberState& operator=(const SubscriberState&) = delete;

  // Adds one record to the bucket of its local day, for each on-net party:
  //   calls  from_sub: calls_out, call_out_s;  to_sub: calls_in, call_in_s; both: calls_night
  //          (local 22:00-06:00), calls_offnet (other party off-net), contacts_sketch (other
  //          party's PhoneKey)
  //   sms    from_sub: sms_out; to_sub: sms_in; contacts_sketch
  //   data   data_sessions, data_kib, data_s      locations  location_updates
  //   orders, recharges (+ recharge_cents), visits, devices (device_records)
  // cells_sketch gets the record's cell for the party the cell serves: the caller/sender when
  // on-net, else the callee/receiver; the subscriber of the single-subscriber feeds.
  // A device record whose ts is at or after the latest device record seen becomes last_imei;
  // when it replaces a different non-zero IMEI, device_changes is incremented (A->B->A is two
  // changes). An older device record counts in device_records only: where it falls in the
  // sequence of changes is unknown without the full history.
  // Ids >= subscribers() are a programmer error (the record and the state were built from
  // different subscriber tables); such parties are skipped. No allocation.
  void Apply(const ingest::Record& r);
  // Apply() of each record in order with the same result, ~2x faster on states larger than the
  // caches: it prefetches the lines of 16 records before applying them, overlapping their
  // memory misses.
  void ApplyBatch(std::span<const ingest::Record> records);

  // Totals over the held buckets with first_day <= day <= last_day (local days).
  WindowTotals Window(SubscriberId s, int64_t first_day, int64_t last_day) const;
  // The bucket of `day`, or nullptr when that day is not held.
  const DayBucket* Bucket(SubscriberId s, int64_t day) const;
  // All retention_days slots of `s`, held or not, in slot order.
  std::span<const DayBucket> Slots(SubscriberId s) const {
    return {buckets_.data() + size_t{s} * retention_, retention_};
  }
  // Pointers to the held buckets of `s`, sorted by day, into `*out` (cleared first; reusing the
  // vector avoids an allocation per subscriber).
  void HeldBuckets(SubscriberId s, std::vector<const DayBucket*>* out) const;
  const SubscriberHeader& Header(SubscriberId s) const { return headers_[s]; }
  // No held bucket and a default header: nothing worth storing.
  bool IsEmpty(SubscriberId s) const;
  uint16_t Partition(SubscriberId s) const { return partition_[s]; }

  size_t subscribers() const { return headers_.size(); }
  const StateOptions& options() const { return options_; }
  // Records (or, for a call between two subscribers, records with at least one party) refused
  // because the party's slot holds a newer day, or whose day cannot be represented.
  uint64_t expired_records() const { return expired_; }

  // Dirty tracking for checkpoints.
  bool IsDirty(SubscriberId s) const { return (dirty_[s >> 6] >> (s & 63)) & 1; }
  size_t DirtyCount() const;
  template <typename Fn>  // fn(SubscriberId), ascending
  void ForEachDirty(Fn&& fn) const {
    for (size_t w = 0; w < dirty_.size(); ++w) {
      for (uint64_t bits = dirty_[w]; bits != 0; bits &= bits - 1) {
        fn(static_cast<SubscriberId>(w * 64 + __builtin_ctzll(bits)));
      }
    }
  }
  void ClearDirty();
  // For attachments whose data of `s` changed without a record the state applied (so that the
  // next checkpoint writes them). Ids >= subscribers() are ignored.
  void MarkDirty(SubscriberId s) {
    if (s < headers_.size()) dirty_[s >> 6] |= uint64_t{1} << (s & 63);
  }

  // Forgets everything about `s` (a recycled number); marks it dirty so that a checkpoint
  // deletes its stored record.
  void Clear(SubscriberId s);
  // Drops every held bucket of a day before `first_kept_day` (a retention sweep for subscribers
  // that went quiet); marks the subscribers it changed dirty. A subscriber left with no held day
  // also loses last_ts_ms, so one without device data becomes IsEmpty() (and is deleted from the
  // store by the next checkpoint).
  void EvictBefore(int64_t first_kept_day);

  // Replaces the state of `s` with `header` and `buckets` without marking it dirty (loading a
  // checkpoint). Returns false, leaving `s` empty, when a bucket is empty or two buckets need
  // the same slot.
  bool Restore(SubscriberId s, const SubscriberHeader& header, std::span<const DayBucket> buckets);
  void set_expired_records(uint64_t n) { expired_ = n; }

  size_t MemoryBytes() const;
  static constexpr double BytesPerSubscriber(int retention_days) {
    return 64.0 * retention_days + sizeof(SubscriberHeader) + sizeof(uint16_t) + 1.0 / 8;
  }

 private:
  size_t SlotOf(int64_t day) const {
    int64_t m = day % static_cast<int64_t>(retention_);
    return static_cast<size_t>(m < 0 ? m + static_cast<int64_t>(retention_) : m);
  }
  // The bucket of `day` for `s`, made current (an older day in the slot is evicted), with the
  // header's recency updated and `s` marked dirty; nullptr when the slot holds a newer day.
  DayBucket* Touch(SubscriberId s, int32_t day, size_t slot, int64_t ts_ms);

  StateOptions options_;
  size_t retention_;
  HugeArray<DayBucket> buckets_;
  HugeArray<SubscriberHeader> headers_;
  std::vector<uint16_t> partition_;
  std::vector<uint64_t> dirty_;
  uint64_t expired_ = 0;
};

}  // namespace ripple::state
