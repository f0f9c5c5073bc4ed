// Relations: from the contact graph and what the profile knows of each subscriber (home, work,
// interests) to ties with strength, level and scene; circles (communities of the tie graph) and
// scene circles (households, work circles, interest circles); key persons and roles; and the
// marketing labels the profile and campaigns use. docs/relations.md describes each method.
//
// Parties are the contact graph's (subscribers first, then off-net numbers). Off-net parties
// have no profile: their scenes come from the time profile of the tie alone, and they join
// households and work circles only through on-net members.
// Thread-safety: ComputeRelations is a pure function of its inputs.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/status.h"
#include "graph/contact_graph.h"
#include "graph/tie.h"

namespace ripple::graph {

constexpr uint32_t kNone = UINT32_MAX;

// What the profile knows of one subscriber.
struct PartyContext {
  uint32_t home_area = kNone;  // area ids of the home and work cells (reference StringIds)
  uint32_t work_area = kNone;
  uint32_t interests = 0;  // bit c: holds host category c
};

struct RelationsInput {
  const ContactGraph* contacts = nullptr;
  std::span<const PartyContext> context;  // one per subscriber
  int32_t as_of_day = 0;                  // usually contacts->newest_day()
  RelationsSettings settings;
  int threads = 1;
};

struct Tie {
  PartyId a = 0;  // a < b
  PartyId b = 0;
  float strength = 0;
  TieLevel level = TieLevel::kShallow;
  Scene scene = Scene::kOther;
  uint8_t shared_interests = 0;  // common interest categories (on-net pairs)
  float recency_days = 0;        // days since the pair's last contact (as of the graph's day)
};

enum class CircleKind : uint8_t { kCommunity = 0, kHousehold = 1, kWork = 2, kInterest = 3 };
std::string_view CircleKindName(CircleKind kind);
enum class Role : uint8_t { kMember = 0, kLeader = 1, kBridge = 2 };
std::string_view RoleName(Role role);

struct Circle {
  uint32_t id = 0;
  CircleKind kind = CircleKind::kCommunity;
  Scene scene = Scene::kOther;  // the most common scene of its inner ties
  std::vector<PartyId> members;
  std::vector<Role> roles;  // parallel to members
  PartyId leader = kNone;
  float density = 0;  // inner ties / possible pairs
  int interest = -1;  // dominant shared interest category, -1 none
  uint32_t offnet_members = 0;
};

// Per subscriber: the labels campaigns target (the profile's social dimension).
struct SubscriberRelations {
  uint32_t contacts = 0;        // distinct numbers called or texted (any pair)
  uint16_t ties = 0;            // ties of any level
  uint16_t close_ties = 0;      // close or intimate
  uint16_t offnet_close = 0;    // close/intimate ties to off-net numbers (acquisition targets)
  uint16_t household_size = 0;  // 0 when in no household
  uint16_t work_circle_size = 0;
  bool family_business_candidate = false;  // household with >= 2 on-net members on own plans
  bool group_business_candidate = false;   // work circle with >= 3 on-net members
  bool lonely = false;  // >= lonely_min_contacts contacts, no close or intimate tie
  bool leader = false;
};

struct Relations {
  std::vector<Tie> ties;  // by (a, b)
  std::vector<Circle> circles;
  std::vector<uint32_t> household_of;    // party -> household circle index (kNone)
  std::vector<uint32_t> work_circle_of;  // party -> work circle index (kNone)
  std::vector<uint32_t> community_of;    // party -> community circle index (kNone)
  std::vector<uint32_t> contacts;        // party -> distinct parties in contact (pairs)
  std::vector<float> influence;          // party -> PageRank on the tie graph, scaled so mean = 1
  std::vector<Role> role;                // party -> role in its community
  std::vector<SubscriberRelations> subscribers;
  double modularity = 0;  // of the circles, at `resolution`
  double resolution = 1;  // the modularity resolution used for circles
  size_t parties = 0;
};

Result<Relations> ComputeRelations(const RelationsInput& input);

}  // namespace ripple::graph
