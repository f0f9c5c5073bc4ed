// Ties: what one pair's contact aggregates say about the relationship — its features, its
// strength (0..1), its level, and its scene of life.
//
// Strength (docs/relations.md has the reasoning):
//   rate      = contacts (calls + SMS, both ways) per week over the pair's observed span
//               (capped at the decay horizon, half_life / ln 2 days)
//   frequency = 1 - exp(-rate / 3)            three contacts a week -> 0.63
//   duration  = 1 - exp(-talk_minutes_per_week / 15)
//   reciprocity = 2 * min(out, in) / (out + in)   0 one-way .. 1 balanced
//   regularity  = days with contact / days observed, over the last 7..28 days
//   recency     = 2^-(days since the last contact / 14)
//   strength  = recency * (0.35 frequency + 0.20 duration + 0.20 reciprocity + 0.25 regularity)
// Levels cut strength at RelationsSettings' thresholds (intimate, close, regular; shallow below).
// Thread-safety: pure functions and plain values.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/config.h"
#include "graph/contact_graph.h"

namespace ripple::graph {

enum class TieLevel : uint8_t { kShallow = 0, kRegular = 1, kClose = 2, kIntimate = 3 };
enum class Scene : uint8_t { kOther = 0, kFamily = 1, kWork = 2, kFriend = 3, kService = 4 };
std::string_view TieLevelName(TieLevel level);
std::string_view SceneName(Scene scene);

struct TieFeatures {
  float contacts = 0;  // decayed calls + SMS, both ways, as of the as-of day
  float calls = 0;
  float rate_per_week = 0;
  float talk_minutes_per_week = 0;
  float typical_call_s = 0;  // geometric mean duration of answered calls
  float reciprocity = 0;
  float regularity = 0;
  float active_days = 0;  // distinct days with contact in the last <= 28 days
  float recency_days = 0;
  float slot_share[kTimeSlots] = {0, 0, 0, 0};  // share of contacts per TimeSlot
  float sms_share = 0;
  float frequency = 0, duration = 0, recency = 0;  // strength components
  float strength = 0;
};

// REQUIRES: as_of_day >= p.last_day (the graph's newest day).
TieFeatures ComputeTieFeatures(const PairStats& p, int32_t as_of_day, double half_life_days);
TieLevel LevelOf(float strength, const RelationsSettings& settings);

}  // namespace ripple::graph
