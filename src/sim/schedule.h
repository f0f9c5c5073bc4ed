// Where a person is during one local day: a list of stops (start minute, area), the first at
// minute 0. Built from the person's role, the weekday and draws of Rng::For(seed, person, day,
// kPurposeSchedule), so any thread can rebuild any person's day identically.
//
// The model: nights at home (about 5 % of nights elsewhere; night-shift workers at work on
// weeknights); workers commute to their work area about 09:00-18:00 on weekdays, students to their
// campus; evenings and weekends sometimes at a mall, scenic spot, stadium or a friend's. Commutes
// pass through the person's transit ("other") area. Travel comes from its own stream
// (kPurposeTravel, one draw per person and day, so a day can look back at earlier days' trips):
// - on 0.36 % of days a 30-120 minute stop at a railway station;
// - on 0.24 % a 30-120 minute stop at the airport (AirportVisit::kTraveller); 30 % of the 70 %
//   that are departures fly abroad for 1-4 nights: the flight (kInFlight, no service), the rest
//   of the trip in a roaming area, the flight back, a 30-60 minute arrival stop at the airport
//   (kTraveller again), then home. A trip starts more than a week after the last one ended;
// - on 0.15 % a 2-6 minute pass through the airport (AirportVisit::kPass: a drop-off, a pick-up,
//   the airport express) with 10-30 minutes in transit on either side.
// Night-shift workers do not travel. At most one airport stop a day.
// Thread-safety: pure functions over an immutable World.
#pragma once

#include <cstdint>

#include "core/rng.h"
#include "sim/world.h"

namespace ripple::sim {

constexpr int kDayMinutes = 24 * 60;
// The area of a stop on a plane: no records, and calls do not reach the person.
constexpr AreaId kInFlight = kNone - 1;

enum class AirportVisit : uint8_t { kNone, kTraveller, kPass };

struct DaySchedule {
  static constexpr int kMaxStops = 14;
  uint8_t count = 0;
  AirportVisit airport = AirportVisit::kNone;  // the day's airport stop, if any
  uint8_t airport_stop = 0;                    // its index when airport != kNone
  uint16_t start_minute[kMaxStops];            // strictly increasing, start_minute[0] == 0
  AreaId area[kMaxStops];

  int EndMinute(int i) const { return i + 1 < count ? start_minute[i + 1] : kDayMinutes; }

  int StopAt(int minute) const {
    int i = count - 1;
    while (i > 0 && start_minute[i] > minute) --i;
    return i;
  }
  AreaId AreaAt(int minute) const { return area[StopAt(minute)]; }
};

// `day` is the 0-based simulated day; `weekday` 0 = Monday .. 6 = Sunday.
DaySchedule BuildDaySchedule(const World& world, PersonId person, int day, int weekday);

// Where the person sleeps in the night that starts on the evening of `day` (day -1 is the night
// before the first day).
AreaId NightArea(const World& world, PersonId person, int day);

// One of the area's cells: the primary cell about 60 % of the time, a neighbour otherwise.
// REQUIRES: area is a real area (not kInFlight).
inline CellIndex PickCell(const World& world, AreaId area, Rng& rng) {
  const Area& a = world.areas[area];
  if (a.cell_count <= 1 || rng.Chance(0.6)) return a.first_cell;
  return a.first_cell + 1 + static_cast<CellIndex>(rng.Below(a.cell_count - 1));
}

}  // namespace ripple::sim
