// Generates one simulated day of events for a range of subscribers.
//
// Every event has one owner subscriber whose generation produces it: per-subscriber feeds are
// owned by their msisdn; a tie's calls and SMS by the tie's lower-numbered (on-net) member; weak
// contact, stranger and service traffic by the subscriber concerned. An owner's events come from
// sub-streams named by (seed, owner or tie, day, purpose), so the output for a subscriber does not
// depend on which thread runs it or in which order. Within one owner and feed, event times are
// made distinct so that no two clean records are identical.
// Thread-safety: Generate may run concurrently for different subscribers; it writes only to the
// caller's EventBuffers and to imeis[s] of the subscriber it is given.
#pragma once

#include <cstdint>
#include <vector>

#include "core/rng.h"
#include "sim/event_log.h"
#include "sim/events.h"
#include "sim/schedule.h"
#include "sim/world.h"

namespace ripple::sim {

struct DayInfo {
  int day = 0;           // 0-based simulated day
  int weekday = 0;       // 0 = Monday
  int64_t start_ms = 0;  // local midnight, epoch ms
};

struct EventBuffers {
  EventLog feed[kFeedCount];
  EventLog& operator[](Feed f) { return feed[static_cast<int>(f)]; }
  void Clear() {
    for (auto& v : feed) v.clear();
  }
};

class DayGenerator {
 public:
  // `schedules[s]` is subscriber s's schedule for the day; `imeis[s]` the handset in use (0 before
  // the first day), updated when the subscriber changes handset.
  DayGenerator(const World& world, const std::vector<DaySchedule>& schedules, const DayInfo& day,
               std::vector<uint64_t>& imeis)
      : world_(world), schedules_(schedules), day_(day), imeis_(imeis) {}

  void Generate(PersonId s, EventBuffers& out) const;

 private:
  // comm_events.cc
  void TieEvents(PersonId s, EventBuffers& out) const;
  void ContactEvents(PersonId s, EventBuffers& out) const;
  void ServiceEvents(PersonId s, EventBuffers& out) const;
  void AddCall(EventBuffers& out, Rng& rng, PartyId caller, PartyId callee, int64_t ts,
               double median_s, double sigma) const;
  void AddSms(EventBuffers& out, Rng& rng, PartyId sender, PartyId receiver, int64_t ts) const;
  // The fields a call and an SMS share: times, parties, the initiator's cell.
  Event CommEvent(Rng& rng, PartyId from, PartyId to, int64_t ts) const;
  // usage_events.cc
  void LocationEvents(PersonId s, EventBuffers& out) const;
  void DataEvents(PersonId s, EventBuffers& out) const;
  // A data session of s at `ts` in `area` (REQUIRES: a real area), to the hosts s usually visits.
  Event DataSession(PersonId s, Rng& rng, int64_t ts, AreaId area) const;
  // airport_events.cc: the records that make a planted airport stop observable.
  void AirportEvents(PersonId s, EventBuffers& out) const;
  // account_events.cc
  void DeviceEvents(PersonId s, EventBuffers& out) const;
  void AccountEvents(PersonId s, EventBuffers& out) const;

  // The on-net person's serving cell at `ts` (which lies within the day); kNone in flight.
  CellIndex CellAt(PersonId p, int64_t ts, Rng& rng) const;
  // Where a party is at `ts`: its schedule's area when on-net, kNone for everyone else.
  AreaId AreaAt(PartyId p, int64_t ts) const {
    if (!world_.IsOnNet(p)) return kNone;
    return schedules_[p].AreaAt(static_cast<int>((ts - day_.start_ms) / 60000));
  }
  // A random instant in [from_minute, to_minute) of the day, with millisecond or second
  // resolution.
  int64_t TimeIn(Rng& rng, int from_minute, int to_minute) const {
    return day_.start_ms + int64_t{from_minute} * 60000 +
           static_cast<int64_t>(rng.Below(uint64_t(to_minute - from_minute) * 60000));
  }
  int64_t SecondIn(Rng& rng, int from_minute, int to_minute) const {
    return day_.start_ms + int64_t{from_minute} * 60000 +
           static_cast<int64_t>(rng.Below(uint64_t(to_minute - from_minute) * 60)) * 1000;
  }
  bool weekend() const { return day_.weekday >= 5; }

  const World& world_;
  const std::vector<DaySchedule>& schedules_;
  DayInfo day_;
  std::vector<uint64_t>& imeis_;
};

// Timestamp form of a new event: epoch-ms feeds write ~5 % ISO, ISO feeds ~5 % epoch ms; a tenth
// of ISO timestamps are written in UTC.
inline uint8_t DrawTsForm(Rng& rng, bool iso_mostly) {
  bool iso = rng.Chance(iso_mostly ? 0.95 : 0.05);
  if (!iso) return 0;
  return rng.Chance(0.1) ? (kIsoTs | kUtcTs) : kIsoTs;
}

}  // namespace ripple::sim
