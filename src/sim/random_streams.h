// Names of the simulator's random sub-streams. Every draw comes from
// Rng::For(seed, entity, day, purpose) with one of these purposes, so a person's day is the same
// whatever order or thread generates it, and adding a new kind of draw never shifts old ones.
// Thread-safety: constants.
#pragma once

#include <cstdint>

namespace ripple::sim {

enum Purpose : uint64_t {
  // World building (entity 0, day 0): sequential streams, built on one thread.
  kPurposeGeography = 1,
  kPurposeHouseholds,
  kPurposeWorkplaces,
  kPurposeCircles,
  kPurposeTies,
  kPurposeWeakContacts,
  kPurposeNumbers,
  // Per person and day.
  kPurposeNight,  // entity person, day = night index
  kPurposeSchedule,
  kPurposeLocations,
  kPurposeData,
  kPurposeService,
  kPurposeWeakCalls,
  kPurposeDevice,
  kPurposeAccount,  // recharges, orders, visits
  // Per tie and day (entity = tie index).
  kPurposeTie,
  // Dirty data (entity = feed, day = position): independent of the clean world.
  kPurposeDirty,
  // Per person and day, added later (appended so that no older stream moves).
  kPurposeTravel,   // stops at a station or the airport, trips abroad (schedule.h)
  kPurposeAirport,  // the records of a planted airport stop
};

}  // namespace ripple::sim
