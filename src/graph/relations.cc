#include "graph/relations.h"

#include <algorithm>
#include <bit>
#include <numeric>

#include "graph/circles.h"
#include "graph/communities.h"
#include "graph/groups.h"
#include "graph/pagerank.h"
#include "graph/scene.h"

namespace ripple::graph {

std::string_view CircleKindName(CircleKind kind) {
  switch (kind) {
    case CircleKind::kHousehold:
      return "household";
    case CircleKind::kWork:
      return "work";
    case CircleKind::kInterest:
      return "interest";
    case CircleKind::kCommunity:
      break;
  }
  return "community";
}

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kLeader:
      return "leader";
    case Role::kBridge:
      return "bridge";
    case Role::kMember:
      break;
  }
  return "member";
}

namespace {

// Households: family ties of strength >= 0.2; groups merge when 60 % of their cross pairs are
// tied. Work circles: teams by the same rule over work ties >= 0.15, then teams of one work area
// with two or more ties between them are one workplace; an off-net colleague joins with two
// ties. Chosen on the simulator (seed 42, 10k x 14 days; docs/relations.md has the sweep) and
// checked on seed 7 by the tests.
constexpr float kHouseholdMinStrength = 0.2f;
constexpr double kHouseholdLinkage = 0.6;
constexpr float kWorkMinStrength = 0.15f;
constexpr double kWorkLinkage = 0.6;
constexpr uint32_t kWorkBridgeTies = 2;
constexpr double kWorkAttachTies = 2;

// Modularity's null model scales with the graph (k_i k_j / 2m): a fixed resolution would give
// districts on a large graph and singletons on a small one. Scaled by n^2 / 2m (n: nodes with a
// tie) it compares a tie with the product of its ends' strengths over the average strength
// squared instead, whatever the graph's size.
double SizeFreeResolution(const WeightedGraph& graph, double circle_resolution) {
  if (graph.total_weight() <= 0) return 1.0;
  double active = 0;
  for (NodeId v = 0; v < graph.nodes(); ++v) active += graph.strength(v) > 0 ? 1 : 0;
  return circle_resolution * active * active / (2 * graph.total_weight());
}

// Ties from pairs: features, strength, local scene evidence.
void CollectTies(const RelationsInput& in, Relations* out, std::vector<SceneEvidence>* evidence) {
  const ContactGraph& g = *in.contacts;
  // Pairs per party, and pairs that only ever went one way: a bulk sender (a courier, a bank, a
  // telemarketer) or a hotline (10086) has many pairs, nearly all one-way from or to it.
  std::vector<uint32_t>& pairs_of = out->contacts;
  pairs_of.assign(g.parties(), 0);
  std::vector<uint32_t> sent_only(g.parties(), 0), received_only(g.parties(), 0);
  for (PairId e = 0; e < g.pairs(); ++e) {
    const PairStats& p = g.stats(e);
    ++pairs_of[g.owner(e)];
    ++pairs_of[g.other(e)];
    const float out_count = p.calls_out + p.sms_out, in_count = p.calls_in + p.sms_in;
    if (in_count == 0 && out_count > 0) {
      ++sent_only[g.owner(e)];
      ++received_only[g.other(e)];
    }
    if (out_count == 0 && in_count > 0) {
      ++sent_only[g.other(e)];
      ++received_only[g.owner(e)];
    }
  }
  auto bulk = [&](PartyId x) {
    return pairs_of[x] >= kBulkContacts &&
           (sent_only[x] * 10 >= pairs_of[x] * 9 || received_only[x] * 10 >= pairs_of[x] * 9);
  };
  const double half_life = g.options().half_life_days;
  for (PairId e = 0; e < g.pairs(); ++e) {
    const TieFeatures f = ComputeTieFeatures(g.stats(e), in.as_of_day, half_life);
    if (f.strength < in.settings.min_tie_strength || f.strength <= 0) continue;
    const PartyId a = std::min<PartyId>(g.owner(e), g.other(e));
    const PartyId b = std::max<PartyId>(g.owner(e), g.other(e));
    SceneInputs si;
    si.bulk_party = bulk(a) || bulk(b);
    if (g.IsOnNet(b) && b < in.context.size()) {
      const PartyContext& x = in.context[a];
      const PartyContext& y = in.context[b];
      si.both_on_net = true;
      si.same_home = x.home_area != kNone && x.home_area == y.home_area;
      si.same_work = x.work_area != kNone && x.work_area == y.work_area;
      si.shared_interests = std::popcount(x.interests & y.interests);
    }
    Tie t;
    t.a = a;
    t.b = b;
    t.strength = f.strength;
    t.level = LevelOf(f.strength, in.settings);
    t.recency_days = f.recency_days;
    t.shared_interests = static_cast<uint8_t>(si.shared_interests);
    out->ties.push_back(t);
    evidence->push_back(LocalSceneEvidence(f, si));
  }
  // Sorted by (a, b) for stable output; evidence follows.
  std::vector<uint32_t> order(out->ties.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    const Tie& p = out->ties[x];
    const Tie& q = out->ties[y];
    return p.a != q.a ? p.a < q.a : p.b < q.b;
  });
  std::vector<Tie> ties(order.size());
  std::vector<SceneEvidence> ev(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    ties[i] = out->ties[order[i]];
    ev[i] = (*evidence)[order[i]];
  }
  out->ties = std::move(ties);
  *evidence = std::move(ev);
}

}  // namespace

