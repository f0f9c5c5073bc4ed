// The built-in derivations: facts about one subscriber that are methods, not formulas —
// where they live and work, what interests them, their handset, how they recharge, which
// channel they use. Each is documented in docs/tags.md ("Built-in derivations").
//
// DeriveProfile() computes them all for one subscriber from the reference tables, the
// subscriber state and the profile activity, into a DerivedProfile of plain values (ids, not
// strings, so the hot loop allocates nothing); the tag engine turns them into tag columns.
// Thread-safety: pure functions over immutable inputs.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "ingest/reference.h"
#include "profile/activity.h"
#include "state/subscriber_state.h"

namespace ripple::profile {

// Tunable thresholds of the derivations (defaults measured on the simulator, docs/tags.md).
struct DeriveOptions {
  // home: the area with the most night presence, weighted by this factor when it is residential
  double residential_prior = 1.3;
  // ... and by this share of its presence off work hours that is not at night (evenings, early
  // mornings, weekend days)
  double home_rest_weight = 0.5;
  double min_night_weight = 1.0;  // below it (decayed records at night) no home is named
  // work: a non-home area holding at least this share of the weekday 09-17 presence (or of the
  // night presence, for night shifts) and at least min_work_weight of it
  double min_work_share = 0.4;
  double min_work_weight = 3.0;
  int adult_age = 22;  // a weekday daytime place of someone younger is a place of study
  // interests: a category's share of the categorised non-general sessions, and its weight
  double min_interest_share = 0.08;
  double min_interest_weight = 3.0;
  // frequent area types (besides home and work): share of all located presence
  double min_area_type_share = 0.005;
  double min_area_type_weight = 2.0;
};

struct InterestScore {
  int16_t category;
  float score;  // the category's share of the subscriber's interest sessions, 0..1
};

struct AreaTypeShare {
  ingest::StringId area_type;
  float share;
};

struct DerivedProfile {
  CellId home_cell = ingest::kNoCell;
  CellId work_cell = ingest::kNoCell;   // adults only
  CellId study_cell = ingest::kNoCell;  // the same place for someone younger than adult_age
  float home_work_km = NAN;
  std::vector<AreaTypeShare> area_types;  // frequent area types besides home/work, by share
  std::vector<InterestScore> interests;   // held interests, by score
  const ingest::HandsetModel* handset = nullptr;
  float change_cycle_days = NAN;
  int preferred_channel = -1;  // index into ingest::Channel minus 1, -1 when no visit
  int preferred_daypart = -1;  // 0 night, 1 morning, 2 afternoon, 3 evening
};

struct DeriveContext {
  const ingest::ReferenceData* reference;
  const state::SubscriberState* state;
  const ProfileActivity* activity;
  std::vector<bool> general_category;  // by category index: not an interest (portals, …)
  int64_t as_of_day;
  DeriveOptions options;
};

// Fills `out` (reusing its vectors' capacity).
void DeriveProfile(const DeriveContext& ctx, SubscriberId s, DerivedProfile* out);

// Great-circle distance in km.
double DistanceKm(double lat1, double lon1, double lat2, double lon2);

// Age in whole years at the start of `as_of_day`'s year minus birth year; NaN if unknown.
double AgeAt(int64_t as_of_day, int birth_year);

}  // namespace ripple::profile
