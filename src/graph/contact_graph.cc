#include "graph/contact_graph.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/bytes.h"
#include "core/time.h"

namespace ripple::graph {
namespace {

constexpr uint64_t kEncodingVersion = 1;
constexpr int kDecayTable = 64;

uint64_t PairKey(SubscriberId owner, PartyId other) { return (uint64_t{owner} << 32) | other; }

TimeSlot SlotOf(const LocalTime& t) {
  if (t.hour >= 23 || t.hour < 9) return kOffHours;
  if (t.weekday >= 5) return kWeekendDay;
  return t.hour < 18 ? kWeekdayDay : kWeekdayEvening;
}

}  // namespace

ContactGraph::ContactGraph(std::span<const PhoneKey> subscriber_phones,
                           const ContactGraphOptions& options, state::SubscriberState* dirty)
    : options_(options),
      subscriber_phones_(subscriber_phones.begin(), subscriber_phones.end()),
      dirty_(dirty),
      subscriber_index_(subscriber_phones.size()),
      pair_index_(subscriber_phones.size() * 8),
      heads_(subscriber_phones.size(), kNoPair) {
  if (!(options_.half_life_days > 0)) options_.half_life_days = 28;
  for (size_t s = 0; s < subscriber_phones_.size(); ++s) {
    if (subscriber_phones_[s] != kNoPhone) {
      subscriber_index_.Put(subscriber_phones_[s], static_cast<uint32_t>(s));
    }
  }
  decay_per_day_.resize(kDecayTable);
  for (int k = 0; k < kDecayTable; ++k) {
    decay_per_day_[k] = static_cast<float>(std::exp2(-k / options_.half_life_days));
  }
}

PartyId ContactGraph::FindParty(PhoneKey phone) const {
  const uint32_t s = subscriber_index_.Find(phone);
  if (s != FlatMap64::kMissing) return s;
  const uint32_t k = offnet_index_.Find(phone);
  return k == FlatMap64::kMissing ? UINT32_MAX
                                  : static_cast<PartyId>(subscriber_phones_.size() + k);
}

PartyId ContactGraph::PartyOf(PhoneKey phone, SubscriberId sub, bool create) {
  if (sub != ingest::kNoSubscriber) return sub;
  uint32_t k = offnet_index_.Find(phone);
  if (k == FlatMap64::kMissing) {
    if (!create) return UINT32_MAX;
    k = static_cast<uint32_t>(offnet_phones_.size());
    offnet_phones_.push_back(phone);
    offnet_index_.Put(phone, k);
  }
  return static_cast<PartyId>(subscriber_phones_.size() + k);
}

PairId ContactGraph::Find(SubscriberId owner, PartyId other) const {
  const uint32_t e = pair_index_.Find(PairKey(owner, other));
  return e == FlatMap64::kMissing ? kNoPair : e;
}

bool ContactGraph::HasPair(SubscriberId s, PhoneKey other) const {
  if (s >= subscriber_phones_.size()) return false;
  const PartyId p = FindParty(other);
  if (p == UINT32_MAX || p == s) return false;
  // The owner is the on-net party; of two, the one with the smaller number (as in Apply).
  if (IsOnNet(p) && other < subscriber_phones_[s]) return Find(p, s) != kNoPair;
  return Find(s, p) != kNoPair;
}

PairId ContactGraph::FindOrAdd(SubscriberId owner, PartyId other) {
  const uint64_t key = PairKey(owner, other);
  uint32_t e = pair_index_.Find(key);
  if (e != FlatMap64::kMissing) return e;
  e = static_cast<PairId>(stats_.size());
  pair_index_.Put(key, e);
  stats_.emplace_back();
  owners_.push_back(owner);
  others_.push_back(other);
  next_.push_back(heads_[owner]);
  heads_[owner] = e;
  return e;
}

double ContactGraph::DecayTo(const PairStats& p, int64_t day) const {
  if (p.last_day == INT32_MIN || day <= p.last_day) return 1.0;
  return std::exp2(-static_cast<double>(day - p.last_day) / options_.half_life_days);
}

float ContactGraph::Advance(PairStats& p, int32_t day) const {
  if (p.last_day == INT32_MIN) {
    p.last_day = day;
    return 1.0f;
  }
  if (day <= p.last_day) {
    const int64_t age = int64_t{p.last_day} - day;
    return age < kDecayTable ? decay_per_day_[age]
                             : static_cast<float>(std::exp2(-age / options_.half_life_days));
  }
  const int64_t gap = int64_t{day} - p.last_day;
  const float f = gap < kDecayTable ? decay_per_day_[gap]
                                    : static_cast<float>(std::exp2(-gap / options_.half_life_days));
  p.calls_out *= f;
  p.calls_in *= f;
  p.sms_out *= f;
  p.sms_in *= f;
  p.call_seconds *= f;
  p.answered *= f;
  p.log_seconds *= f;
  for (float& v : p.slots) v *= f;
  p.day_bits = gap >= 32 ? 0 : p.day_bits << gap;
  p.last_day = day;
  return 1.0f;
}

void ContactGraph::Apply(const ingest::Record& r) {
  const bool call = r.feed == ingest::Feed::kCalls;
  if (!call && r.feed != ingest::Feed::kSms) return;
  if (r.from == r.to) {
    ++counts_.self_contacts;
    return;
  }
  const bool from_on = r.from_sub < subscriber_phones_.size();
  const bool to_on = r.to_sub < subscriber_phones_.size();
  if (!from_on && !to_on) {
    ++counts_.no_owner;
    return;
  }
  // The owner is the on-net party; of two, the one with the smaller number.
  const bool from_owns = from_on && (!to_on || r.from < r.to);
  const SubscriberId owner = from_owns ? r.from_sub : r.to_sub;
  const PartyId other =
      from_owns ? PartyOf(r.to, r.to_sub, true) : PartyOf(r.from, r.from_sub, true);
  PairStats& p = stats_[FindOrAdd(owner, other)];

  const LocalTime lt = ToLocal(r.ts_ms, options_.utc_offset_minutes);
  const auto day = static_cast<int32_t>(std::clamp<int64_t>(lt.day, INT32_MIN + 1, INT32_MAX));
  const float w = Advance(p, day);
  const int64_t age = int64_t{p.last_day} - day;
  if (age < 32) p.day_bits |= uint32_t{1} << age;
  const auto ts_s = static_cast<uint32_t>(std::clamp<int64_t>(r.ts_ms / 1000, 0, UINT32_MAX));
  p.first_s = std::min(p.first_s, ts_s);
  p.last_s = std::max(p.last_s, ts_s);
  if (call) {
    (from_owns ? p.calls_out : p.calls_in) += w;
    p.call_seconds += w * static_cast<float>(r.duration_s);
    if (r.duration_s > 0) {
      p.answered += w;
      p.log_seconds += w * std::log1p(static_cast<float>(r.duration_s));
    }
  } else {
    (from_owns ? p.sms_out : p.sms_in) += w;
  }
  p.slots[SlotOf(lt)] += w;
  newest_day_ = std::max(newest_day_, p.last_day);
  ++counts_.applied;
  if (dirty_ != nullptr) dirty_->MarkDirty(owner);
}

size_t ContactGraph::MemoryBytes() const {
  return stats_.capacity() * sizeof(PairStats) +
         (owners_.capacity() + others_.capacity() + next_.capacity() + heads_.capacity()) * 4 +
         pair_index_.MemoryBytes() + offnet_index_.MemoryBytes() + subscriber_index_.MemoryBytes() +
         (offnet_phones_.capacity() + subscriber_phones_.capacity()) * sizeof(PhoneKey);
}

double ContactGraph::BytesPerPair() const {
  if (stats_.empty()) return 0;
  // What grows with the pairs: their arrays (as allocated, growth slack included) and index;
  // not the per-subscriber tables.
  const size_t per_pair = stats_.capacity() * sizeof(PairStats) +
                          (owners_.capacity() + others_.capacity() + next_.capacity()) * 4 +
                          pair_index_.MemoryBytes();
  return static_cast<double>(per_pair) / static_cast<double>(stats_.size());
}

// --- checkpoint encoding -------------------------------------------------------------------
// Settings: version, half-life. Value of an owner: count, then per pair the other party's
// PhoneKey and the PairStats fields (fixed width, little-endian).

std::string ContactGraph::Settings() const {
  ByteWriter w;
  w.Varint(kEncodingVersion);
  w.Double(options_.half_life_days);
  return w.Take();
}

Status ContactGraph::DecodeSettings(std::string_view stored) {
  ByteReader r(stored);
  uint64_t version;
  double half_life;
  if (!r.Varint(&version) || version != kEncodingVersion || !r.Double(&half_life)) {
    return Status::Corruption("contact graph settings are unreadable; start with --fresh");
  }
  if (half_life != options_.half_life_days) {
    return Status::InvalidArgument(
        "the contact graph in this state was built with relations.half_life_days " +
        std::to_string(half_life) + ", not " + std::to_string(options_.half_life_days) +
        "; keep the setting or start with --fresh");
  }
  stored_half_life_ = half_life;
  return Status::Ok();
}

bool ContactGraph::Encode(SubscriberId s, std::string* out) const {
  if (s >= heads_.size() || heads_[s] == kNoPair) return false;
  ByteWriter w;
  uint64_t n = 0;
  ForEachOwned(s, [&](PairId) { ++n; });
  w.Varint(n);
  ForEachOwned(s, [&](PairId e) {
    w.Fixed64(phone(others_[e]));
    char raw[sizeof(PairStats)];
    std::memcpy(raw, &stats_[e], sizeof(PairStats));
    w.Raw(std::string_view(raw, sizeof(raw)));
  });
  out->append(w.data());
  return true;
}

Status ContactGraph::Decode(SubscriberId s, std::string_view value) {
  if (s >= heads_.size()) return Status::InvalidArgument("contact graph: no such subscriber");
  ByteReader r(value);
  uint64_t n;
  if (!r.Varint(&n)) return Status::Corruption("contact graph record: no pair count");
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t phone_key;
    std::string_view raw;
    if (!r.Fixed64(&phone_key) || !r.Raw(sizeof(PairStats), &raw) || phone_key == kNoPhone) {
      return Status::Corruption("contact graph record: pair " + std::to_string(i) + " of " +
                                std::to_string(n) + " is truncated");
    }
    const SubscriberId other_sub = subscriber_index_.Find(phone_key);
    const PartyId other = PartyOf(
        phone_key, other_sub == FlatMap64::kMissing ? ingest::kNoSubscriber : other_sub, true);
    PairStats& p = stats_[FindOrAdd(s, other)];
    std::memcpy(&p, raw.data(), sizeof(PairStats));
    newest_day_ = std::max(newest_day_, p.last_day);
  }
  return Status::Ok();
}

}  // namespace ripple::graph
