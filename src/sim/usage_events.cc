// Location records and data sessions of a subscriber's day.
// - Locations: a periodic update every ~2.8 h (phase and jitter per day) plus one on each move
//   to a new area (on landing, the very first record abroad). Most arrive within 30 s; ~2 % are
//   delayed 1-20 minutes and ~0.05 % 3-12 hours (flagged late).
// - Data: a Poisson number of sessions around the subscriber's activity level, by hour of day;
//   ~1 % are dropped by the probes. ~52 % go to general hosts, ~3 % to hosts absent from
//   hosts.csv, ~35 % to the subscriber's interests and ~10 % to some other category (noise).
//   Bytes and durations depend on the category; the app is unnamed for ~15 % of sessions.
// - In flight: no locations, no data. At the airport and abroad no location is late.
#include <algorithm>

#include "sim/day_generator.h"
#include "sim/random_streams.h"

namespace ripple::sim {
namespace {

constexpr double kHourWeights[24] = {0.6, 0.3, 0.15, 0.1, 0.1, 0.2, 0.8, 2.0, 3.0, 3.5, 3.5, 4.0,
                                     5.0, 4.5, 3.5,  3.5, 3.5, 4.0, 4.5, 5.0, 6.0, 6.5, 5.5, 3.0};

int DrawHour(Rng& rng) {
  static const double kTotal = [] {
    double t = 0;
    for (double w : kHourWeights) t += w;
    return t;
  }();
  double u = rng.Uniform() * kTotal;
  for (int h = 0; h < 24; ++h) {
    if (u < kHourWeights[h]) return h;
    u -= kHourWeights[h];
  }
  return 23;
}

struct Usage {
  double bytes_median;
  double duration_median_s;
};
Usage CategoryUsage(int category) {
  switch (category) {
    case 0:  // games
      return {5e6, 900};
    case 1:  // video
      return {3e7, 600};
    case 2:  // music
      return {8e6, 500};
    case kGeneral:
      return {4e5, 90};
    case kUnlisted:
      return {5e4, 20};
    default:
      return {1.5e6, 120};
  }
}

// Airport and roaming cells: where the moments of truth/moments.csv happen.
bool MarksAMoment(const World& world, AreaId area) {
  return world.IsRoaming(area) || world.areas[area].type == AreaType::kAirport;
}

uint32_t LocationDelayMs(Rng& rng, uint8_t* flags) {
  double u = rng.Uniform();
  if (u < 0.0005) {
    *flags |= kLate;
    return static_cast<uint32_t>(rng.Between(3 * 3'600'000, 12 * 3'600'000));
  }
  if (u < 0.0205) return static_cast<uint32_t>(rng.Between(60'000, kMaxOnTimeDelayMs));
  return static_cast<uint32_t>(rng.Below(30'000));
}

}  // namespace

void DayGenerator::LocationEvents(PersonId s, EventBuffers& out) const {
  Rng rng = Rng::For(world_.seed, s, static_cast<uint64_t>(day_.day), kPurposeLocations);
  const DaySchedule& schedule = schedules_[s];
  auto emit = [&](int64_t ts, AreaId area) {
    Event e{};
    e.ts_ms = ts;
    e.a = s;
    e.cell = PickCell(world_, area, rng);
    e.delay_ms = LocationDelayMs(rng, &e.flags);
    e.flags |= DrawTsForm(rng, false);
    if ((e.flags & kLate) && MarksAMoment(world_, area)) {
      // What a real-time rule fires on arrives on time, so truth/moments.csv holds for the
      // records a consumer accepts.
      e.flags &= static_cast<uint8_t>(~kLate);
      e.delay_ms %= 30'000;
    }
    out[Feed::kLocations].push_back(e);
  };
  const int interval = static_cast<int>(rng.Between(150, 190));
  for (int minute = static_cast<int>(rng.Below(interval)); minute < kDayMinutes;
       minute += static_cast<int>(interval * (0.85 + 0.3 * rng.Uniform()))) {
    int64_t ts = day_.start_ms + int64_t{minute} * 60000 + static_cast<int64_t>(rng.Below(60000));
    AreaId area = schedule.AreaAt(minute);
    if (area != kInFlight) emit(ts, area);
  }
  for (int i = 1; i < schedule.count; ++i) {
    // A planted airport stop has its own arrival update (airport_events.cc).
    if (schedule.area[i] == kInFlight ||
        (schedule.airport != AirportVisit::kNone && i == schedule.airport_stop)) {
      continue;
    }
    // Within the stop's first five minutes, and within the stop; switched on after landing, a
    // phone registers before it does anything else.
    int minutes = std::min(5, schedule.EndMinute(i) - schedule.start_minute[i]);
    int64_t offset = static_cast<int64_t>(rng.Below(uint64_t(minutes) * 60000));
    if (schedule.area[i - 1] == kInFlight) offset = 0;
    emit(day_.start_ms + int64_t{schedule.start_minute[i]} * 60000 + offset, schedule.area[i]);
  }
}

Event DayGenerator::DataSession(PersonId s, Rng& rng, int64_t ts, AreaId area) const {
  const Person& p = world_.persons[s];
  const HostCatalog& hosts = world_.hosts;
  double u = rng.Uniform();
  int category;
  if (u < 0.52) {
    category = kGeneral;
  } else if (u < 0.55) {
    category = kUnlisted;
  } else if (u < 0.90) {
    category = p.interests[rng.Below(p.interest_count)];
  } else {
    do {
      category = static_cast<int>(rng.Below(kInterestCount));
    } while (std::find(p.interests, p.interests + p.interest_count, category) !=
             p.interests + p.interest_count);
  }
  const auto& candidates = hosts.ByCategory(category);
  uint32_t host = candidates[rng.Below(candidates.size())];
  Usage usage = CategoryUsage(category);
  double down = std::clamp(rng.LogNormal(usage.bytes_median, 1.2), 200.0, 4.0e9);
  double up = down * (0.02 + 0.13 * rng.Uniform()) + 200;
  double duration = std::clamp(rng.LogNormal(usage.duration_median_s, 0.9), 1.0, 7200.0);
  bool no_app = hosts.app(host).empty() || rng.Chance(0.07);
  CellIndex cell = PickCell(world_, area, rng);
  uint32_t delay = rng.Chance(0.01) ? static_cast<uint32_t>(rng.Between(120'000, 600'000))
                                    : static_cast<uint32_t>(rng.Between(5'000, 90'000));
  uint8_t form = DrawTsForm(rng, false);
  Event e{};
  e.ts_ms = ts;
  e.delay_ms = delay;
  e.a = s;
  e.b = host;
  e.cell = cell;
  e.v1 = static_cast<uint32_t>(duration);
  e.v2 = static_cast<uint32_t>(up);
  e.v3 = static_cast<uint32_t>(down);
  e.flags = static_cast<uint8_t>(form | (no_app ? kNoApp : 0));
  return e;
}

void DayGenerator::DataEvents(PersonId s, EventBuffers& out) const {
  Rng rng = Rng::For(world_.seed, s, static_cast<uint64_t>(day_.day), kPurposeData);
  const Person& p = world_.persons[s];
  int sessions = rng.Poisson(p.data_sessions * (weekend() ? 1.1 : 1.0));
  for (int k = 0; k < sessions; ++k) {
    bool dropped = rng.Chance(0.01);  // drawn first so a drop never shifts the other sessions
    int minute = DrawHour(rng) * 60 + static_cast<int>(rng.Below(60));
    int64_t ts = day_.start_ms + int64_t{minute} * 60000 + static_cast<int64_t>(rng.Below(60000));
    AreaId area = schedules_[s].AreaAt(minute);
    if (area == kInFlight) continue;  // phones are off on a plane
    Event e = DataSession(s, rng, ts, area);
    if (!dropped) out[Feed::kData].push_back(e);
  }
}

}  // namespace ripple::sim
