#include "sim/schedule.h"

#include <algorithm>

#include "sim/random_streams.h"

namespace ripple::sim {
namespace {

constexpr int kDayMinutes = 24 * 60;

// Appends stops in time order; a stop at or before the last start replaces nothing and is moved
// one minute later, a stop at the area already current is dropped.
class StopList {
 public:
  explicit StopList(AreaId first) {
    s_.start_minute[0] = 0;
    s_.area[0] = first;
    s_.count = 1;
  }
  int last_minute() const { return s_.start_minute[s_.count - 1]; }
  void Add(int minute, AreaId area) {
    minute = std::max(minute, last_minute() + 1);
    if (minute >= kDayMinutes || area == s_.area[s_.count - 1]) return;
    if (s_.count == DaySchedule::kMaxStops) return;
    s_.start_minute[s_.count] = static_cast<uint16_t>(minute);
    s_.area[s_.count] = area;
    ++s_.count;
  }
  const DaySchedule& schedule() const { return s_; }

 private:
  DaySchedule s_;
};

AreaId LeisureArea(const World& world, const Person& p, Rng& rng, bool weekend) {
  double u = rng.Uniform();
  AreaType type = u < 0.42                      ? AreaType::kMall
                  : u < (weekend ? 0.67 : 0.55) ? AreaType::kScenic
                  : u < (weekend ? 0.75 : 0.62) ? AreaType::kStadium
                  : u < (weekend ? 0.78 : 0.70) ? AreaType::kHospital
                  : u < (weekend ? 0.85 : 0.75) ? AreaType::kResidential
                                                : AreaType::kOther;
  int region = rng.Chance(0.75) ? p.region : static_cast<int>(rng.Below(Regions().size()));
  return PickArea(world, type, region, rng.Next());
}

// An outing from home: travel, stay, travel back home.
void AddOuting(StopList& stops, const World& world, const Person& p, Rng& rng, int leave,
               bool weekend) {
  int travel = static_cast<int>(rng.Between(15, 45));
  stops.Add(leave, p.transit_area);
  int arrive = leave + travel;
  stops.Add(arrive, LeisureArea(world, p, rng, weekend));
  int back = arrive + static_cast<int>(rng.Between(60, 240));
  stops.Add(back, p.transit_area);
  stops.Add(back + travel, p.home_area);
}

// A commute to the day area and back, with an optional lunch out and evening outing.
void AddWorkday(StopList& stops, const World& world, const Person& p, Rng& rng, bool student) {
  int leave = student ? 7 * 60 + static_cast<int>(rng.Between(0, 45))
                      : 7 * 60 + 30 + static_cast<int>(rng.Between(-45, 60));
  int commute = static_cast<int>(student ? rng.Between(15, 40) : rng.Between(20, 60));
  stops.Add(leave, p.transit_area);
  stops.Add(leave + commute, p.day_area);
  if (!student && rng.Chance(0.15)) {
    int lunch = 12 * 60 + static_cast<int>(rng.Between(0, 30));
    stops.Add(lunch, PickArea(world, AreaType::kMall, world.areas[p.day_area].region, rng.Next()));
    stops.Add(lunch + static_cast<int>(rng.Between(40, 75)), p.day_area);
  }
  int end = student ? 16 * 60 + 30 + static_cast<int>(rng.Between(-30, p.age >= 18 ? 150 : 60))
                    : 18 * 60 + static_cast<int>(rng.Between(-45, 90));
  stops.Add(end, p.transit_area);
  int home = end + static_cast<int>(rng.Between(20, 60));
  if (rng.Chance(student ? 0.1 : 0.2)) {
    stops.Add(home, LeisureArea(world, p, rng, false));
    int back = home + static_cast<int>(rng.Between(60, 180));
    stops.Add(back, p.transit_area);
    home = back + static_cast<int>(rng.Between(20, 40));
  }
  stops.Add(home, p.home_area);
}

// Replaces [start, start + dwell) with a stop at `area`, resuming the original plan afterwards.
DaySchedule Overlay(const DaySchedule& base, int start, int dwell, AreaId area) {
  int end = std::min(start + dwell, kDayMinutes - 1);
  StopList stops(base.area[0]);
  for (int i = 1; i < base.count && base.start_minute[i] < start; ++i) {
    stops.Add(base.start_minute[i], base.area[i]);
  }
  stops.Add(start, area);
  stops.Add(end, base.AreaAt(end));
  for (int i = 1; i < base.count; ++i) {
    if (base.start_minute[i] > end) stops.Add(base.start_minute[i], base.area[i]);
  }
  return stops.schedule();
}

}  // namespace

AreaId NightArea(const World& world, PersonId person, int day) {
  Rng rng = Rng::For(world.seed, person, static_cast<uint64_t>(day + 1), kPurposeNight);
  const Person& p = world.persons[person];
  if (!rng.Chance(0.05)) return p.home_area;
  AreaType type = rng.Chance(0.7) ? AreaType::kResidential : AreaType::kOther;
  return PickArea(world, type, p.region, rng.Next());
}

DaySchedule BuildDaySchedule(const World& world, PersonId person, int day, int weekday) {
  Rng rng = Rng::For(world.seed, person, static_cast<uint64_t>(day), kPurposeSchedule);
  const Person& p = world.persons[person];
  const bool weekend = weekday >= 5;

  if (p.role == Role::kNightWorker) {
    // Night shifts run 22:00-06:30 from Monday to Friday evenings.
    bool shift_ended_this_morning = weekday >= 1 && weekday <= 5;  // Tue..Sat mornings
    bool shift_starts_tonight = weekday <= 4;
    StopList stops(shift_ended_this_morning ? p.day_area : NightArea(world, person, day - 1));
    if (shift_ended_this_morning) {
      int leave = 6 * 60 + 30 + static_cast<int>(rng.Between(0, 20));
      stops.Add(leave, p.transit_area);
      stops.Add(leave + static_cast<int>(rng.Between(20, 50)), p.home_area);
    }
    if (weekend && rng.Chance(0.5)) {
      AddOuting(stops, world, p, rng, static_cast<int>(rng.Between(14 * 60, 17 * 60)), true);
    }
    if (shift_starts_tonight) {
      int leave = 21 * 60 + static_cast<int>(rng.Between(0, 20));
      stops.Add(leave, p.transit_area);
      stops.Add(leave + static_cast<int>(rng.Between(20, 40)), p.day_area);
    }
    return stops.schedule();
  }

  StopList stops(NightArea(world, person, day - 1));
  bool works_today = (p.role == Role::kWorker && (!weekend || (weekday == 5 && rng.Chance(0.1)))) ||
                     (p.role == Role::kStudent && !weekend);
  if (works_today) {
    AddWorkday(stops, world, p, rng, p.role == Role::kStudent);
  } else {
    // A night away ends with a trip home in the morning.
    if (stops.schedule().area[0] != p.home_area) {
      stops.Add(8 * 60 + static_cast<int>(rng.Between(0, 120)), p.home_area);
    }
    if (rng.Chance(weekend ? 0.6 : 0.45)) {
      AddOuting(stops, world, p, rng, static_cast<int>(rng.Between(9 * 60, 15 * 60)), weekend);
    }
    if (weekend && rng.Chance(0.2)) {
      AddOuting(stops, world, p, rng, static_cast<int>(rng.Between(18 * 60 + 30, 20 * 60)), true);
    }
  }
  AreaId tonight = NightArea(world, person, day);
  if (tonight != p.home_area) {
    stops.Add(std::max(stops.last_minute() + 30, 21 * 60 + static_cast<int>(rng.Between(0, 90))),
              tonight);
  }
  DaySchedule schedule = stops.schedule();
  if (rng.Chance(0.006)) {
    AreaType type = rng.Chance(0.4) ? AreaType::kAirport : AreaType::kRailway;
    int region = static_cast<int>(rng.Below(Regions().size()));
    AreaId hub = PickArea(world, type, region, rng.Next());
    int start = static_cast<int>(rng.Between(6 * 60, 20 * 60));
    schedule = Overlay(schedule, start, static_cast<int>(rng.Between(30, 120)), hub);
  }
  return schedule;
}

}  // namespace ripple::sim
