// DayBucket: one subscriber's aggregates for one local day, in exactly one cache line.
//
// The state part keeps `retention_days` of these per subscriber in one flat array
// (subscriber_state.h), so the bucket's size is the state's size: 64 bytes, aligned to 64 so an
// update touches exactly one cache line.
//
// Invariants:
//   1. `day == kEmptyDay` means the slot is unused and every other field is zero.
//   2. Counters and sums saturate at their type's maximum; they never wrap.
//   3. `contacts_sketch` and `cells_sketch` are 64-bit linear-counting bitmaps: bit
//      (Mix64(key) & 63) is set for every counterparty PhoneKey / CellId seen that day. OR-ing
//      two sketches gives the sketch of the union, so windows of several days are exact unions.
// The field lists below (RIPPLE_DAY_BUCKET_COUNTS/SUMS) are the single place that enumerates
// the numeric fields; the codec, the CSV dump and window sums iterate them.
// Thread-safety: plain value.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

#include "core/hash.h"

namespace ripple::state {

constexpr int32_t kEmptyDay = std::numeric_limits<int32_t>::min();

// X(name): the uint16 saturating counters, in storage order.
#define RIPPLE_DAY_BUCKET_COUNTS(X) \
  X(calls_out)                      \
  X(calls_in)                       \
  X(calls_night)                    \
  X(calls_offnet)                   \
  X(sms_out)                        \
  X(sms_in)                         \
  X(data_sessions)                  \
  X(location_updates)               \
  X(recharges)                      \
  X(orders)                         \
  X(device_records)                 \
  X(visits)

// X(name): the uint32 saturating sums, in storage order.
#define RIPPLE_DAY_BUCKET_SUMS(X) \
  X(call_out_s)                   \
  X(call_in_s)                    \
  X(data_kib)                     \
  X(data_s)                       \
  X(recharge_cents)

struct alignas(64) DayBucket {
  int32_t day = kEmptyDay;  // local days since 1970-01-01 at the configured UTC offset
  // Counts (records of that day).
  uint16_t calls_out = 0;
  uint16_t calls_in = 0;
  uint16_t calls_night = 0;   // local 22:00-06:00, either direction
  uint16_t calls_offnet = 0;  // the other party is not a subscriber, either direction
  uint16_t sms_out = 0;
  uint16_t sms_in = 0;
  uint16_t data_sessions = 0;
  uint16_t location_updates = 0;
  uint16_t recharges = 0;
  uint16_t orders = 0;
  uint16_t device_records = 0;
  uint16_t visits = 0;
  // Sums.
  uint32_t call_out_s = 0;
  uint32_t call_in_s = 0;
  uint32_t data_kib = 0;  // per session ceil((bytes_up + bytes_down) / 1024)
  uint32_t data_s = 0;
  uint32_t recharge_cents = 0;
  // Distinct sketches (see invariant 3).
  uint64_t contacts_sketch = 0;
  uint64_t cells_sketch = 0;

  bool empty() const { return day == kEmptyDay; }
  // Makes the slot hold `new_day` with every aggregate zero.
  void Reset(int32_t new_day) {
    *this = DayBucket();
    day = new_day;
  }
};

#define RIPPLE_COUNT_ONE(name) +1
constexpr int kDayBucketCounts = 0 RIPPLE_DAY_BUCKET_COUNTS(RIPPLE_COUNT_ONE);
constexpr int kDayBucketSums = 0 RIPPLE_DAY_BUCKET_SUMS(RIPPLE_COUNT_ONE);
#undef RIPPLE_COUNT_ONE
static_assert(sizeof(DayBucket) == 64, "a DayBucket is one cache line");
static_assert(alignof(DayBucket) == 64);
static_assert(4 + 2 * kDayBucketCounts + 4 * kDayBucketSums + 16 == 64,
              "the field lists must name every numeric field of DayBucket");

// Saturating adds: the sum, or the type's maximum when it would not fit.
inline void SaturatingAdd(uint16_t& field, uint64_t v) {
  uint64_t s = uint64_t{field} + v;
  field = s > UINT16_MAX || s < v ? UINT16_MAX : static_cast<uint16_t>(s);
}
inline void SaturatingAdd(uint32_t& field, uint64_t v) {
  uint64_t s = uint64_t{field} + v;
  field = s > UINT32_MAX || s < v ? UINT32_MAX : static_cast<uint32_t>(s);
}

// The sketch bit of a key (a PhoneKey or a CellId).
inline uint64_t SketchBit(uint64_t key) { return uint64_t{1} << (Mix64(key) & 63); }

// Linear-counting estimate of the distinct keys OR-ed into `bitmap`: -64 * ln(zeros / 64).
// One standard error is about +-1 at 10 keys and ~10 % at 60; from ~150 distinct keys on the
// bitmap is nearly full and the estimate is only a lower bound. A full bitmap gives
// 64 * ln(64) ~ 266.2, the value of one zero bit, so the estimate never decreases as keys are
// added.
inline double DistinctEstimate(uint64_t bitmap) {
  int zeros = 64 - __builtin_popcountll(bitmap);
  if (zeros == 64) return 0.0;  // not -0.0, which would print as "-0.0"
  if (zeros == 0) zeros = 1;
  return -64.0 * std::log(static_cast<double>(zeros) / 64.0);
}

}  // namespace ripple::state
