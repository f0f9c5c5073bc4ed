#include "profile/activity.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/bytes.h"
#include "core/time.h"

namespace ripple::profile {
namespace {

constexpr uint64_t kActivityVersion = 2;          // 2: last_imei_time_s
constexpr uint64_t kIntlBit = uint64_t{1} << 63;  // PhoneKey: international numbers

bool IsInternational(PhoneKey k) { return k != kNoPhone && (k & kIntlBit) != 0; }

void PutFloat(ByteWriter& w, float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  w.Varint(bits);
}
bool GetFloat(ByteReader& r, float* v) {
  uint64_t bits;
  if (!r.Varint(&bits) || bits > UINT32_MAX) return false;
  const auto b32 = static_cast<uint32_t>(bits);
  std::memcpy(v, &b32, 4);
  return std::isfinite(*v) && *v >= 0;
}

}  // namespace

ProfileActivity::ProfileActivity(size_t subscribers, const ActivityOptions& options,
                                 std::vector<std::string> category_names)
    : options_(options),
      category_count_(category_names.size()),
      category_names_(std::move(category_names)),
      headers_(subscribers),
      cells_(subscribers * kCellSlots),
      categories_(subscribers * category_count_),
      channels_(subscribers * kChannels * kDayparts) {
  options_.categories = category_count_;
  if (!(options_.half_life_days > 0)) options_.half_life_days = 14;
  decay_per_day_.resize(64);
  for (int k = 0; k < 64; ++k) {
    decay_per_day_[k] = static_cast<float>(std::exp2(-k / options_.half_life_days));
  }
}

double ProfileActivity::DecayTo(SubscriberId s, int64_t day) const {
  const int32_t last = headers_[s].last_day;
  if (last == kNoDay || day <= last) return 1.0;
  return std::exp2(-static_cast<double>(day - last) / options_.half_life_days);
}

float ProfileActivity::Advance(SubscriberId s, int32_t day) {
  ActivityHeader& h = headers_[s];
  if (h.last_day == kNoDay) {
    h.last_day = day;
    return 1.0f;
  }
  if (day <= h.last_day) {
    const int32_t age = h.last_day - day;
    return age < 64 ? decay_per_day_[age]
                    : static_cast<float>(std::exp2(-age / options_.half_life_days));
  }
  const int32_t gap = day - h.last_day;
  const float f = gap < 64 ? decay_per_day_[gap]
                           : static_cast<float>(std::exp2(-gap / options_.half_life_days));
  h.last_day = day;
  h.intl_calls *= f;
  h.located *= f;
  h.data_sessions *= f;
  for (CellSlot& c : std::span<CellSlot>(cells_.data() + size_t{s} * kCellSlots, kCellSlots)) {
    c.night *= f;
    c.workday *= f;
    c.total *= f;
  }
  float* cat = categories_.data() + size_t{s} * category_count_;
  for (size_t i = 0; i < category_count_; ++i) cat[i] *= f;
  float* ch = channels_.data() + size_t{s} * kChannels * kDayparts;
  for (int i = 0; i < kChannels * kDayparts; ++i) ch[i] *= f;
  return 1.0f;
}

void ProfileActivity::AddCell(SubscriberId s, CellId cell, float weight, bool night, bool workday) {
  CellSlot* slots = cells_.data() + size_t{s} * kCellSlots;
  CellSlot* target = nullptr;
  CellSlot* least = slots;
  for (int i = 0; i < kCellSlots; ++i) {
    if (slots[i].cell == cell) {
      target = &slots[i];
      break;
    }
    if (slots[i].cell == ingest::kNoCell) {  // slots fill from the front
      target = &slots[i];
      target->cell = cell;
      break;
    }
    if (slots[i].total < least->total) least = &slots[i];
  }
  if (target == nullptr) {
    *least = CellSlot();
    least->cell = cell;
    target = least;
  }
  target->total += weight;
  if (night) target->night += weight;
  if (workday) target->workday += weight;
  headers_[s].located += weight;
}

void ProfileActivity::Apply(const ingest::Record& r, int16_t category) {
  const int64_t day64 = LocalDay(r.ts_ms, options_.utc_offset_minutes);
  if (day64 < INT32_MIN + 1 || day64 > INT32_MAX) return;
  const auto day = static_cast<int32_t>(day64);
  const LocalTime t = ToLocal(r.ts_ms, options_.utc_offset_minutes);
  const bool night = t.hour >= 22 || t.hour < 6;
  const bool workday = t.weekday < 5 && t.hour >= 9 && t.hour < 17;
  const size_t n = headers_.size();

  auto cell_party = [&]() -> SubscriberId {
    return r.from_sub != ingest::kNoSubscriber ? r.from_sub : r.to_sub;
  };
  switch (r.feed) {
    case Feed::kCalls:
    case Feed::kSms: {
      for (int party = 0; party < 2; ++party) {
        const SubscriberId s = party == 0 ? r.from_sub : r.to_sub;
        if (s >= n || (party == 1 && r.to_sub == r.from_sub)) continue;  // a self-call once
        const float w = Advance(s, day);
        const PhoneKey other = s == r.from_sub ? r.to : r.from;
        if (IsInternational(other)) headers_[s].intl_calls += w;
        if (r.cell != ingest::kNoCell && s == cell_party()) AddCell(s, r.cell, w, night, workday);
      }
      break;
    }
    case Feed::kData: {
      const SubscriberId s = r.from_sub;
      if (s >= n) return;
      const float w = Advance(s, day);
      headers_[s].data_sessions += w;
      if (category >= 0 && static_cast<size_t>(category) < category_count_) {
        categories_[size_t{s} * category_count_ + static_cast<size_t>(category)] += w;
      }
      if (r.cell != ingest::kNoCell) AddCell(s, r.cell, w, night, workday);
      break;
    }
    case Feed::kLocations: {
      const SubscriberId s = r.from_sub;
      if (s >= n || r.cell == ingest::kNoCell) return;
      AddCell(s, r.cell, Advance(s, day), night, workday);
      break;
    }
    case Feed::kVisits:
    case Feed::kOrders: {
      const SubscriberId s = r.from_sub;
      if (s >= n || r.channel == ingest::Channel::kNone) return;
      const float w = Advance(s, day);
      const int channel = static_cast<int>(r.channel) - 1;
      const int daypart = t.hour / 6;
      channels_[size_t{s} * kChannels * kDayparts + channel * kDayparts + daypart] += w;
      break;
    }
    case Feed::kDevices: {
      const SubscriberId s = r.from_sub;
      if (s >= n) return;
      Advance(s, day);
      ActivityHeader& h = headers_[s];
      const auto low = static_cast<uint32_t>(r.imei);
      const auto time_s = static_cast<uint32_t>(std::clamp<int64_t>(r.ts_ms / 1000, 0, UINT32_MAX));
      if (h.first_device_day == kNoDay || day < h.first_device_day) h.first_device_day = day;
      // Like the state's device_changes: only a record at or after the latest one can be a
      // change; a late record of the previous handset is history, not a change back.
      if (time_s >= h.last_imei_time_s) {
        if (h.last_imei_low != 0 && low != h.last_imei_low) h.last_change_day = day;
        h.last_imei_low = low;
        h.last_imei_time_s = time_s;
      }
      break;
    }
    case Feed::kRecharges:
      break;
  }
}

size_t ProfileActivity::MemoryBytes() const {
  return headers_.capacity() * sizeof(ActivityHeader) + cells_.capacity() * sizeof(CellSlot) +
         (categories_.capacity() + channels_.capacity()) * sizeof(float);
}

double ProfileActivity::BytesPerSubscriber() const {
  return sizeof(ActivityHeader) + kCellSlots * sizeof(CellSlot) +
         sizeof(float) * (category_count_ + kChannels * kDayparts);
}

std::string ProfileActivity::Settings() const {
  ByteWriter w;
  w.Varint(kActivityVersion);
  w.Varint(category_names_.size());
  for (const std::string& c : category_names_) w.String(c);
  return w.Take();
}

Status ProfileActivity::DecodeSettings(std::string_view stored) {
  ByteReader r(stored);
  uint64_t version, n;
  if (!r.Varint(&version) || version != kActivityVersion || !r.Varint(&n) || n > 65535) {
    return Status::Corruption("the profile activity settings are unreadable; start with --fresh");
  }
  std::vector<int> map(n, -1);
  for (uint64_t i = 0; i < n; ++i) {
    std::string name;
    if (!r.String(&name)) return Status::Corruption("the profile category list is truncated");
    auto it = std::find(category_names_.begin(), category_names_.end(), name);
    // A category dropped from hosts.csv since the checkpoint: its counts are forgotten.
    if (it != category_names_.end()) map[i] = int(it - category_names_.begin());
  }
  stored_category_map_ = std::move(map);
  return Status::Ok();
}

bool ProfileActivity::Encode(SubscriberId s, std::string* out) const {
  const ActivityHeader& h = headers_[s];
  if (h.last_day == kNoDay) return false;
  ByteWriter w;
  w.SignedVarint(h.last_day);
  w.SignedVarint(h.first_device_day);
  w.SignedVarint(h.last_change_day);
  w.Varint(h.last_imei_low);
  w.Varint(h.last_imei_time_s);
  PutFloat(w, h.intl_calls);
  PutFloat(w, h.located);
  PutFloat(w, h.data_sessions);
  const auto slots = cells(s);
  const auto used = std::count_if(slots.begin(), slots.end(),
                                  [](const CellSlot& c) { return c.cell != ingest::kNoCell; });
  w.Varint(static_cast<uint64_t>(used));
  for (const CellSlot& c : slots) {
    if (c.cell == ingest::kNoCell) continue;
    w.Varint(c.cell);
    PutFloat(w, c.night);
    PutFloat(w, c.workday);
    PutFloat(w, c.total);
  }
  // Sparse: most subscribers touch a few categories and channels.
  auto put_sparse = [&](std::span<const float> v) {
    w.Varint(static_cast<uint64_t>(std::count_if(v.begin(), v.end(), [](float x) { return x; })));
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] == 0) continue;
      w.Varint(i);
      PutFloat(w, v[i]);
    }
  };
  put_sparse(categories(s));
  put_sparse(channels(s));
  *out = w.Take();
  return true;
}

