// Fixed times, record builders and tiny reference tables for the tests of the profile
// accumulators (activity.h), the built-in derivations (derive.h) and the tag engine.
//
// Times: Day0() is Monday 2026-11-02, local days at +08:00; At(d, hh, mm) is local hh:mm of
// Day0()+d. NoDecay() options give every record the weight 1 exactly (a half-life of 10^12
// days rounds 2^-k/half_life to 1.0f), so cell, category and channel counts are whole numbers.
// Reference tables are written as CSV into a TempDir and loaded with ReferenceData::Load, the
// way the batch reads them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/time.h"
#include "ingest/reference.h"
#include "profile/activity.h"
#include "support/test_support.h"

namespace ripple::profile::testing {

using ingest::Channel;
using ingest::Feed;
using ingest::kNoCell;
using ingest::kNoSubscriber;
using ingest::Record;

constexpr int kOffset = 480;  // +08:00

inline int64_t Day0() { return DaysFromCivil(2026, 11, 2); }  // a Monday
inline int64_t At(int64_t day_offset, int hh, int mm = 0) {
  return (Day0() + day_offset) * kMillisPerDay + hh * kMillisPerHour + mm * kMillisPerMinute -
         kOffset * kMillisPerMinute;
}

inline ActivityOptions NoDecay() {
  ActivityOptions o;
  o.half_life_days = 1e12;
  return o;
}

// A phone key for on-net subscriber `s` in records (the activity only looks at bit 63).
inline PhoneKey Phone(uint64_t n) { return 0x1000 + n; }

inline Record Call(int64_t ts, ingest::SubscriberId from_sub, ingest::SubscriberId to_sub,
                   ingest::CellId cell = kNoCell) {
  Record r;
  r.feed = Feed::kCalls;
  r.ts_ms = ts;
  r.from_sub = from_sub;
  r.to_sub = to_sub;
  r.from = Phone(from_sub == kNoSubscriber ? 999999 : from_sub);
  r.to = Phone(to_sub == kNoSubscriber ? 888888 : to_sub);
  r.duration_s = 60;
  r.cell = cell;
  return r;
}

inline Record Single(Feed feed, int64_t ts, ingest::SubscriberId sub) {
  Record r;
  r.feed = feed;
  r.ts_ms = ts;
  r.from_sub = sub;
  r.from = Phone(sub);
  return r;
}

inline Record Location(int64_t ts, ingest::SubscriberId sub, ingest::CellId cell) {
  Record r = Single(Feed::kLocations, ts, sub);
  r.cell = cell;
  return r;
}

inline Record Data(int64_t ts, ingest::SubscriberId sub, ingest::CellId cell = kNoCell) {
  Record r = Single(Feed::kData, ts, sub);
  r.cell = cell;
  r.bytes_down = 4096;
  r.duration_s = 30;
  return r;
}

inline Record Visit(int64_t ts, ingest::SubscriberId sub, Channel channel) {
  Record r = Single(Feed::kVisits, ts, sub);
  r.channel = channel;
  return r;
}

inline Record Order(int64_t ts, ingest::SubscriberId sub, Channel channel) {
  Record r = Single(Feed::kOrders, ts, sub);
  r.channel = channel;
  r.action = ingest::OrderAction::kSubscribe;
  return r;
}

inline Record Device(int64_t ts, ingest::SubscriberId sub, uint64_t imei) {
  Record r = Single(Feed::kDevices, ts, sub);
  r.imei = imei;
  r.imei_digits = 15;
  return r;
}

inline Record Recharge(int64_t ts, ingest::SubscriberId sub, int64_t cents) {
  Record r = Single(Feed::kRecharges, ts, sub);
  r.amount_cents = cents;
  return r;
}

// Valid IMEIs (Luhn) whose TACs 49015420 / 35209900 are in kTacCsv.
constexpr uint64_t kImeiApple = 490154203237518;
constexpr uint64_t kImeiHuawei = 352099001761481;
constexpr uint64_t kImeiUnknownTac = 356938035643809;

inline constexpr const char* kTacCsv =
    "tac,brand,model,release_year,price_tier\n"
    "49015420,Apple,iPhone 15,2023,flagship\n"
    "35209900,Huawei,Mate 60,2021,high\n";

// The five reference tables (hosts, tac and products may be left empty: not written).
struct ReferenceTables {
  std::string subscribers;  // rows only, the header is added
  std::string cells;        // rows only
  std::string tac = kTacCsv;
};

inline std::unique_ptr<ingest::ReferenceData> LoadReference(const ::ripple::testing::TempDir& dir,
                                                            const ReferenceTables& t) {
  const std::string data = dir / "data";
  ::ripple::testing::WriteFile(
      data + "/subscribers.csv",
      "msisdn,gender,birth_year,region,plan_id,monthly_fee,join_date\n" + t.subscribers);
  ::ripple::testing::WriteFile(data + "/cells.csv",
                               "cell_id,lat,lon,area_id,area_type\n" + t.cells);
  if (!t.tac.empty()) ::ripple::testing::WriteFile(data + "/tac.csv", t.tac);
  ingest::InputCounts counts[ingest::kTableCount];
  auto ref = ingest::ReferenceData::Load(data, {}, nullptr, counts);
  EXPECT_TRUE(ref.ok()) << ref.status().ToString();
  if (!ref.ok()) return nullptr;
  for (const ingest::InputCounts& c : counts) {
    EXPECT_EQ(c.rejected(), 0u) << "a reference row of the test was rejected";
  }
  return std::move(ref).value();
}

inline std::vector<uint64_t> Pseudonyms(size_t n, uint64_t salt = 0) {
  std::vector<uint64_t> p(n);
  for (size_t i = 0; i < n; ++i) p[i] = 0x9e3779b97f4a7c15ULL * (i + 1) + salt;
  return p;
}

}  // namespace ripple::profile::testing
