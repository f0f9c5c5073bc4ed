// Ground truth of the moments real-time rules fire on (DIR/truth/moments.csv, rows
// msisdn,moment,start_ts,end_ts in epoch ms, the feeds' clock):
// - airport_stay, airport_pass: a planted airport stop (schedule.h, AirportVisit) of a traveller
//   or of someone passing through; start and end are the person's first and last record on an
//   airport cell during it (calls and SMS they initiate, data, locations).
// - roaming_start: a trip abroad; start and end are its first and last record on a roaming cell
//   (area_id ROAM-...); the first is a location update. A trip is a run of such records with
//   gaps under a day: the schedule keeps trips more than a week apart.
// - handset_change: a devices record whose TAC differs from the subscriber's previous record;
//   start = end = its ts.
// Rows come from the events as generated. Dirty lines are added copies, never replacements, and
// no record on an airport or roaming cell is late (usage_events.cc), so every row holds on the
// records a consumer accepts.
//
// Use: each day, every worker Scan()s its own events into its own Sightings (concurrently), then
// one thread passes them all to EndDay with the day's schedules; rows() at the end.
// Thread-safety: Scan is const and may run concurrently; everything else from one thread.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/day_generator.h"
#include "sim/schedule.h"
#include "sim/world.h"

namespace ripple::sim {

enum class Moment : uint8_t { kAirportStay, kAirportPass, kRoamingStart, kHandsetChange };
std::string_view MomentName(Moment moment);

struct MomentRow {
  PersonId person;
  Moment moment;
  int64_t start_ms, end_ms;
};

class MomentTracker {
 public:
  // A record that may belong to a moment.
  struct Sighting {
    PersonId person;
    uint8_t kind;  // SightingKind
    int64_t ts_ms;
    uint64_t imei;  // devices only
    auto operator<=>(const Sighting&) const = default;
  };
  using Sightings = std::vector<Sighting>;

  explicit MomentTracker(const World& world);

  // Appends the sightings among one worker's events of the day to `out`.
  void Scan(const EventBuffers& events, Sightings& out) const;
  // Turns the day's sightings (one vector per worker, emptied) into rows.
  void EndDay(const std::vector<DaySchedule>& schedules, std::span<Sightings> sightings);

  // In order of start, then subscriber, then moment.
  std::vector<MomentRow> SortedRows() const;

 private:
  const World& world_;
  std::vector<uint8_t> cell_kind_;  // SightingKind of a record on each cell (0: none)
  std::vector<uint32_t> tac_;       // per subscriber: TAC of the last devices record, 0 before
  std::unordered_map<PersonId, size_t> trip_;  // per traveller: row of the latest trip
  std::vector<MomentRow> rows_;
};

}  // namespace ripple::sim