Result<Relations> ComputeRelations(const RelationsInput& in) {
  if (in.contacts == nullptr) return Status::InvalidArgument("relations: no contact graph");
  if (in.context.size() != in.contacts->subscribers()) {
    return Status::InvalidArgument(
        "relations: the profile and the contact graph disagree on "
        "the number of subscribers");
  }
  const ContactGraph& g = *in.contacts;
  Relations out;
  out.parties = g.parties();
  std::vector<SceneEvidence> evidence;
  CollectTies(in, &out, &evidence);

  std::vector<std::pair<uint32_t, uint32_t>> ends(out.ties.size());
  std::vector<float> strengths(out.ties.size());
  for (size_t i = 0; i < out.ties.size(); ++i) {
    ends[i] = {out.ties[i].a, out.ties[i].b};
    strengths[i] = out.ties[i].strength;
  }
  const TieAdjacency adjacency = BuildTieAdjacency(out.parties, ends);
  std::vector<Scene> group_scenes;
  const std::vector<Scene> scenes = ResolveScenes(adjacency, ends, evidence, &group_scenes);
  for (size_t i = 0; i < out.ties.size(); ++i) out.ties[i].scene = scenes[i];

  // Households and work circles.
  std::vector<uint32_t> home_area(g.subscribers()), work_area(g.subscribers());
  for (size_t s = 0; s < g.subscribers(); ++s) {
    home_area[s] = in.context[s].home_area;
    work_area[s] = in.context[s].work_area;
  }
  GroupInputs gi{out.parties, g.subscribers(), ends,          group_scenes,
                 strengths,   home_area,       Scene::kFamily};
  uint32_t households = 0, work_circles = 0;
  gi.min_strength = kHouseholdMinStrength;
  gi.linkage = kHouseholdLinkage;
  out.household_of = GroupByScene(gi, &households);
  gi.area = work_area;
  gi.scene = Scene::kWork;
  gi.min_strength = kWorkMinStrength;
  gi.linkage = kWorkLinkage;
  gi.bridge_ties = kWorkBridgeTies;
  gi.attach_max_ties = kWorkAttachTies;
  out.work_circle_of = GroupByScene(gi, &work_circles);

  // Communities and influence on the tie graph without service ties.
  std::vector<WeightedEdge> edges;
  edges.reserve(out.ties.size());
  std::vector<WeightedEdge> friend_edges;
  for (const Tie& t : out.ties) {
    if (t.scene == Scene::kService) continue;
    edges.push_back({t.a, t.b, t.strength});
    if (t.scene == Scene::kFriend) friend_edges.push_back({t.a, t.b, t.strength});
  }
  const WeightedGraph tie_graph = WeightedGraph::FromEdges(static_cast<NodeId>(out.parties), edges);
  CommunityOptions co;
  co.resolution = SizeFreeResolution(tie_graph, in.settings.circle_resolution);
  out.resolution = co.resolution;
  co.threads = in.threads;
  const Communities communities = DetectCommunities(tie_graph, co);
  out.modularity = communities.modularity;
  std::vector<double> rank = PageRank(tie_graph);
  out.influence.resize(out.parties);
  for (size_t p = 0; p < out.parties; ++p) {
    out.influence[p] = static_cast<float>(rank[p] * static_cast<double>(out.parties));
  }
  const WeightedGraph friend_graph =
      WeightedGraph::FromEdges(static_cast<NodeId>(out.parties), friend_edges);
  co.resolution = SizeFreeResolution(friend_graph, in.settings.circle_resolution);
  const Communities friend_groups = DetectCommunities(friend_graph, co);

  CircleInputs ci{&tie_graph, &out.ties, &in.context, g.subscribers()};
  AssembleCircles(ci, communities.membership, out.household_of, out.work_circle_of,
                  friend_groups.membership, &out);
  ComputeSubscriberLabels(in.settings, g.subscribers(), &out);
  return out;
}

}  // namespace ripple::graph
