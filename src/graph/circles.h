// Circles from partitions of the parties: communities of the tie graph, households, work
// circles and friend (interest) circles, each with members, roles, leader, density, scene,
// dominant interest and off-net count; then each subscriber's relationship labels.
//   leader: the member with the most tie strength inside the circle (ties: more influence)
//   bridge (communities only): >= 30 % of its tie strength leads outside its community, to at
//     least two other communities
//   dominant interest: a host category held by >= half (and >= 2) of the on-net members
// Minimum sizes: community 3, household 2, work 2, interest 3.
// Thread-safety: pure functions.
#pragma once

#include <span>
#include <vector>

#include "core/config.h"
#include "graph/relations.h"
#include "graph/weighted_graph.h"

namespace ripple::graph {

struct CircleInputs {
  const WeightedGraph* tie_graph;  // without service ties
  const std::vector<Tie>* ties;
  const std::span<const PartyContext>* context;  // per subscriber
  size_t subscribers;
};

// Fills out->circles, community_of, role, and remaps household_of / work_circle_of from group
// ids to circle indexes. `community`, `friend_group`: a label per party (any values).
void AssembleCircles(const CircleInputs& in, std::span<const uint32_t> community,
                     std::span<const uint32_t> household, std::span<const uint32_t> work,
                     std::span<const uint32_t> friend_group, Relations* out);

void ComputeSubscriberLabels(const RelationsSettings& settings, size_t subscribers, Relations* out);

}  // namespace ripple::graph
