// The stored form of one subscriber's state: the value of its record in the state store.
//
// Compact and versioned, because a checkpoint writes every dirty subscriber at once:
//   varint  version (kStateEncodingVersion)
//   header  varint last_imei, zigzag last_imei_ts_ms, zigzag last_ts_ms, varint last_tac,
//           varint device_changes
//   varint  number of held buckets, then per bucket in ascending day order:
//           day (zigzag for the first, varint delta >= 1 after), varint field mask (bit i set
//           when field i of RIPPLE_DAY_BUCKET_COUNTS then RIPPLE_DAY_BUCKET_SUMS is non-zero;
//           bit 17 contacts_sketch, bit 18 cells_sketch), the non-zero fields as varints, the
//           non-zero sketches as 8 bytes little-endian (core/bytes.h Fixed64).
// Empty buckets are not stored; a quiet day costs nothing and a typical day ~10-30 bytes.
// Thread-safety: pure functions.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "state/day_bucket.h"
#include "state/subscriber_state.h"

namespace ripple::state {

constexpr uint64_t kStateEncodingVersion = 1;

// REQUIRES: `held` are non-empty buckets in strictly ascending day order (HeldBuckets()).
std::string EncodeSubscriber(const SubscriberHeader& header,
                             std::span<const DayBucket* const> held);

struct DecodedSubscriber {
  SubscriberHeader header;
  std::vector<DayBucket> buckets;  // ascending days
};
// Decodes into `*out` (its vector's capacity is reused). A value that is truncated, has trailing
// bytes, an unknown version, more than `max_buckets` buckets, days out of order or a field
// beyond its type's range is a Corruption status saying which part is wrong; the caller adds
// which record it was.
Status DecodeSubscriber(std::string_view value, int max_buckets, DecodedSubscriber* out);

}  // namespace ripple::state
