#include "sim/moments.h"

#include <algorithm>

#include "core/time.h"

namespace ripple::sim {
namespace {

enum SightingKind : uint8_t { kNothing, kAirport, kAirportData, kRoaming, kDevice };

constexpr std::string_view kMomentNames[] = {"airport_stay", "airport_pass", "roaming_start",
                                             "handset_change"};

uint32_t Tac(uint64_t imei) { return static_cast<uint32_t>(imei / 10'000'000); }

}  // namespace

std::string_view MomentName(Moment moment) { return kMomentNames[static_cast<int>(moment)]; }

MomentTracker::MomentTracker(const World& world)
    : world_(world), cell_kind_(world.cells.size(), kNothing), tac_(world.subscribers, 0) {
  for (CellIndex c = 0; c < world.cells.size(); ++c) {
    AreaId a = world.cells[c].area;
    if (world.IsRoaming(a)) {
      cell_kind_[c] = kRoaming;
    } else if (world.areas[a].type == AreaType::kAirport) {
      cell_kind_[c] = kAirport;
    }
  }
}

void MomentTracker::Scan(const EventBuffers& events, Sightings& out) const {
  for (Feed feed : {Feed::kCalls, Feed::kSms, Feed::kData, Feed::kLocations}) {
    const EventLog& log = events.feed[static_cast<int>(feed)];
    for (size_t i = 0; i < log.size(); ++i) {
      const Event& e = log[i];
      if (e.flags & kNoCell) continue;
      uint8_t kind = cell_kind_[e.cell];
      if (kind == kNothing) continue;
      if (kind == kAirport && feed == Feed::kData) kind = kAirportData;
      out.push_back({e.a, kind, e.ts_ms, 0});  // the cell is e.a's: caller, sender, subscriber
    }
  }
  const EventLog& devices = events.feed[static_cast<int>(Feed::kDevices)];
  for (size_t i = 0; i < devices.size(); ++i) {
    out.push_back({devices[i].a, kDevice, devices[i].ts_ms, devices[i].imei()});
  }
}

void MomentTracker::EndDay(const std::vector<DaySchedule>& schedules,
                           std::span<Sightings> sightings) {
  Sightings all;
  for (Sightings& s : sightings) {
    all.insert(all.end(), s.begin(), s.end());
    s.clear();
  }
  std::sort(all.begin(), all.end());  // by person, kind, time: the same for any split
  size_t i = 0;
  while (i < all.size()) {
    const PersonId p = all[i].person;
    int64_t first_airport = INT64_MAX, last_airport = INT64_MIN;
    for (; i < all.size() && all[i].person == p; ++i) {
      const Sighting& s = all[i];
      switch (s.kind) {
        case kAirport:
        case kAirportData:
          first_airport = std::min(first_airport, s.ts_ms);
          last_airport = std::max(last_airport, s.ts_ms);
          break;
        case kRoaming: {
          auto [it, fresh] = trip_.try_emplace(p, rows_.size());
          if (!fresh && s.ts_ms - rows_[it->second].end_ms < kMillisPerDay) {
            rows_[it->second].end_ms = s.ts_ms;
          } else {
            it->second = rows_.size();
            rows_.push_back({p, Moment::kRoamingStart, s.ts_ms, s.ts_ms});
          }
          break;
        }
        case kDevice: {
          const uint32_t tac = Tac(s.imei);
          if (tac_[p] != 0 && tac_[p] != tac) {
            rows_.push_back({p, Moment::kHandsetChange, s.ts_ms, s.ts_ms});
          }
          tac_[p] = tac;
          break;
        }
      }
    }
    if (first_airport == INT64_MAX) continue;
    // One airport stop a day at most, so all of the day's airport records are that stop's.
    switch (schedules[p].airport) {
      case AirportVisit::kTraveller:
        rows_.push_back({p, Moment::kAirportStay, first_airport, last_airport});
        break;
      case AirportVisit::kPass:
        rows_.push_back({p, Moment::kAirportPass, first_airport, last_airport});
        break;
      case AirportVisit::kNone:  // never: only planted stops go to the airport
        break;
    }
  }
}

std::vector<MomentRow> MomentTracker::SortedRows() const {
  std::vector<MomentRow> rows = rows_;
  std::sort(rows.begin(), rows.end(), [](const MomentRow& a, const MomentRow& b) {
    if (a.start_ms != b.start_ms) return a.start_ms < b.start_ms;
    if (a.person != b.person) return a.person < b.person;
    return a.moment < b.moment;
  });
  return rows;
}

}  // namespace ripple::sim
