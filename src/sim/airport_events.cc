// The records that make a planted airport stop (schedule.h, AirportVisit) observable, drawn from
// Rng::For(seed, person, day, kPurposeAirport):
// - a traveller (30-120 minutes, leaving or arriving): a location update within two minutes of
//   arriving; while waiting, a data session or a handover between the airport's cells every 4-14
//   minutes (at least one session); a location update in the last five minutes (one minute
//   before leaving at the latest). So the records on airport cells span the stop's length less
//   at most seven minutes (23 minutes or more) and are never 18 minutes apart: a consumer that
//   takes a long silence for the end of a stay (cep: 30 minutes) still sees one stay.
// - a pass (2-6 minutes): a location update on entering, a data session half the time and a
//   second location update a quarter of the time, all within the stop; and location updates on
//   the cells around it, 2-10 minutes before and 1-10 minutes after, so the visit is bounded on
//   the feeds.
// The person's ordinary calls, texts and sessions at the time fall on airport cells as well.
// Locations arrive within 30 s and sessions within ten minutes: never late.
#include <algorithm>

#include "core/time.h"
#include "sim/day_generator.h"
#include "sim/random_streams.h"

namespace ripple::sim {

void DayGenerator::AirportEvents(PersonId s, EventBuffers& out) const {
  const DaySchedule& d = schedules_[s];
  if (d.airport == AirportVisit::kNone) return;
  Rng rng = Rng::For(world_.seed, s, static_cast<uint64_t>(day_.day), kPurposeAirport);
  const int i = d.airport_stop;
  const AreaId hub = d.area[i];
  const int64_t start = day_.start_ms + int64_t{d.start_minute[i]} * kMillisPerMinute;
  const int64_t end = day_.start_ms + int64_t{d.EndMinute(i)} * kMillisPerMinute;
  // A time in [lo, hi).
  auto time_in = [&](int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(rng.Below(static_cast<uint64_t>(hi - lo)));
  };
  auto location = [&](int64_t ts, AreaId area) {
    Event e{};
    e.ts_ms = ts;
    e.a = s;
    e.cell = PickCell(world_, area, rng);
    e.delay_ms = static_cast<uint32_t>(rng.Below(30'000));
    e.flags = DrawTsForm(rng, false);
    out[Feed::kLocations].push_back(e);
  };
  auto session = [&](int64_t ts) { out[Feed::kData].push_back(DataSession(s, rng, ts, hub)); };

  if (d.airport == AirportVisit::kTraveller) {
    location(time_in(start, start + 2 * kMillisPerMinute), hub);
    // Waiting: a session (60 %) or a handover update every 4-14 minutes, a session first. A
    // first step lands by minute 16 and the stop lasts 25 minutes or more, so it always fits.
    int64_t t = start + 2 * kMillisPerMinute;
    for (bool first = true;; first = false) {
      t += time_in(4 * kMillisPerMinute, 14 * kMillisPerMinute);
      if (!first && t >= end - 5 * kMillisPerMinute) break;
      if (first || rng.Chance(0.6)) {
        session(t);
      } else {
        location(t, hub);
      }
    }
    location(time_in(end - 5 * kMillisPerMinute, end - kMillisPerMinute), hub);
    return;
  }
  location(time_in(start, std::min(end, start + 2 * kMillisPerMinute)), hub);
  if (rng.Chance(0.5)) session(time_in(start, end));
  if (rng.Chance(0.25)) location(time_in(start, end), hub);
  // The schedule keeps the person in transit for ten minutes or more on either side.
  const int64_t before = start - time_in(2 * kMillisPerMinute, 10 * kMillisPerMinute);
  location(before, AreaAt(s, before));
  const int64_t after = end + time_in(kMillisPerMinute, 10 * kMillisPerMinute);
  location(after, AreaAt(s, after));
}

}  // namespace ripple::sim
