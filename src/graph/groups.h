// Scene groups — households (family ties) and work circles (work ties) — as a partition of
// parties. On-net people form the core: a union-find over ties of the scene whose two ends
// share the relevant area (home area for households, work area for work circles), so that a
// family tie to a relative's household elsewhere, or a work tie to a client, does not merge two
// groups. A party outside the core (an off-net number, or someone whose area is unknown) joins
// the group it has the most ties of the scene to (ties: the strongest sum). Groups of one are
// dropped.
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "graph/relations.h"

namespace ripple::graph {

struct GroupInputs {
  size_t parties = 0;
  size_t subscribers = 0;                               // parties below this are on-net
  std::span<const std::pair<uint32_t, uint32_t>> ends;  // per tie
  std::span<const Scene> scenes;                        // per tie
  std::span<const float> strengths;                     // per tie
  std::span<const uint32_t> area;  // per subscriber: home or work area, kNone if unknown
  Scene scene = Scene::kFamily;
  float min_strength = 0;         // weaker ties of the scene are ignored
  double linkage = 0.5;           // share of cross pairs tied for two groups to merge
  uint32_t bridge_ties = 0;       // then: groups with at least this many ties between them merge,
  float bridge_min_strength = 0;  // one of them at least this strong
  // A party outside the core joins a group when tied to linkage x its size, or to this many.
  double attach_max_ties = 1e9;
};

// Group index per party (kNone outside any group); groups numbered densely by their smallest
// member. `*count` gets the number of groups.
std::vector<uint32_t> GroupByScene(const GroupInputs& in, uint32_t* count);

}  // namespace ripple::graph
