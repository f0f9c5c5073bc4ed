#include "sim/schedule.h"

#include <algorithm>
#include <initializer_list>

#include "sim/random_streams.h"

namespace ripple::sim {
namespace {

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

struct Segment {
  int minute;
  AreaId area;
};

// Replaces [from, to) of `base` with `segments` (the first at `from`), resuming the base plan at
// `to` unless to >= kDayMinutes. Base stops before `from` are kept only while they leave room for
// the segments and the resumption, so those are never lost to the stop limit.
DaySchedule Splice(const DaySchedule& base, int from, int to,
                   std::initializer_list<Segment> segments) {
  const int room = DaySchedule::kMaxStops - static_cast<int>(segments.size()) - 1;
  StopList stops(base.area[0]);
  for (int i = 1; i < base.count && base.start_minute[i] < from && i < room; ++i) {
    stops.Add(base.start_minute[i], base.area[i]);
  }
  for (const Segment& s : segments) stops.Add(s.minute, s.area);
  if (to >= kDayMinutes) return stops.schedule();
  stops.Add(to, base.AreaAt(to));
  for (int i = 1; i < base.count; ++i) {
    if (base.start_minute[i] > to) stops.Add(base.start_minute[i], base.area[i]);
  }
  return stops.schedule();
}

// Replaces [start, start + dwell) with a stop at `area`, resuming the original plan afterwards.
DaySchedule Overlay(const DaySchedule& base, int start, int dwell, AreaId area) {
  return Splice(base, start, std::min(start + dwell, kDayMinutes - 1), {{start, area}});
}

constexpr double kRailwayRate = 0.0036;
constexpr double kAirportRate = 0.0024;
constexpr double kPassRate = 0.0015;
constexpr int kMaxNightsAbroad = 4;
constexpr int kWeek = 7;

// What the travel stream draws for a person's day, before trips are reconciled across days.
struct TravelDraw {
  enum Kind : uint8_t { kStay, kRailway, kAirport, kPass };
  Kind kind = kStay;
  AreaId hub = kNone;
  int start = 0;  // minute the stop at the hub begins
  int dwell = 0;  // its minutes
  // kAirport: a departure abroad.
  bool abroad = false;
  int nights = 0;           // back on day + nights
  uint8_t destination = 0;  // index of RoamingDestinations()
  int return_takeoff = 0;   // minute of the flight back on the day back
  int arrival_dwell = 0;    // minutes at the airport after landing
  int home_travel = 0;      // minutes from the airport home
  // kPass: minutes in transit before and after.
  int lead = 0, tail = 0;
};

TravelDraw DrawTravel(const World& world, PersonId person, int day) {
  TravelDraw t;
  if (day < 0 || world.persons[person].role == Role::kNightWorker) return t;
  Rng rng = Rng::For(world.seed, person, static_cast<uint64_t>(day), kPurposeTravel);
  const double u = rng.Uniform();
  if (u >= kRailwayRate + kAirportRate + kPassRate) return t;
  const int region = static_cast<int>(rng.Below(Regions().size()));
  if (u < kRailwayRate) {
    t.kind = TravelDraw::kRailway;
    t.hub = PickArea(world, AreaType::kRailway, region, rng.Next());
    t.start = static_cast<int>(rng.Between(6 * 60, 20 * 60));
    t.dwell = static_cast<int>(rng.Between(30, 120));
  } else if (u < kRailwayRate + kAirportRate) {
    t.kind = TravelDraw::kAirport;
    t.hub = PickArea(world, AreaType::kAirport, region, rng.Next());
    t.abroad = rng.Chance(0.7) && rng.Chance(0.3);  // departures, of which some go abroad
    if (t.abroad) {
      // Early enough to land abroad the same evening; back by mid-evening.
      t.start = static_cast<int>(rng.Between(6 * 60, 15 * 60));
      t.dwell = static_cast<int>(rng.Between(60, 120));
      t.destination = static_cast<uint8_t>(rng.Below(RoamingDestinations().size()));
      t.nights = static_cast<int>(rng.Between(1, kMaxNightsAbroad));
      t.return_takeoff = static_cast<int>(rng.Between(8 * 60, 16 * 60));
      t.arrival_dwell = static_cast<int>(rng.Between(30, 60));
      t.home_travel = static_cast<int>(rng.Between(30, 60));
    } else {
      t.start = static_cast<int>(rng.Between(6 * 60, 20 * 60));
      t.dwell = static_cast<int>(rng.Between(30, 120));
    }
  } else {
    t.kind = TravelDraw::kPass;
    t.hub = PickArea(world, AreaType::kAirport, region, rng.Next());
    t.start = static_cast<int>(rng.Between(7 * 60, 21 * 60));
    t.dwell = static_cast<int>(rng.Between(2, 6));
    t.lead = static_cast<int>(rng.Between(10, 30));
    t.tail = static_cast<int>(rng.Between(10, 30));
  }
  return t;
}

// A trip drawn for `day` happens unless a trip drawn for an earlier day has the person back a
// week or less before it (drawn, not happened: a cheap rule that needs no look-back beyond
// kMaxNightsAbroad + kWeek days). So a trip's first record abroad comes more than a week after
// the last one's: "the first roaming record after a week" marks every trip.
bool TripHappens(const World& world, PersonId person, int day) {
  for (int j = 1; j <= kMaxNightsAbroad + kWeek; ++j) {
    TravelDraw earlier = DrawTravel(world, person, day - j);
    if (earlier.abroad && day - j + earlier.nights >= day - kWeek) return false;
  }
  return true;
}

struct Trip {
  int departure_day = -1;  // -1: not travelling
  TravelDraw draw;
};

// The trip abroad the person is on during `day`, the day of departure included (at most one).
Trip TripOn(const World& world, PersonId person, int day) {
  for (int j = 0; j <= kMaxNightsAbroad; ++j) {
    TravelDraw t = DrawTravel(world, person, day - j);
    if (t.abroad && day - j + t.nights >= day && TripHappens(world, person, day - j)) {
      return {day - j, t};
    }
  }
  return {};
}

int FlightMinutes(const TravelDraw& t) {
  return RoamingDestinations()[t.destination].flight_minutes;
}
AreaId RoamingArea(const World& world, const TravelDraw& t) {
  return world.first_roaming_area + t.destination;
}

// Marks the day's airport stop, or returns false when the stop limit or a clash of times spoilt
// it (the caller then keeps the day without it).
bool MarkAirportStop(DaySchedule& d, const World& world, AirportVisit visit) {
  int i = 1;
  while (i < d.count &&
         (d.area[i] == kInFlight || world.areas[d.area[i]].type != AreaType::kAirport)) {
    ++i;
  }
  if (i == d.count) return false;
  const int minutes = d.EndMinute(i) - d.start_minute[i];
  if (visit == AirportVisit::kTraveller && minutes < 25) return false;
  if (visit == AirportVisit::kPass) {
    // Clearly bounded: 2-6 minutes, with ten minutes or more elsewhere on either side.
    if (minutes < 2 || minutes > 6 || i + 1 >= d.count) return false;
    if (d.start_minute[i] - d.start_minute[i - 1] < 10 ||
        d.EndMinute(i + 1) - d.EndMinute(i) < 10) {
      return false;
    }
  }
  d.airport = visit;
  d.airport_stop = static_cast<uint8_t>(i);
  return true;
}

// The day of departure: the usual day up to the airport, the flight, then abroad.
DaySchedule DepartureDay(const World& world, const DaySchedule& base, const TravelDraw& t) {
  const int takeoff = t.start + t.dwell;
  return Splice(base, t.start, kDayMinutes,
                {{t.start, t.hub},
                 {takeoff, kInFlight},
                 {takeoff + FlightMinutes(t), RoamingArea(world, t)}});
}

// The day back: abroad, the flight, the airport, home.
DaySchedule ReturnDay(const World& world, const Person& p, const TravelDraw& t) {
  StopList stops(RoamingArea(world, t));
  const int landing = t.return_takeoff + FlightMinutes(t);
  stops.Add(t.return_takeoff, kInFlight);
  stops.Add(landing, t.hub);
  stops.Add(landing + t.arrival_dwell, p.transit_area);
  stops.Add(landing + t.arrival_dwell + t.home_travel, p.home_area);
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

  const Trip trip = TripOn(world, person, day);
  if (trip.departure_day >= 0 && trip.departure_day < day) {
    if (day < trip.departure_day + trip.draw.nights) {
      return StopList(RoamingArea(world, trip.draw)).schedule();
    }
    DaySchedule d = ReturnDay(world, p, trip.draw);
    MarkAirportStop(d, world, AirportVisit::kTraveller);  // 30-60 minutes: always marked
    return d;
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
  const DaySchedule base = stops.schedule();
  TravelDraw t = trip.departure_day == day ? trip.draw : DrawTravel(world, person, day);
  DaySchedule schedule = base;
  switch (t.kind) {
    case TravelDraw::kStay:
      break;
    case TravelDraw::kRailway:
      schedule = Overlay(base, t.start, t.dwell, t.hub);
      break;
    case TravelDraw::kAirport:
      if (trip.departure_day == day) {
        schedule = DepartureDay(world, base, t);
        MarkAirportStop(schedule, world, AirportVisit::kTraveller);  // 60-120 min: always marked
      } else {
        // A domestic flight or seeing someone off (or a trip abroad too close to the last one).
        schedule = Overlay(base, t.start, t.dwell, t.hub);
        if (!MarkAirportStop(schedule, world, AirportVisit::kTraveller)) schedule = base;
      }
      break;
    case TravelDraw::kPass: {
      const int end = t.start + t.dwell;
      schedule =
          Splice(base, t.start - t.lead, end + t.tail,
                 {{t.start - t.lead, p.transit_area}, {t.start, t.hub}, {end, p.transit_area}});
      if (!MarkAirportStop(schedule, world, AirportVisit::kPass)) schedule = base;
      break;
    }
  }
  return schedule;
}

}  // namespace ripple::sim
