// The synthetic operator of the relations benchmark: people in small planted groups — households
// (1-5, one home area), relatives between households, work teams (3-8, one work area), friend
// groups (3-8, one shared interest) — plus weak contacts and a few bulk SMS senders, and the
// call and SMS records their ties produce day by day with each kind's time of day and call
// length. Everything follows from the seed: the same seed gives the same world and records.
//
// Parties 0..subscribers-1 are on-net (SubscriberId = party id); the next 0.3 x subscribers are
// other operators' numbers, which the operator sees only in contact with a subscriber (records
// between two off-net parties are never produced). Phone numbers are 11-digit mobiles,
// 13800000000 + party.
// Record volume: the group ties' rates are scaled so that the expected total is
// (calls + SMS per subscriber per day) x subscribers records a day.
// Thread-safety: one instance per thread.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "core/rng.h"
#include "core/time.h"
#include "graph/relations.h"
#include "ingest/record.h"

namespace ripple::graph::bench {

enum class PlantedKind : uint8_t { kFamily, kRelative, kWork, kFriend, kWeak, kService };
constexpr int kPlantedKinds = 6;
inline const char* PlantedKindName(PlantedKind k) {
  static const char* const kNames[] = {"family", "relative", "work", "friend", "weak", "service"};
  return kNames[static_cast<int>(k)];
}

struct PlantedTie {
  uint32_t a = 0;  // the party that starts most contacts (weak, service ties)
  uint32_t b = 0;
  float rate_scale = 1;  // expected contacts a day = the kind's base rate x this
  PlantedKind kind = PlantedKind::kWeak;
};

struct WorldOptions {
  uint32_t subscribers = 1'000'000;
  int days = 14;
  uint64_t seed = 7;
  double calls_per_subscriber_day = 4;
  double sms_per_subscriber_day = 2;
  double offnet_share = 0.3;  // off-net parties per subscriber
  int utc_offset_minutes = 480;
  int64_t first_day = 20759;  // local day 2026-11-02, a Monday
};

class PlantedWorld {
 public:
  explicit PlantedWorld(const WorldOptions& o);

