#include "state/state_codec.h"

#include <limits>

#include "core/bytes.h"

namespace ripple::state {
namespace {

constexpr int kContactsBit = kDayBucketCounts + kDayBucketSums;
constexpr int kCellsBit = kContactsBit + 1;
constexpr uint64_t kAllFields = (uint64_t{1} << (kCellsBit + 1)) - 1;

Status Bad(const std::string& what) { return Status::Corruption("stored state value: " + what); }

}  // namespace

std::string EncodeSubscriber(const SubscriberHeader& header,
                             std::span<const DayBucket* const> held) {
  ByteWriter w;
  w.Varint(kStateEncodingVersion);
  w.Varint(header.last_imei);
  w.SignedVarint(header.last_imei_ts_ms);
  w.SignedVarint(header.last_ts_ms);
  w.Varint(header.last_tac);
  w.Varint(header.device_changes);
  w.Varint(held.size());
  int32_t prev_day = 0;
  for (size_t i = 0; i < held.size(); ++i) {
    const DayBucket& b = *held[i];
    if (i == 0) {
      w.SignedVarint(b.day);
    } else {
      w.Varint(static_cast<uint64_t>(int64_t{b.day} - prev_day));
    }
    prev_day = b.day;
    uint64_t mask = 0;
    int bit = 0;
#define RIPPLE_MASK_FIELD(name) mask |= uint64_t{b.name != 0} << bit++;
    RIPPLE_DAY_BUCKET_COUNTS(RIPPLE_MASK_FIELD)
    RIPPLE_DAY_BUCKET_SUMS(RIPPLE_MASK_FIELD)
#undef RIPPLE_MASK_FIELD
    mask |= uint64_t{b.contacts_sketch != 0} << kContactsBit;
    mask |= uint64_t{b.cells_sketch != 0} << kCellsBit;
    w.Varint(mask);
#define RIPPLE_PUT_FIELD(name) \
  if (b.name != 0) w.Varint(b.name);
    RIPPLE_DAY_BUCKET_COUNTS(RIPPLE_PUT_FIELD)
    RIPPLE_DAY_BUCKET_SUMS(RIPPLE_PUT_FIELD)
#undef RIPPLE_PUT_FIELD
    if (b.contacts_sketch != 0) w.Fixed64(b.contacts_sketch);
    if (b.cells_sketch != 0) w.Fixed64(b.cells_sketch);
  }
  return w.Take();
}

Status DecodeSubscriber(std::string_view value, int max_buckets, DecodedSubscriber* out) {
  ByteReader r(value);
  uint64_t version = 0;
  if (!r.Varint(&version)) return Bad("empty or truncated version");
  if (version != kStateEncodingVersion) {
    return Bad("encoding version " + std::to_string(version) + ", this build reads version " +
               std::to_string(kStateEncodingVersion));
  }
  SubscriberHeader& h = out->header;
  h = SubscriberHeader();
  uint64_t tac = 0, changes = 0, n = 0;
  if (!r.Varint(&h.last_imei) || !r.SignedVarint(&h.last_imei_ts_ms) ||
      !r.SignedVarint(&h.last_ts_ms) || !r.Varint(&tac) || !r.Varint(&changes)) {
    return Bad("truncated header");
  }
  if (tac > UINT32_MAX || changes > UINT16_MAX) return Bad("header field out of range");
  h.last_tac = static_cast<uint32_t>(tac);
  h.device_changes = static_cast<uint16_t>(changes);
  if (!r.Varint(&n)) return Bad("truncated bucket count");
  if (n > static_cast<uint64_t>(max_buckets)) {
    return Bad(std::to_string(n) +
               " buckets, more than retention_days=" + std::to_string(max_buckets));
  }
  out->buckets.resize(n);
  int64_t day = 0;
  for (uint64_t i = 0; i < n; ++i) {
    auto bad = [i](const char* what) { return Bad("bucket " + std::to_string(i) + ": " + what); };
    if (i == 0) {
      if (!r.SignedVarint(&day)) return bad("truncated day");
    } else {
      uint64_t delta = 0;
      if (!r.Varint(&delta)) return bad("truncated day");
      if (delta == 0 || delta > uint64_t{UINT32_MAX}) return bad("days not ascending");
      day += static_cast<int64_t>(delta);
    }
    if (day <= kEmptyDay || day > std::numeric_limits<int32_t>::max())
      return bad("day out of range");
    DayBucket& b = out->buckets[i];
    b = DayBucket();
    b.day = static_cast<int32_t>(day);
    uint64_t mask = 0;
    if (!r.Varint(&mask)) return bad("truncated field mask");
    if ((mask & ~kAllFields) != 0) return bad("unknown fields in mask");
    int bit = 0;
    uint64_t v = 0;
#define RIPPLE_GET_FIELD(name)                                        \
  if ((mask >> bit++) & 1) {                                          \
    if (!r.Varint(&v)) return bad("truncated field " #name);          \
    if (v == 0 || v > std::numeric_limits<decltype(b.name)>::max()) { \
      return bad("field " #name " out of range");                     \
    }                                                                 \
    b.name = static_cast<decltype(b.name)>(v);                        \
  }
    RIPPLE_DAY_BUCKET_COUNTS(RIPPLE_GET_FIELD)
    RIPPLE_DAY_BUCKET_SUMS(RIPPLE_GET_FIELD)
#undef RIPPLE_GET_FIELD
    if (((mask >> kContactsBit) & 1) && !r.Fixed64(&b.contacts_sketch)) {
      return bad("truncated contacts_sketch");
    }
    if (((mask >> kCellsBit) & 1) && !r.Fixed64(&b.cells_sketch)) {
      return bad("truncated cells_sketch");
    }
  }
  if (!r.AtEnd()) return Bad("trailing bytes after the last bucket");
  return Status::Ok();
}

}  // namespace ripple::state
