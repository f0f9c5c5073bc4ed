#include "state/subscriber_state.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <string>

#include "core/time.h"

namespace ripple::state {
namespace {

using ingest::Feed;
using ingest::kNoCell;
using ingest::kNoSubscriber;

constexpr int kMaxRetentionDays = 400;
constexpr int kMaxOffsetMinutes = 14 * 60;
constexpr int kMaxPartitions = 65535;

uint64_t PhoneBit(PhoneKey key) { return key == kNoPhone ? 0 : SketchBit(key); }
uint64_t CellBit(ingest::CellId cell) { return cell == kNoCell ? 0 : SketchBit(cell); }

// ceil((up + down) / 1024) without overflow.
uint64_t KibOf(uint64_t bytes_up, uint64_t bytes_down) {
  uint64_t total = bytes_up > UINT64_MAX - bytes_down ? UINT64_MAX : bytes_up + bytes_down;
  return total / 1024 + (total % 1024 != 0 ? 1 : 0);
}

bool IsNight(int local_hour) { return local_hour >= 22 || local_hour < 6; }

}  // namespace

Status ValidateStateOptions(const StateOptions& o) {
  auto bad = [](const std::string& what) {
    return Status::InvalidArgument("state setting " + what + "; fix it in the config");
  };
  if (o.retention_days < 1 || o.retention_days > kMaxRetentionDays) {
    return bad("retention_days=" + std::to_string(o.retention_days) + " is outside 1.." +
               std::to_string(kMaxRetentionDays));
  }
  if (o.utc_offset_minutes < -kMaxOffsetMinutes || o.utc_offset_minutes > kMaxOffsetMinutes) {
    return bad("utc_offset_minutes=" + std::to_string(o.utc_offset_minutes) + " is outside -" +
               std::to_string(kMaxOffsetMinutes) + ".." + std::to_string(kMaxOffsetMinutes));
  }
  if (o.partitions < 1 || o.partitions > kMaxPartitions) {
    return bad("partitions=" + std::to_string(o.partitions) + " is outside 1.." +
               std::to_string(kMaxPartitions));
  }
  return Status::Ok();
}

void WindowTotals::Add(const DayBucket& b) {
#define RIPPLE_ADD_FIELD(name) name += b.name;
  RIPPLE_DAY_BUCKET_COUNTS(RIPPLE_ADD_FIELD)
  RIPPLE_DAY_BUCKET_SUMS(RIPPLE_ADD_FIELD)
#undef RIPPLE_ADD_FIELD
  contacts_sketch |= b.contacts_sketch;
  cells_sketch |= b.cells_sketch;
  ++days_held;
}

SubscriberState::SubscriberState(std::span<const uint64_t> pseudonyms, const StateOptions& options)
    : options_(options) {
  // Options come from user config: no assert here, StateStore::Open reports them clearly.
  options_.retention_days = std::clamp(options.retention_days, 1, kMaxRetentionDays);
  options_.partitions = std::clamp(options.partitions, 1, kMaxPartitions);
  retention_ = static_cast<size_t>(options_.retention_days);
  const size_t n = pseudonyms.size();
  buckets_ = HugeArray<DayBucket>(n * retention_, DayBucket());
  headers_ = HugeArray<SubscriberHeader>(n, SubscriberHeader());
  partition_.resize(n);
  dirty_.resize((n + 63) / 64);
  for (size_t s = 0; s < n; ++s) {
    partition_[s] =
        static_cast<uint16_t>(pseudonyms[s] % static_cast<uint64_t>(options_.partitions));
  }
}

DayBucket* SubscriberState::Touch(SubscriberId s, int32_t day, size_t slot, int64_t ts_ms) {
  if (s >= headers_.size()) {
    assert(false && "subscriber id out of range: record and state built from different tables");
    return nullptr;
  }
  DayBucket& b = buckets_[size_t{s} * retention_ + slot];
  if (b.day != day) {
    if (b.day > day) return nullptr;  // the slot holds a newer day: older than retention
    b.Reset(day);                     // empty (kEmptyDay is the minimum) or an older day
  }
  SubscriberHeader& h = headers_[s];
  h.last_ts_ms = std::max(h.last_ts_ms, ts_ms);
  MarkDirty(s);
  return &b;
}

void SubscriberState::Apply(const ingest::Record& r) {
  const LocalTime lt = ToLocal(r.ts_ms, options_.utc_offset_minutes);
  if (lt.day <= std::numeric_limits<int32_t>::min() ||
      lt.day > std::numeric_limits<int32_t>::max()) {
    ++expired_;  // cannot be held; ingest's timestamp range check makes this unreachable
    return;
  }
  const auto day = static_cast<int32_t>(lt.day);
  const size_t slot = SlotOf(day);
  bool refused = false;
  // The bucket for one party, or nullptr (and `refused`) when its slot holds a newer day.
  auto touch = [&](SubscriberId s) -> DayBucket* {
    DayBucket* b = Touch(s, day, slot, r.ts_ms);
    if (b == nullptr && s < headers_.size()) refused = true;
    return b;
  };
  const bool from_on = r.from_sub != kNoSubscriber;
  const bool to_on = r.to_sub != kNoSubscriber;
  // A record's cell is the serving cell of the on-net party (the caller/sender when both are).
  const uint64_t cell_bit = CellBit(r.cell);

  switch (r.feed) {
    case Feed::kCalls: {
      const bool night = IsNight(lt.hour);
      if (DayBucket* b = from_on ? touch(r.from_sub) : nullptr) {
        SaturatingAdd(b->calls_out, 1);
        SaturatingAdd(b->calls_night, night ? 1 : 0);
        SaturatingAdd(b->calls_offnet, to_on ? 0 : 1);
        SaturatingAdd(b->call_out_s, r.duration_s);
        b->contacts_sketch |= PhoneBit(r.to);
        b->cells_sketch |= cell_bit;
      }
      if (DayBucket* b = to_on ? touch(r.to_sub) : nullptr) {
        SaturatingAdd(b->calls_in, 1);
        SaturatingAdd(b->calls_night, night ? 1 : 0);
        SaturatingAdd(b->calls_offnet, from_on ? 0 : 1);
        SaturatingAdd(b->call_in_s, r.duration_s);
        b->contacts_sketch |= PhoneBit(r.from);
        if (!from_on) b->cells_sketch |= cell_bit;
      }
      break;
    }
    case Feed::kSms: {
      if (DayBucket* b = from_on ? touch(r.from_sub) : nullptr) {
        SaturatingAdd(b->sms_out, 1);
        b->contacts_sketch |= PhoneBit(r.to);
        b->cells_sketch |= cell_bit;
      }
      if (DayBucket* b = to_on ? touch(r.to_sub) : nullptr) {
        SaturatingAdd(b->sms_in, 1);
        b->contacts_sketch |= PhoneBit(r.from);
        if (!from_on) b->cells_sketch |= cell_bit;
      }
      break;
    }
    default: {
      DayBucket* b = from_on ? touch(r.from_sub) : nullptr;
      if (b == nullptr) break;
      switch (r.feed) {
        case Feed::kData:
          SaturatingAdd(b->data_sessions, 1);
          SaturatingAdd(b->data_kib, KibOf(r.bytes_up, r.bytes_down));
          SaturatingAdd(b->data_s, r.duration_s);
          b->cells_sketch |= cell_bit;
          break;
        case Feed::kLocations:
          SaturatingAdd(b->location_updates, 1);
          b->cells_sketch |= cell_bit;
          break;
        case Feed::kOrders:
          SaturatingAdd(b->orders, 1);
          break;
        case Feed::kDevices: {
          SaturatingAdd(b->device_records, 1);
          SubscriberHeader& h = headers_[r.from_sub];
          if (h.last_imei == 0 || r.ts_ms >= h.last_imei_ts_ms) {
            if (h.last_imei != 0 && r.imei != h.last_imei) {
              h.device_changes = h.device_changes == UINT16_MAX ? UINT16_MAX : h.device_changes + 1;
            }
            h.last_imei = r.imei;
            h.last_imei_ts_ms = r.ts_ms;
            h.last_tac = r.Tac();
          }
          break;
        }
        case Feed::kRecharges:
          SaturatingAdd(b->recharges, 1);
          SaturatingAdd(b->recharge_cents,
                        r.amount_cents > 0 ? static_cast<uint64_t>(r.amount_cents) : 0);
          break;
        case Feed::kVisits:
          SaturatingAdd(b->visits, 1);
          break;
        case Feed::kCalls:
        case Feed::kSms:
          break;
      }
    }
  }
  if (refused) ++expired_;
}

void SubscriberState::ApplyBatch(std::span<const ingest::Record> records) {
  // Groups: start every miss of a group, then apply it; measured better than a rolling prefetch
  // distance on the benchmark machine. The prefetches are written out here, not in a helper:
  // GCC deems a helper that only prefetches pure and deletes the calls.
  constexpr size_t kGroup = 16;
  const size_t n = headers_.size();
  for (size_t first = 0; first < records.size(); first += kGroup) {
    const size_t end = std::min(records.size(), first + kGroup);
    for (size_t i = first; i < end; ++i) {
      const ingest::Record& r = records[i];
      const size_t slot = SlotOf(LocalDay(r.ts_ms, options_.utc_offset_minutes));
      if (r.from_sub < n) {
        __builtin_prefetch(&buckets_[size_t{r.from_sub} * retention_ + slot], 1);
        __builtin_prefetch(&headers_[r.from_sub], 1);
      }
      if (r.to_sub < n) {
        __builtin_prefetch(&buckets_[size_t{r.to_sub} * retention_ + slot], 1);
        __builtin_prefetch(&headers_[r.to_sub], 1);
      }
    }
    for (size_t i = first; i < end; ++i) Apply(records[i]);
  }
}

WindowTotals SubscriberState::Window(SubscriberId s, int64_t first_day, int64_t last_day) const {
  WindowTotals t;
  for (const DayBucket& b : Slots(s)) {
    if (!b.empty() && b.day >= first_day && b.day <= last_day) t.Add(b);
  }
  return t;
}

const DayBucket* SubscriberState::Bucket(SubscriberId s, int64_t day) const {
  if (day <= kEmptyDay || day > std::numeric_limits<int32_t>::max()) return nullptr;
  const DayBucket& b = buckets_[size_t{s} * retention_ + SlotOf(day)];
  return b.day == day ? &b : nullptr;
}

void SubscriberState::HeldBuckets(SubscriberId s, std::vector<const DayBucket*>* out) const {
  out->clear();
  for (const DayBucket& b : Slots(s)) {
    if (!b.empty()) out->push_back(&b);
  }
  std::sort(out->begin(), out->end(),
            [](const DayBucket* a, const DayBucket* b) { return a->day < b->day; });
}

bool SubscriberState::IsEmpty(SubscriberId s) const {
  if (!(headers_[s] == SubscriberHeader())) return false;
  for (const DayBucket& b : Slots(s)) {
    if (!b.empty()) return false;
  }
  return true;
}

size_t SubscriberState::DirtyCount() const {
  size_t n = 0;
  for (uint64_t w : dirty_) n += static_cast<size_t>(__builtin_popcountll(w));
  return n;
}

void SubscriberState::ClearDirty() { std::fill(dirty_.begin(), dirty_.end(), 0); }

void SubscriberState::Clear(SubscriberId s) {
  DayBucket* slots = buckets_.data() + size_t{s} * retention_;
  std::fill(slots, slots + retention_, DayBucket());
  headers_[s] = SubscriberHeader();
  MarkDirty(s);
}

void SubscriberState::EvictBefore(int64_t first_kept_day) {
  for (SubscriberId s = 0; s < headers_.size(); ++s) {
    DayBucket* slots = buckets_.data() + size_t{s} * retention_;
    bool changed = false, any_left = false;
    for (size_t i = 0; i < retention_; ++i) {
      if (slots[i].empty()) continue;
      if (slots[i].day < first_kept_day) {
        slots[i] = DayBucket();
        changed = true;
      } else {
        any_left = true;
      }
    }
    if (changed) {
      if (!any_left) headers_[s].last_ts_ms = 0;  // its newest day went, so did every other
      MarkDirty(s);
    }
  }
}

bool SubscriberState::Restore(SubscriberId s, const SubscriberHeader& header,
                              std::span<const DayBucket> buckets) {
  DayBucket* slots = buckets_.data() + size_t{s} * retention_;
  std::fill(slots, slots + retention_, DayBucket());
  headers_[s] = SubscriberHeader();
  for (const DayBucket& b : buckets) {
    DayBucket& slot = slots[SlotOf(b.day)];
    if (b.empty() || !slot.empty()) {
      std::fill(slots, slots + retention_, DayBucket());
      return false;
    }
    slot = b;
  }
  headers_[s] = header;
  return true;
}

size_t SubscriberState::MemoryBytes() const {
  return buckets_.bytes() + headers_.bytes() + partition_.capacity() * sizeof(uint16_t) +
         dirty_.capacity() * sizeof(uint64_t) + sizeof(*this);
}

}  // namespace ripple::state
