// DetectCommunities: degenerate graphs, the structures with a known best partition, Leiden's
// connectivity guarantee, planted partitions, determinism.
#include "graph/communities.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

#include "graph/planted_partition.h"

namespace ripple::graph {
namespace {

WeightedGraph Cliques(int count, NodeId size, float weight, bool chain) {
  std::vector<WeightedEdge> edges;
  for (int c = 0; c < count; ++c) {
    const NodeId base = static_cast<NodeId>(c) * size;
    for (NodeId i = 0; i < size; ++i) {
      for (NodeId j = i + 1; j < size; ++j) edges.push_back({base + i, base + j, weight});
    }
    if (chain && c + 1 < count) edges.push_back({base + size - 1, base + size, weight});
  }
  return WeightedGraph::FromEdges(static_cast<NodeId>(count) * size, edges);
}

// Every community induces a connected subgraph.
bool AllCommunitiesConnected(const WeightedGraph& g, const std::vector<uint32_t>& membership) {
  const NodeId n = g.nodes();
  std::vector<uint8_t> seen(n, 0);
  std::set<uint32_t> started;
  for (NodeId s = 0; s < n; ++s) {
    if (seen[s]) continue;
    if (!started.insert(membership[s]).second) return false;  // a second piece of one community
    std::vector<NodeId> stack = {s};
    seen[s] = 1;
    while (!stack.empty()) {
      const NodeId v = stack.back();
      stack.pop_back();
      for (const NodeId u : g.neighbours(v)) {
        if (!seen[u] && membership[u] == membership[v]) {
          seen[u] = 1;
          stack.push_back(u);
        }
      }
    }
  }
  return true;
}

struct PlantedInput {
  PlantedGraph planted;
  WeightedGraph graph;
};

PlantedInput MakePlanted(const PlantedOptions& options) {
  PlantedInput in{GeneratePlanted(options), {}};
  in.graph = WeightedGraph::FromEdges(options.nodes, in.planted.edges);
  return in;
}

void ExpectWellFormed(const WeightedGraph& g, const Communities& c) {
  ASSERT_EQ(c.membership.size(), g.nodes());
  std::vector<uint32_t> size(c.count, 0);
  for (const uint32_t x : c.membership) {
    ASSERT_LT(x, c.count);
    ++size[x];
  }
  for (uint32_t k = 0; k + 1 < c.count; ++k) EXPECT_GE(size[k], size[k + 1]);  // larger first
  for (const uint32_t s : size) EXPECT_GT(s, 0u);                              // dense
  EXPECT_NEAR(c.modularity, Modularity(g, c.membership), 1e-12);
  EXPECT_TRUE(AllCommunitiesConnected(g, c.membership));
}

TEST(DetectCommunities, EmptyGraphHasNoCommunities) {
  const WeightedGraph g = WeightedGraph::FromEdges(0, {});
  const Communities c = DetectCommunities(g);
  EXPECT_TRUE(c.membership.empty());
  EXPECT_EQ(c.count, 0u);
  EXPECT_EQ(c.modularity, 0);
}

TEST(DetectCommunities, NodesWithoutEdgesAreEachAlone) {
  const WeightedGraph g = WeightedGraph::FromEdges(4, {});
  const Communities c = DetectCommunities(g);
  EXPECT_EQ(c.count, 4u);
  EXPECT_EQ(c.membership, (std::vector<uint32_t>{0, 1, 2, 3}));
  EXPECT_EQ(c.modularity, 0);
}

TEST(DetectCommunities, OneEdgeIsOneCommunityAndAnIsolatedNodeStaysAlone) {
  // Together: Q = 2/2 - 1 = 0; apart: Q = -2 * (1/2)^2 = -0.5.
  const std::vector<WeightedEdge> edges = {{0, 2, 1}};
  const WeightedGraph g = WeightedGraph::FromEdges(3, edges);
  const Communities c = DetectCommunities(g);
  ExpectWellFormed(g, c);
  EXPECT_EQ(c.count, 2u);
  EXPECT_EQ(c.membership[0], c.membership[2]);
  EXPECT_NE(c.membership[0], c.membership[1]);
  EXPECT_NEAR(c.modularity, 0.0, 1e-15);
}

TEST(DetectCommunities, StarIsOneCommunity) {
  // All together Q = 0; the hub with k of 10 leaves: Q = 2k/20 - ((10+k)/20)^2 - (10-k)/400 < 0.
  std::vector<WeightedEdge> edges;
  for (NodeId leaf = 1; leaf <= 10; ++leaf) edges.push_back({0, leaf, 1});
  const WeightedGraph g = WeightedGraph::FromEdges(11, edges);
  const Communities c = DetectCommunities(g);
  ExpectWellFormed(g, c);
  EXPECT_EQ(c.count, 1u);
  EXPECT_NEAR(c.modularity, 0.0, 1e-15);
}

TEST(DetectCommunities, TwoCliquesJoinedByOneEdgeAreTwoCommunities) {
  // Two K5 and a bridge: m = 21; each clique internal 20, total 21: Q = 2 (20/42 - 1/4) = 19/42.
  const WeightedGraph g = Cliques(2, 5, 1, /*chain=*/true);
  const Communities c = DetectCommunities(g);
  ExpectWellFormed(g, c);
  EXPECT_EQ(c.count, 2u);
  for (NodeId v = 0; v < 10; ++v) EXPECT_EQ(c.membership[v], c.membership[v < 5 ? 0 : 5]);
  EXPECT_NE(c.membership[0], c.membership[5]);
  EXPECT_NEAR(c.modularity, 19.0 / 42, 1e-12);
}

TEST(DetectCommunities, TinyAndHugeWeightsGiveTheSamePartition) {
  const Communities unit = DetectCommunities(Cliques(2, 5, 1, true));
  for (const float w : {1e-30f, 1e-6f, 1e30f}) {
    const WeightedGraph g = Cliques(2, 5, w, true);
    const Communities c = DetectCommunities(g);
    ExpectWellFormed(g, c);
    EXPECT_EQ(c.membership, unit.membership) << w;
    EXPECT_NEAR(c.modularity, 19.0 / 42, 1e-9) << w;
  }
}

TEST(DetectCommunities, DisconnectedComponentsNeverShareACommunity) {
  // Ten disjoint triangles: each its own community, Q = 10 * (6/60 - (6/60)^2) = 0.9.
  const WeightedGraph g = Cliques(10, 3, 1, /*chain=*/false);
  const Communities c = DetectCommunities(g);
  ExpectWellFormed(g, c);
  EXPECT_EQ(c.count, 10u);
  EXPECT_NEAR(c.modularity, 0.9, 1e-12);
}

TEST(DetectCommunities, GraphOfOnlySelfLoopsKeepsEveryNodeAlone) {
  // Each node: Q term 2w/2m - (2w/2m)^2 = 1/4 - 1/16 with four unit loops; 4 * 3/16 = 0.75.
  const std::vector<WeightedEdge> edges = {{0, 0, 1}, {1, 1, 1}, {2, 2, 1}, {3, 3, 1}};
  const WeightedGraph g = WeightedGraph::FromEdges(4, edges);
  const Communities c = DetectCommunities(g);
  ExpectWellFormed(g, c);
  EXPECT_EQ(c.count, 4u);
  EXPECT_NEAR(c.modularity, 0.75, 1e-15);
}

TEST(DetectCommunities, ResolutionZeroMergesEachComponent) {
  // With gamma = 0 every internal edge only adds: one community per connected component.
  CommunityOptions o;
  o.resolution = 0;
  const WeightedGraph g = Cliques(4, 4, 1, /*chain=*/false);
  const Communities c = DetectCommunities(g, o);
  EXPECT_EQ(c.count, 4u);
  EXPECT_TRUE(AllCommunitiesConnected(g, c.membership));
}

TEST(DetectCommunities, RingOfCliquesSplitsIntoCliques) {
  // 12 K6 in a ring, one edge between neighbours: every clique is a community (Q = 0.8766...).
  std::vector<WeightedEdge> edges;
  const int k = 12;
  const NodeId s = 6;
  for (int c = 0; c < k; ++c) {
    const NodeId base = static_cast<NodeId>(c) * s;
    for (NodeId i = 0; i < s; ++i) {
      for (NodeId j = i + 1; j < s; ++j) edges.push_back({base + i, base + j, 1});
    }
    edges.push_back({base, (base + s) % (k * s), 1});
  }
  const WeightedGraph g = WeightedGraph::FromEdges(k * s, edges);
  const Communities c = DetectCommunities(g);
  ExpectWellFormed(g, c);
  EXPECT_EQ(c.count, static_cast<uint32_t>(k));
  // m = 12 * 15 + 12 = 192; each clique: internal 30, total 32.
  EXPECT_NEAR(c.modularity, k * (30.0 / 384 - (32.0 / 384) * (32.0 / 384)), 1e-12);
}

TEST(DetectCommunities, FindsPlantedCommunitiesAt20kNodes) {
  const auto [planted, g] = MakePlanted({.nodes = 20'000,
                                         .edges = 200'000,
                                         .min_community = 20,
                                         .max_community = 500,
                                         .mixing = 0.3,
                                         .seed = 3});
  const Communities c = DetectCommunities(g);
  ExpectWellFormed(g, c);
  const double nmi = NormalizedMutualInformation(c.membership, planted.truth);
  EXPECT_GE(nmi, 0.9);
  // At least as good as the planted partition by the measure it optimises.
  EXPECT_GE(c.modularity, Modularity(g, planted.truth) - 0.005);
}

TEST(DetectCommunities, EveryCommunityIsConnectedOnPlantedGraphs) {
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    const auto [planted, g] =
        MakePlanted({.nodes = 5000,
                     .edges = 12'000,
                     .min_community = 5,
                     .max_community = 300,
                     .mixing = 0.45,
                     .seed = seed});       // sparse: many ways for a community to fall apart
    for (const int levels : {1, 2, 32}) {  // cut short too: still connected
      CommunityOptions o;
      o.max_levels = levels;
      o.seed = seed;
      const Communities c = DetectCommunities(g, o);
      ExpectWellFormed(g, c);
    }
  }
}

TEST(DetectCommunities, SameSeedGivesTheSameMembership) {
  const auto [planted, g] = MakePlanted({.nodes = 3000, .edges = 20'000, .seed = 9});
  CommunityOptions o;
  o.seed = 77;
  const Communities a = DetectCommunities(g, o);
  const Communities b = DetectCommunities(g, o);
  EXPECT_EQ(a.membership, b.membership);
  EXPECT_EQ(a.modularity, b.modularity);
  o.threads = 2;
  EXPECT_EQ(DetectCommunities(g, o).membership, a.membership);
}

TEST(DetectCommunities, LargeGraphTwoThreadsAndRenumberedCopyGiveTheSameResult) {
  // Above 65,536 nodes the second iteration runs on a copy renumbered by community, and above
  // 100,000 the look-ups, aggregation and copy use a second thread when asked.
  const auto [planted, g] = MakePlanted({.nodes = 150'000,
                                         .edges = 1'200'000,
                                         .min_community = 10,
                                         .max_community = 2000,
                                         .mixing = 0.3,
                                         .seed = 8});
  CommunityOptions o;
  const Communities one = DetectCommunities(g, o);
  ExpectWellFormed(g, one);
  EXPECT_EQ(one.iterations, 2);
  EXPECT_GE(one.modularity, Modularity(g, planted.truth) - 0.005);
  EXPECT_GE(NormalizedMutualInformation(one.membership, planted.truth), 0.85);
  o.threads = 2;
  const Communities two = DetectCommunities(g, o);
  EXPECT_EQ(two.membership, one.membership);
  EXPECT_EQ(two.modularity, one.modularity);
}

TEST(DetectCommunities, LouvainWithoutRefinementStillOptimises) {
  const auto [planted, g] = MakePlanted({.nodes = 3000, .edges = 30'000, .mixing = 0.2, .seed = 4});
  CommunityOptions o;
  o.refine = false;
  const Communities c = DetectCommunities(g, o);
  EXPECT_NEAR(c.modularity, Modularity(g, c.membership), 1e-12);
  EXPECT_GE(NormalizedMutualInformation(c.membership, planted.truth), 0.9);
}

}  // namespace
}  // namespace ripple::graph
