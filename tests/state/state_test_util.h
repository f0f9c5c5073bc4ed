// Record builders and fixed times for the state tests.
#pragma once

#include <cstdint>
#include <vector>

#include "core/rng.h"
#include "core/time.h"
#include "ingest/record.h"

namespace ripple::state::testing {

using ingest::Feed;
using ingest::kNoCell;
using ingest::kNoSubscriber;
using ingest::Record;

constexpr int kOffset = 480;  // +08:00, the default
// Local day of 2026-11-02 at +08:00.
inline int64_t Day0() { return DaysFromCivil(2026, 11, 2); }
// Epoch ms of local day Day0()+day_offset at hh:mm (+08:00).
inline int64_t At(int64_t day_offset, int hh, int mm = 0) {
  return (Day0() + day_offset) * kMillisPerDay + hh * kMillisPerHour + mm * kMillisPerMinute -
         kOffset * kMillisPerMinute;
}
// A phone key for a test party (any non-zero value is a key to the state).
inline PhoneKey Phone(uint64_t n) { return 0x1000 + n; }

inline Record Call(int64_t ts, ingest::SubscriberId from_sub, ingest::SubscriberId to_sub,
                   uint32_t duration_s, PhoneKey from = 0, PhoneKey to = 0,
                   ingest::CellId cell = kNoCell) {
  Record r;
  r.feed = Feed::kCalls;
  r.ts_ms = ts;
  r.from_sub = from_sub;
  r.to_sub = to_sub;
  r.from = from != 0 ? from : Phone(from_sub == kNoSubscriber ? 999999 : from_sub);
  r.to = to != 0 ? to : Phone(to_sub == kNoSubscriber ? 888888 : to_sub);
  r.duration_s = duration_s;
  r.cell = cell;
  return r;
}

inline Record Sms(int64_t ts, ingest::SubscriberId from_sub, ingest::SubscriberId to_sub) {
  Record r = Call(ts, from_sub, to_sub, 0);
  r.feed = Feed::kSms;
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

inline Record Data(int64_t ts, ingest::SubscriberId sub, uint64_t up, uint64_t down,
                   uint32_t duration_s, ingest::CellId cell) {
  Record r = Single(Feed::kData, ts, sub);
  r.bytes_up = up;
  r.bytes_down = down;
  r.duration_s = duration_s;
  r.cell = cell;
  return r;
}

inline Record Device(int64_t ts, ingest::SubscriberId sub, uint64_t imei) {
  Record r = Single(Feed::kDevices, ts, sub);
  r.imei = imei;
  r.imei_digits = 15;
  return r;
}

inline std::vector<uint64_t> Pseudonyms(size_t n, uint64_t salt = 0) {
  std::vector<uint64_t> p(n);
  for (size_t i = 0; i < n; ++i) p[i] = 0x9e3779b97f4a7c15ULL * (i + 1) + salt;
  return p;
}

// `n` records of every feed over `subscribers` subscribers, spread over `days` local days from
// Day0(), in a shuffled event-time order; a quarter of the calls and SMS have an off-net party.
inline std::vector<Record> RandomRecords(size_t n, uint32_t subscribers, int days, uint64_t seed) {
  Rng rng(seed);
  std::vector<Record> out;
  out.reserve(n);
  auto sub = [&] { return static_cast<ingest::SubscriberId>(rng.Below(subscribers)); };
  for (size_t i = 0; i < n; ++i) {
    const int64_t ts = At(static_cast<int64_t>(rng.Below(static_cast<uint64_t>(days))), 0) +
                       static_cast<int64_t>(rng.Below(kMillisPerDay));
    const auto cell = static_cast<ingest::CellId>(rng.Below(50));
    const auto feed = static_cast<Feed>(rng.Below(ingest::kFeedCount));
    switch (feed) {
      case Feed::kCalls:
      case Feed::kSms: {
        ingest::SubscriberId a = sub(), b = sub();
        if (rng.Chance(0.25)) (rng.Chance(0.5) ? a : b) = kNoSubscriber;
        Record r = Call(ts, a, b, static_cast<uint32_t>(rng.Below(3600)), 0, 0, cell);
        r.feed = feed;
        out.push_back(r);
        break;
      }
      case Feed::kData:
        out.push_back(Data(ts, sub(), rng.Below(1 << 20), rng.Below(1 << 24),
                           static_cast<uint32_t>(rng.Below(600)),
                           rng.Chance(0.1) ? kNoCell : cell));
        break;
      case Feed::kDevices:
        out.push_back(Device(ts, sub(), 356938035643800 + rng.Below(3)));
        break;
      default: {
        Record r = Single(feed, ts, sub());
        r.cell = feed == Feed::kLocations ? cell : kNoCell;
        r.amount_cents =
            feed == Feed::kRecharges ? static_cast<int64_t>(100 + rng.Below(10000)) : 0;
        out.push_back(r);
      }
    }
  }
  return out;
}

}  // namespace ripple::state::testing