Status ProfileActivity::Decode(SubscriberId s, std::string_view value) {
  ByteReader r(value);
  ActivityHeader h;
  int64_t last_day, first_dev, last_change;
  uint64_t imei_low, imei_time, used;
  auto bad = [] { return Status::Corruption("profile activity record is unreadable"); };
  auto is_day = [](int64_t d) { return d > INT32_MIN && d <= INT32_MAX; };
  auto is_day_or_none = [&](int64_t d) { return d == kNoDay || is_day(d); };
  if (!r.SignedVarint(&last_day) || !is_day(last_day) || !r.SignedVarint(&first_dev) ||
      !is_day_or_none(first_dev) || !r.SignedVarint(&last_change) || !is_day_or_none(last_change) ||
      !r.Varint(&imei_low) || imei_low > UINT32_MAX || !r.Varint(&imei_time) ||
      imei_time > UINT32_MAX || !GetFloat(r, &h.intl_calls) || !GetFloat(r, &h.located) ||
      !GetFloat(r, &h.data_sessions) || !r.Varint(&used) || used > kCellSlots) {
    return bad();
  }
  h.last_day = static_cast<int32_t>(last_day);
  h.first_device_day = static_cast<int32_t>(first_dev);
  h.last_change_day = static_cast<int32_t>(last_change);
  h.last_imei_low = static_cast<uint32_t>(imei_low);
  h.last_imei_time_s = static_cast<uint32_t>(imei_time);
  CellSlot* slots = cells_.data() + size_t{s} * kCellSlots;
  std::fill(slots, slots + kCellSlots, CellSlot());
  for (uint64_t i = 0; i < used; ++i) {
    uint64_t cell;
    if (!r.Varint(&cell) || cell >= ingest::kNoCell || !GetFloat(r, &slots[i].night) ||
        !GetFloat(r, &slots[i].workday) || !GetFloat(r, &slots[i].total)) {
      return bad();
    }
    slots[i].cell = static_cast<CellId>(cell);
  }
  float* cat = categories_.data() + size_t{s} * category_count_;
  std::fill(cat, cat + category_count_, 0.0f);
  float* ch = channels_.data() + size_t{s} * kChannels * kDayparts;
  std::fill(ch, ch + kChannels * kDayparts, 0.0f);
  uint64_t count, index;
  float v;
  if (!r.Varint(&count)) return bad();
  for (uint64_t i = 0; i < count; ++i) {
    if (!r.Varint(&index) || !GetFloat(r, &v)) return bad();
    if (index < stored_category_map_.size()) {
      if (stored_category_map_[index] >= 0) cat[stored_category_map_[index]] = v;
    } else if (stored_category_map_.empty() && index < category_count_) {
      cat[index] = v;
    } else {
      return bad();
    }
  }
  if (!r.Varint(&count)) return bad();
  for (uint64_t i = 0; i < count; ++i) {
    if (!r.Varint(&index) || index >= size_t{kChannels * kDayparts} || !GetFloat(r, &v))
      return bad();
    ch[index] = v;
  }
  if (!r.AtEnd()) return bad();
  headers_[s] = h;
  return Status::Ok();
}

}  // namespace ripple::profile