  uint32_t subscribers() const { return o_.subscribers; }
  uint32_t parties() const { return parties_; }
  bool OnNet(uint32_t party) const { return party < o_.subscribers; }
  static PhoneKey Phone(uint32_t party) {
    return (uint64_t{11} << 58) | (13'800'000'000ULL + party);  // core/phone_number.h layout
  }
  const std::vector<PlantedTie>& ties() const { return ties_; }
  uint64_t ties_of(PlantedKind k) const { return ties_of_[static_cast<int>(k)]; }
  double rate_scale() const { return scale_; }  // of the group ties, from the calibration

  std::vector<PhoneKey> SubscriberPhones() const {
    std::vector<PhoneKey> out(o_.subscribers);
    for (uint32_t s = 0; s < o_.subscribers; ++s) out[s] = Phone(s);
    return out;
  }
  // What the profile would derive from the planted places and interests: a home area for 95 %,
  // the work area for 90 % of the employed, each planted interest with 85 % and one stray
  // interest for 70 % of subscribers.
  std::vector<PartyContext> Contexts() const;
  // The records of day `d` (0..days-1) in event-time order, into *out (its storage is reused).
  void Day(int d, std::vector<ingest::Record>* out);

 private:
  struct Event {
    uint32_t tie;
    uint32_t second;  // of the local day
    uint32_t duration_s;
    bool sms;
    bool reversed;  // from b to a
  };
  void AddTie(uint32_t a, uint32_t b, PlantedKind kind, float rate_scale) {
    if (a == b) return;
    ties_.push_back({a, b, rate_scale, kind});
    ++ties_of_[static_cast<int>(kind)];
  }
  void AddClique(const std::vector<uint32_t>& perm, size_t begin, size_t end, PlantedKind kind) {
    for (size_t x = begin; x < end; ++x) {
      for (size_t y = x + 1; y < end; ++y) {
        AddTie(perm[x], perm[y], kind, static_cast<float>(rng_.LogNormal(1.0, 0.6)));
      }
    }
  }
  std::vector<uint32_t> Permutation(uint32_t n) {
    std::vector<uint32_t> p(n);
    std::iota(p.begin(), p.end(), 0u);
    for (uint32_t i = n; i > 1; --i) std::swap(p[i - 1], p[rng_.Below(i)]);
    return p;
  }
  void PlantHouseholds(uint32_t people);
  void PlantTeams(uint32_t people);
  void PlantFriends(uint32_t people);
  void PlantWeakAndService(uint32_t people);
  void Calibrate();

  WorldOptions o_;
  uint32_t parties_ = 0;
  Rng rng_;
  std::vector<PlantedTie> ties_;
  uint64_t ties_of_[kPlantedKinds] = {};
  std::vector<uint32_t> home_area_, work_area_, interests_;  // per party
  double scale_ = 1;
  std::vector<Event> events_;
  std::vector<uint32_t> second_starts_;
};

// --- implementation (header-only: the benchmark is one translation unit) -------------------

namespace world_internal {

// How each kind of tie behaves: base contacts per tie per day, SMS share, share of contacts
// from a to b, log-normal call length, and the hours of day (weights, weekday and weekend).
struct KindModel {
  double weekday_rate, weekend_rate, sms_share, forward_share, call_median_s, call_sigma;
  float weekday_hours[24], weekend_hours[24];
};

// Family: weekday evenings and weekends, short calls. Work: weekday office hours. Friends:
// evenings and weekends, longer calls. Weak and service: rate_scale carries their count.
// clang-format off
inline const KindModel kModels[kPlantedKinds] = {
  {0.9, 1.2, 0.30, 0.5, 150, 0.8,
   {.2,.1,0,0,0,0,.3,1,1,.5,.5,.5,.8,.5,.5,.5,.5,.8,4,4,4,4,3,.5},
   {.2,.1,0,0,0,0,0,.5,.5,2,2,2,2,2,2,2,2,2,2,2,2,2,2,.5}},
  {0.25, 0.5, 0.30, 0.5, 200, 0.8,
   {0,0,0,0,0,0,0,.3,.3,.3,.3,.3,.6,.3,.3,.3,.3,.5,3,3,3,3,1,.2},
   {0,0,0,0,0,0,0,.3,.3,2,2,2,2,2,2,2,2,2,2,2,2,2,1,.2}},
  {0.45, 0.03, 0.35, 0.5, 100, 0.9,
   {0,0,0,0,0,0,0,.2,1,6,6,6,4,6,6,6,6,6,1,.6,.4,.2,0,0},
   {0,0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,.5,.3,0,0,0,0}},
  {0.2, 0.45, 0.40, 0.5, 330, 0.9,
   {.5,.2,0,0,0,0,0,0,.2,.2,.2,.2,1,1,.2,.2,.2,.5,3,3,3,3,3,1},
   {1,.5,.2,0,0,0,0,0,0,.5,1,2,2,2,2,2,2,2,2,2,2,2,2,1.5}},
  {1, 1, 0.30, 0.85, 60, 1.0,
   {0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0},
   {0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0}},
  {1, 1, 1.0, 1.0, 0, 0,
   {0,0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0},
   {0,0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0}},
};
// clang-format on

inline int SampleHour(const float (&weights)[24], Rng& rng) {
  float total = 0;
  for (float w : weights) total += w;
  float x = static_cast<float>(rng.Uniform()) * total;
  for (int h = 0; h < 24; ++h) {
    x -= weights[h];
    if (x < 0) return h;
  }
  return 23;
}

inline bool Weekend(int64_t local_day) { return ((local_day % 7) + 7 + 3) % 7 >= 5; }

}  // namespace world_internal

inline PlantedWorld::PlantedWorld(const WorldOptions& o) : o_(o), rng_(o.seed) {
  parties_ = o.subscribers + static_cast<uint32_t>(o.offnet_share * o.subscribers);
  // The last few off-net numbers are bulk senders (a bank, a courier); everyone else is a person.
  const uint32_t senders = std::max<uint32_t>(5, o.subscribers / 20'000);
  const uint32_t people = parties_ - senders;
  home_area_.assign(parties_, kNone);
  work_area_.assign(parties_, kNone);
  interests_.assign(parties_, 0);
  ties_.reserve(static_cast<size_t>(parties_) * 17);
  PlantHouseholds(people);
  PlantTeams(people);
  PlantFriends(people);
  PlantWeakAndService(people);
  Calibrate();
}

inline void PlantedWorld::PlantHouseholds(uint32_t people) {
  const std::vector<uint32_t> perm = Permutation(people);
  const uint32_t areas = std::max<uint32_t>(1, parties_ / 500);
  std::vector<std::pair<uint32_t, uint32_t>> households;  // [begin, end) in perm
  for (uint32_t i = 0; i < people;) {
    const double u = rng_.Uniform();
    const uint32_t size = u < 0.15 ? 1 : u < 0.40 ? 2 : u < 0.70 ? 3 : u < 0.90 ? 4 : 5;
    const uint32_t end = std::min(people, i + size);
    const uint32_t area = static_cast<uint32_t>(rng_.Below(areas));
    for (uint32_t k = i; k < end; ++k) home_area_[perm[k]] = area;
    AddClique(perm, i, end, PlantedKind::kFamily);
    households.emplace_back(i, end);
    i = end;
  }
  // Relatives living elsewhere: a grown child and a parent, siblings.
  for (const auto& [begin, end] : households) {
    if (!rng_.Chance(0.7)) continue;
    const auto& other = households[rng_.Below(households.size())];
    const int links = rng_.Chance(0.5) ? 2 : 1;
    for (int l = 0; l < links; ++l) {
      AddTie(perm[begin + rng_.Below(end - begin)],
             perm[other.first + rng_.Below(other.second - other.first)], PlantedKind::kRelative,
             static_cast<float>(rng_.LogNormal(1.0, 0.6)));
    }
  }
}

inline void PlantedWorld::PlantTeams(uint32_t people) {
  const std::vector<uint32_t> perm = Permutation(people);
  const uint32_t employed = static_cast<uint32_t>(people * 0.85);
  const uint32_t areas = std::max<uint32_t>(1, parties_ / 40);  // ~5 teams per work area
  for (uint32_t i = 0; i < employed;) {
    const uint32_t end = std::min(employed, i + 3 + static_cast<uint32_t>(rng_.Below(6)));
    const uint32_t area = static_cast<uint32_t>(rng_.Below(areas));
    for (uint32_t k = i; k < end; ++k) work_area_[perm[k]] = area;
    AddClique(perm, i, end, PlantedKind::kWork);
    i = end;
  }
}

inline void PlantedWorld::PlantFriends(uint32_t people) {
  // Everyone in two friend groups, 40 % in a third.
  for (const double share : {1.0, 1.0, 0.4}) {
    const std::vector<uint32_t> perm = Permutation(people);
    const uint32_t members = static_cast<uint32_t>(people * share);
    for (uint32_t i = 0; i < members;) {
      const uint32_t end = std::min(members, i + 3 + static_cast<uint32_t>(rng_.Below(6)));
      const uint32_t bit = 1u << rng_.Below(16);
      for (uint32_t k = i; k < end; ++k) interests_[perm[k]] |= bit;
      AddClique(perm, i, end, PlantedKind::kFriend);
      i = end;
    }
  }
}

inline void PlantedWorld::PlantWeakAndService(uint32_t people) {
  const auto days = static_cast<float>(o_.days);
  // 5-20 weak contacts per person, half of them started by the person: 1-3 contacts in all.
  for (uint32_t p = 0; p < people; ++p) {
    const uint32_t k = 5 + static_cast<uint32_t>(rng_.Below(16));
    const uint32_t started = k / 2 + ((k & 1) != 0 && rng_.Chance(0.5) ? 1 : 0);
    for (uint32_t i = 0; i < started; ++i) {
      AddTie(p, static_cast<uint32_t>(rng_.Below(people)), PlantedKind::kWeak,
             static_cast<float>(1 + rng_.Below(3)) / days);
    }
  }
  // Each bulk sender texts ~300 subscribers once or twice.
  for (uint32_t s = people; s < parties_; ++s) {
    for (int i = 0; i < 300; ++i) {
      AddTie(s, static_cast<uint32_t>(rng_.Below(o_.subscribers)), PlantedKind::kService,
             static_cast<float>(1 + rng_.Below(2)) / days);
    }
  }
}

inline void PlantedWorld::Calibrate() {
  using world_internal::kModels;
  double group = 0, fixed = 0;  // expected records a day from eligible ties
  for (const PlantedTie& t : ties_) {
    if (!OnNet(t.a) && !OnNet(t.b)) continue;
    const auto& m = kModels[static_cast<int>(t.kind)];
    const double rate = t.rate_scale * (5 * m.weekday_rate + 2 * m.weekend_rate) / 7;
    (t.kind == PlantedKind::kWeak || t.kind == PlantedKind::kService ? fixed : group) += rate;
  }
  const double target = (o_.calls_per_subscriber_day + o_.sms_per_subscriber_day) * o_.subscribers;
  scale_ = group > 0 ? std::max(0.1, (target - fixed) / group) : 1;
  for (PlantedTie& t : ties_) {
    if (t.kind != PlantedKind::kWeak && t.kind != PlantedKind::kService) {
      t.rate_scale = static_cast<float>(t.rate_scale * scale_);
    }
  }
}

inline std::vector<PartyContext> PlantedWorld::Contexts() const {
  Rng rng = Rng::For(o_.seed, 0xC0);
  std::vector<PartyContext> out(o_.subscribers);
  for (uint32_t s = 0; s < o_.subscribers; ++s) {
    PartyContext& c = out[s];
    if (rng.Chance(0.95)) c.home_area = home_area_[s];
    if (work_area_[s] != kNone && rng.Chance(0.9)) c.work_area = work_area_[s];
    for (uint32_t bits = interests_[s]; bits != 0; bits &= bits - 1) {
      if (rng.Chance(0.85)) c.interests |= bits & (~bits + 1);
    }
    if (rng.Chance(0.7)) c.interests |= 1u << rng.Below(16);
  }
  return out;
}

inline void PlantedWorld::Day(int d, std::vector<ingest::Record>* out) {
  using world_internal::kModels;
  const int64_t day = o_.first_day + d;
  const bool weekend = world_internal::Weekend(day);
  events_.clear();
  for (uint32_t i = 0; i < ties_.size(); ++i) {
    const PlantedTie& t = ties_[i];
    if (!OnNet(t.a) && !OnNet(t.b)) continue;
    const auto& m = kModels[static_cast<int>(t.kind)];
    const int n = rng_.Poisson((weekend ? m.weekend_rate : m.weekday_rate) * t.rate_scale);
    for (int k = 0; k < n; ++k) {
      Event e;
      e.tie = i;
      e.sms = rng_.Chance(m.sms_share);
      e.reversed = !rng_.Chance(m.forward_share);
      const int hour =
          world_internal::SampleHour(weekend ? m.weekend_hours : m.weekday_hours, rng_);
      e.second = static_cast<uint32_t>(hour * 3600 + static_cast<int>(rng_.Below(3600)));
      e.duration_s = 0;
      if (!e.sms && !rng_.Chance(0.15)) {  // 15 % of calls are not answered
        e.duration_s = static_cast<uint32_t>(
            std::clamp(rng_.LogNormal(m.call_median_s, m.call_sigma), 1.0, 7200.0));
      }
      events_.push_back(e);
    }
  }
  // Event-time order (a counting sort by second), as a feed delivers them.
  second_starts_.assign(86'401, 0);
  for (const Event& e : events_) ++second_starts_[e.second + 1];
  std::partial_sum(second_starts_.begin(), second_starts_.end(), second_starts_.begin());
  out->resize(events_.size());
  const int64_t offset_ms = int64_t{o_.utc_offset_minutes} * kMillisPerMinute;
  for (const Event& e : events_) {
    const PlantedTie& t = ties_[e.tie];
    const uint32_t from = e.reversed ? t.b : t.a;
    const uint32_t to = e.reversed ? t.a : t.b;
    ingest::Record& r = (*out)[second_starts_[e.second]++];
    r = ingest::Record{};
    r.feed = e.sms ? Feed::kSms : Feed::kCalls;
    r.ts_ms = (day * 86'400 + e.second) * kMillisPerSecond +
              static_cast<int64_t>(rng_.Below(1000)) - offset_ms;
    r.from = Phone(from);
    r.to = Phone(to);
    r.from_sub = OnNet(from) ? from : ingest::kNoSubscriber;
    r.to_sub = OnNet(to) ? to : ingest::kNoSubscriber;
    r.duration_s = e.duration_s;
  }
}

}  // namespace ripple::graph::bench
