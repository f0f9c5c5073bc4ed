// Calls and SMS.
// - Ties (per pair per day, times the tie's rate multiplier): family ~0.4 calls, evenings (18-23)
//   on weekdays and all day at weekends; work ~0.3 calls on weekdays in office hours; friends
//   ~0.15 calls, evenings and weekends. Direction roughly balanced (each tie has its own lean).
//   Durations log-normal with medians 180 s (family), 90 s (work), 300 s (friend).
// - Weak contacts: each called now and then (2-20 % of days), any time, ~45 s; strangers: one-off
//   calls with random people.
// - Service numbers call or text one way: operator notices, bank notices, verification codes,
//   couriers, telemarketers; subscribers now and then call 10086.
// The cell of a call or SMS is the caller's (sender's) cell when on-net, empty otherwise.
// Travellers: nothing is sent from a plane and calls do not reach one (texts wait); abroad, 60 %
// of calls to or from the traveller are not made (roaming is dear), texts and data go on.
#include <algorithm>
#include <cmath>

#include "sim/day_generator.h"
#include "sim/random_streams.h"

namespace ripple::sim {
namespace {

struct KindRates {
  double calls_weekday, calls_weekend;
  double sms_weekday, sms_weekend;
  double median_s;
};
constexpr KindRates kRates[] = {
    {0.32, 0.60, 0.10, 0.15, 180},  // family
    {0.30, 0.03, 0.06, 0.01, 90},   // work
    {0.12, 0.25, 0.08, 0.14, 300},  // friend
};

// Minute of day for a tie's call or SMS.
int TieMinute(Rng& rng, TieKind kind, bool weekend) {
  double u = rng.Uniform();
  switch (kind) {
    case TieKind::kFamily:
      if (weekend) return static_cast<int>(rng.Between(9 * 60, 22 * 60 - 1));
      return u < 0.8 ? static_cast<int>(rng.Between(18 * 60, 23 * 60 - 1))
                     : static_cast<int>(rng.Between(8 * 60, 18 * 60 - 1));
    case TieKind::kWork:
      if (weekend) return static_cast<int>(rng.Between(10 * 60, 20 * 60 - 1));
      return u < 0.92 ? static_cast<int>(rng.Between(9 * 60, 18 * 60 - 1))
                      : static_cast<int>(rng.Between(18 * 60, 21 * 60 - 1));
    case TieKind::kFriend:
      if (weekend) return static_cast<int>(rng.Between(10 * 60, 23 * 60 + 29));
      return u < 0.75 ? static_cast<int>(rng.Between(18 * 60, 23 * 60 + 29))
                      : static_cast<int>(rng.Between(12 * 60, 14 * 60 - 1));
  }
  return 12 * 60;
}

// The initiator is on-net and in flight: CellAt found no cell.
bool OnPlane(const Event& e) { return !(e.flags & kNoCell) && e.cell == kNone; }

uint32_t CommDelayMs(Rng& rng) {
  if (rng.Chance(0.005)) return static_cast<uint32_t>(rng.Between(60'000, 600'000));
  return static_cast<uint32_t>(rng.Between(3'000, 60'000));
}

}  // namespace

Event DayGenerator::CommEvent(Rng& rng, PartyId from, PartyId to, int64_t ts) const {
  Event e{};
  e.ts_ms = ts;
  e.delay_ms = CommDelayMs(rng);
  e.a = from;
  e.b = to;
  if (world_.IsOnNet(from)) {
    e.cell = CellAt(from, ts, rng);  // the serving cell of the on-net initiator
  } else {
    e.flags |= kNoCell;
  }
  return e;
}

void DayGenerator::AddCall(EventBuffers& out, Rng& rng, PartyId caller, PartyId callee, int64_t ts,
                           double median_s, double sigma) const {
  Event e = CommEvent(rng, caller, callee, ts);
  if (OnPlane(e) || AreaAt(callee, ts) == kInFlight) return;
  if ((world_.IsRoaming(AreaAt(caller, ts)) || world_.IsRoaming(AreaAt(callee, ts))) &&
      rng.Chance(0.6)) {
    return;
  }
  double duration = rng.Chance(0.04) ? 0 : rng.LogNormal(median_s, sigma);
  e.v1 = static_cast<uint32_t>(std::clamp(duration, 0.0, 7200.0));
  e.flags |= DrawTsForm(rng, false);
  out[Feed::kCalls].push_back(e);
}

void DayGenerator::AddSms(EventBuffers& out, Rng& rng, PartyId sender, PartyId receiver,
                          int64_t ts) const {
  Event e = CommEvent(rng, sender, receiver, ts);
  if (OnPlane(e)) return;
  e.flags |= DrawTsForm(rng, false);
  out[Feed::kSms].push_back(e);
}

void DayGenerator::TieEvents(PersonId s, EventBuffers& out) const {
  const bool weekend_day = weekend();
  for (uint32_t t = world_.tie_first[s]; t < world_.tie_first[s + 1]; ++t) {
    const Tie& tie = world_.ties[t];
    Rng rng = Rng::For(world_.seed, t, static_cast<uint64_t>(day_.day), kPurposeTie);
    const KindRates& r = kRates[static_cast<int>(tie.kind)];
    // Each tie leans a little towards one side: 35-65 % of contacts start at `a`.
    double a_starts =
        0.35 +
        0.3 * static_cast<double>(Mix64(world_.seed ^ (uint64_t{t} << 20)) >> 11) * 0x1.0p-53;
    int calls = rng.Poisson(tie.rate * (weekend_day ? r.calls_weekend : r.calls_weekday));
    for (int k = 0; k < calls; ++k) {
      int minute = TieMinute(rng, tie.kind, weekend_day);
      int64_t ts = day_.start_ms + int64_t{minute} * 60000 + static_cast<int64_t>(rng.Below(60000));
      bool from_a = rng.Chance(a_starts);
      AddCall(out, rng, from_a ? tie.a : tie.b, from_a ? tie.b : tie.a, ts, r.median_s, 0.8);
    }
    int texts = rng.Poisson(tie.rate * (weekend_day ? r.sms_weekend : r.sms_weekday));
    for (int k = 0; k < texts; ++k) {
      int minute = TieMinute(rng, tie.kind, weekend_day);
      int64_t ts = day_.start_ms + int64_t{minute} * 60000 + static_cast<int64_t>(rng.Below(60000));
      bool from_a = rng.Chance(a_starts);
      AddSms(out, rng, from_a ? tie.a : tie.b, from_a ? tie.b : tie.a, ts);
    }
  }
}

void DayGenerator::ContactEvents(PersonId s, EventBuffers& out) const {
  Rng rng = Rng::For(world_.seed, s, static_cast<uint64_t>(day_.day), kPurposeWeakCalls);
  const uint32_t* begin = world_.weak_contacts.begin(s);
  const uint32_t count = world_.weak_contacts.count(s);
  for (uint32_t j = 0; j < count; ++j) {
    PartyId other = begin[j];
    // A contact's frequency is fixed for the pair (2-20 % of days).
    double rate =
        0.02 + 0.18 * static_cast<double>(Mix64(HashCombine(world_.seed, s) ^ j) >> 11) * 0x1.0p-53;
    if (rng.Chance(rate)) {
      int64_t ts = TimeIn(rng, 7 * 60, 23 * 60);
      bool outgoing = rng.Chance(0.5);
      AddCall(out, rng, outgoing ? s : other, outgoing ? other : s, ts, 45, 0.9);
    }
    if (rng.Chance(rate * 0.1)) {
      bool outgoing = rng.Chance(0.5);
      AddSms(out, rng, outgoing ? s : other, outgoing ? other : s, TimeIn(rng, 7 * 60, 23 * 60));
    }
  }
  int strangers = rng.Poisson(0.8);
  for (int k = 0; k < strangers; ++k) {
    PartyId other = static_cast<PartyId>(rng.Below(world_.people));
    if (other == s) continue;
    bool outgoing = rng.Chance(0.5);
    AddCall(out, rng, outgoing ? s : other, outgoing ? other : s, TimeIn(rng, 8 * 60, 21 * 60), 60,
            1.0);
  }
}

void DayGenerator::ServiceEvents(PersonId s, EventBuffers& out) const {
  Rng rng = Rng::For(world_.seed, s, static_cast<uint64_t>(day_.day), kPurposeService);
  auto services = ServiceNumbers();
  // Indexes of the service kinds in the catalogue (grouped by kind there).
  auto first_of = [&](ServiceKind kind) {
    uint32_t i = 0;
    while (services[i].kind != kind) ++i;
    return i;
  };
  auto count_of = [&](ServiceKind kind) {
    return static_cast<uint32_t>(std::count_if(
        services.begin(), services.end(), [&](const ServiceNumber& n) { return n.kind == kind; }));
  };
  static const uint32_t kBank = first_of(ServiceKind::kBank), kBanks = count_of(ServiceKind::kBank);
  static const uint32_t kVerify = first_of(ServiceKind::kVerification),
                        kVerifies = count_of(ServiceKind::kVerification);
  static const uint32_t kCourier = first_of(ServiceKind::kCourier),
                        kCouriers = count_of(ServiceKind::kCourier);
  static const uint32_t kTele = first_of(ServiceKind::kTelemarketer),
                        kTeles = count_of(ServiceKind::kTelemarketer);
  const PartyId base = world_.first_service;  // 10086 is the first service number
  // Each subscriber banks with one or two banks.
  uint64_t h = Mix64(world_.seed ^ (uint64_t{s} * 0x9e3779b97f4a7c15ULL));
  PartyId banks[2] = {base + kBank + static_cast<PartyId>(h % kBanks),
                      base + kBank + static_cast<PartyId>((h >> 20) % kBanks)};

  for (int k = rng.Poisson(0.25); k > 0; --k)
    AddSms(out, rng, base, s, TimeIn(rng, 8 * 60, 21 * 60));
  for (int k = rng.Poisson(0.35); k > 0; --k) {
    AddSms(out, rng, banks[rng.Below(2)], s, TimeIn(rng, 0, 24 * 60));
  }
  for (int k = rng.Poisson(0.6); k > 0; --k) {
    AddSms(out, rng, base + kVerify + static_cast<PartyId>(rng.Below(kVerifies)), s,
           TimeIn(rng, 7 * 60, 24 * 60));
  }
  for (int k = rng.Poisson(weekend() ? 0.06 : 0.12); k > 0; --k) {
    AddCall(out, rng, base + kCourier + static_cast<PartyId>(rng.Below(kCouriers)), s,
            TimeIn(rng, 9 * 60, 20 * 60), 30, 0.6);
  }
  for (int k = rng.Poisson(0.08); k > 0; --k) {
    AddCall(out, rng, base + kTele + static_cast<PartyId>(rng.Below(kTeles)), s,
            TimeIn(rng, 9 * 60, 20 * 60), 15, 1.0);
  }
  if (rng.Chance(0.02)) AddCall(out, rng, s, base, TimeIn(rng, 8 * 60, 22 * 60), 180, 0.7);
}

}  // namespace ripple::sim
