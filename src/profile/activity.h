// ProfileActivity: what the profile needs to know about each subscriber that the day buckets do
// not keep — where the phone is by time of day, which kinds of web hosts, which channels at
// which hours, international calls, when the handset changed.
//
// Every count is time-decayed with a half-life (default 14 days) so that the profile follows
// the subscriber's present life: a record of local day d adds weight 2^-(last_day - d)/half_life
// relative to the subscriber's newest day `last_day`; when a newer day arrives every count is
// scaled down first. The sums are therefore the same whatever order the records arrive in (up
// to float rounding), except for cell slots evicted when full (see below).
// Layout: flat arrays by dense SubscriberId, no per-subscriber allocation:
//   ActivityHeader (32 B)  last_day, device days, decayed international calls
//   kCellSlots CellSlots (16 B each) the most-seen cells, with night / weekday-day / all counts;
//                          a new cell when all slots are taken replaces the slot with the least
//                          total (heavy hitters such as home and work survive)
//   categories floats      decayed data sessions per host category
//   kChannels x kDayparts  decayed visits+orders per channel and part of day
// Bytes per subscriber = 32 + 16*kCellSlots + 4*categories + 4*20 (= 368 with 16 categories).
// Thread-safety: single writer, like SubscriberState; const readers concurrently with each
// other. It is a state::SubscriberAttachment so it is checkpointed with the subscriber state.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ingest/reference.h"
#include "profile/host_matcher.h"
#include "state/state_store.h"

namespace ripple::profile {

using ingest::CellId;
using ingest::SubscriberId;

constexpr int kCellSlots = 12;
constexpr int kChannels = 5;  // app, web, sms, outbound, shop (ingest::Channel minus kNone)
constexpr int kDayparts = 4;  // night 0-6, morning 6-12, afternoon 12-18, evening 18-24
constexpr int32_t kNoDay = INT32_MIN;

struct CellSlot {
  CellId cell = ingest::kNoCell;
  float night = 0;    // local 22:00-06:00, any day
  float workday = 0;  // Monday-Friday 09:00-17:00 local
  float total = 0;    // every record with this cell
};
static_assert(sizeof(CellSlot) == 16);

struct ActivityHeader {
  int32_t last_day = kNoDay;          // newest local day seen; counts are relative to it
  int32_t first_device_day = kNoDay;  // first day a device record was seen
  int32_t last_change_day = kNoDay;   // day of the latest handset change (new IMEI)
  uint32_t last_imei_low = 0;         // low bits of the latest IMEI (by event time)
  float intl_calls = 0;               // calls and SMS with an international party
  float located = 0;                  // records with a cell (the denominator of cell shares)
  float data_sessions = 0;            // data sessions (the denominator of category shares)
  uint32_t last_imei_time_s = 0;      // event time (epoch s) of the device record behind it
};
static_assert(sizeof(ActivityHeader) == 32);

struct ActivityOptions {
  int utc_offset_minutes = 480;
  double half_life_days = 14;
  size_t categories = 0;  // host categories (HostMatcher::categories().size())
};

class ProfileActivity final : public state::SubscriberAttachment {
 public:
  ProfileActivity(size_t subscribers, const ActivityOptions& options,
                  std::vector<std::string> category_names);

  // Adds one accepted record. `category` is the record's host category (data records), or
  // kNoCategory. Cells count for the party the cell serves (the caller/sender when on-net,
  // else the callee/receiver), like the state's cells sketch.
  void Apply(const ingest::Record& r, int16_t category);

  const ActivityHeader& header(SubscriberId s) const { return headers_[s]; }
  std::span<const CellSlot> cells(SubscriberId s) const {
    return {cells_.data() + size_t{s} * kCellSlots, kCellSlots};
  }
  std::span<const float> categories(SubscriberId s) const {
    return {categories_.data() + size_t{s} * category_count_, category_count_};
  }
  // [channel * kDayparts + daypart], channel 0 = app.
  std::span<const float> channels(SubscriberId s) const {
    return {channels_.data() + size_t{s} * kChannels * kDayparts, kChannels * kDayparts};
  }
  // The factor that brings `s`'s counts to `day` (1 when s has nothing newer to decay over).
  double DecayTo(SubscriberId s, int64_t day) const;

  size_t subscribers() const { return headers_.size(); }
  const std::vector<std::string>& category_names() const { return category_names_; }
  size_t MemoryBytes() const;
  double BytesPerSubscriber() const;

  // SubscriberAttachment: checkpointed beside the state.
  char tag() const override { return 'p'; }
  std::string Settings() const override;
  Status DecodeSettings(std::string_view stored) override;
  bool Encode(SubscriberId s, std::string* out) const override;
  Status Decode(SubscriberId s, std::string_view value) override;

 private:
  // Decays `s` to `day` if newer and returns the weight of a record of `day`.
  float Advance(SubscriberId s, int32_t day);
  void AddCell(SubscriberId s, CellId cell, float weight, bool night, bool workday);

  ActivityOptions options_;
  size_t category_count_;
  std::vector<std::string> category_names_;
  std::vector<float> decay_per_day_;  // decay_per_day_[k] = 2^(-k / half_life), k < 64
  std::vector<ActivityHeader> headers_;
  std::vector<CellSlot> cells_;
  std::vector<float> categories_;
  std::vector<float> channels_;
  // Decoding a checkpoint written with another category list: stored index -> current index.
  std::vector<int> stored_category_map_;
};

}  // namespace ripple::profile
