// Modularity() and NormalizedMutualInformation(): hand-computed values, and igraph's numbers
// (igraph_modularity, igraph_compare_communities) on random graphs and partitions.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "graph/communities.h"
#include "igraph_reference.h"

namespace ripple::graph {
namespace {

using reference::IgraphCopy;
using reference::IgraphNmi;
using reference::RandomEdges;

std::vector<uint32_t> RandomPartition(Rng& rng, NodeId n, uint32_t labels) {
  std::vector<uint32_t> m(n);
  for (auto& c : m) c = static_cast<uint32_t>(rng.Below(labels));
  return m;
}

void ExpectRelativelyNear(double actual, double expected, double rel) {
  EXPECT_NEAR(actual, expected, rel * std::max(1.0, std::fabs(expected)));
}

TEST(Modularity, TwoTrianglesJoinedByAnEdge) {
  // m = 7; each triangle: internal 2 * 3 = 6, total strength 2 + 2 + 3 = 7.
  // Q = 2 * (6/14 - (7/14)^2) = 5/14.
  const std::vector<WeightedEdge> edges = {{0, 1, 1}, {1, 2, 1}, {0, 2, 1}, {3, 4, 1},
                                           {4, 5, 1}, {3, 5, 1}, {2, 3, 1}};
  const WeightedGraph g = WeightedGraph::FromEdges(6, edges);
  const std::vector<uint32_t> split = {0, 0, 0, 1, 1, 1};
  EXPECT_NEAR(Modularity(g, split), 5.0 / 14, 1e-15);
  const std::vector<uint32_t> one = {3, 3, 3, 3, 3, 3};
  EXPECT_NEAR(Modularity(g, one), 0.0, 1e-15);
  // Resolution 2: Q = 2 * (6/14 - 2 * (7/14)^2) = -1/7.
  EXPECT_NEAR(Modularity(g, split, 2.0), -1.0 / 7, 1e-15);
}

TEST(Modularity, SelfLoopCountsTwiceLikeIgraph) {
  // Loop of weight 2 on node 0, edge 0-1 of weight 1: m = 3, strengths 5 and 1.
  // Apart: Q = (4/6 - (5/6)^2) + (0 - (1/6)^2) = 4/6 - 26/36 = -1/18.
  const std::vector<WeightedEdge> edges = {{0, 0, 2}, {0, 1, 1}};
  const WeightedGraph g = WeightedGraph::FromEdges(2, edges);
  const std::vector<uint32_t> apart = {0, 1};
  EXPECT_NEAR(Modularity(g, apart), -1.0 / 18, 1e-15);
  EXPECT_NEAR(IgraphCopy(g).Modularity(apart), -1.0 / 18, 1e-15);
}

TEST(Modularity, GraphWithoutEdgesHasZero) {
  const WeightedGraph g = WeightedGraph::FromEdges(4, {});
  const std::vector<uint32_t> m = {0, 1, 2, 3};
  EXPECT_EQ(Modularity(g, m), 0.0);
  EXPECT_EQ(Modularity(WeightedGraph::FromEdges(0, {}), {}), 0.0);
}

TEST(Modularity, LabelsNeedNotBeDense) {
  const std::vector<WeightedEdge> edges = {{0, 1, 1}, {1, 2, 1}, {0, 2, 1}, {3, 4, 1},
                                           {4, 5, 1}, {3, 5, 1}, {2, 3, 1}};
  const WeightedGraph g = WeightedGraph::FromEdges(6, edges);
  const std::vector<uint32_t> sparse = {4000000000u, 4000000000u, 4000000000u, 7, 7, 7};
  EXPECT_NEAR(Modularity(g, sparse), 5.0 / 14, 1e-15);
}

TEST(Modularity, EqualsIgraphOnRandomWeightedGraphsWithSelfLoops) {
  Rng rng(11);
  for (int trial = 0; trial < 40; ++trial) {
    const auto n = static_cast<NodeId>(2 + rng.Below(300));
    const auto edges = RandomEdges(rng, n, 1 + rng.Below(3000), /*integer_weights=*/false);
    const WeightedGraph g = WeightedGraph::FromEdges(n, edges);
    const IgraphCopy reference(g);
    for (uint32_t labels : {1u, 2u, 5u, 30u, n}) {
      const auto m = RandomPartition(rng, n, labels);
      ExpectRelativelyNear(Modularity(g, m), reference.Modularity(m), 1e-9);
      ExpectRelativelyNear(Modularity(g, m, 0.5), reference.Modularity(m, 0.5), 1e-9);
      ExpectRelativelyNear(Modularity(g, m, 2.0), reference.Modularity(m, 2.0), 1e-9);
    }
  }
}

TEST(Modularity, EqualsIgraphOnTheRawMultigraph) {
  // igraph keeps the repeated edges; our graph sums them. Whole-number weights make the sums
  // exact, so the two must agree on every partition.
  Rng rng(12);
  for (int trial = 0; trial < 20; ++trial) {
    const auto n = static_cast<NodeId>(2 + rng.Below(100));
    const auto edges = RandomEdges(rng, n, 1 + rng.Below(2000), /*integer_weights=*/true, 5);
    const WeightedGraph g = WeightedGraph::FromEdges(n, edges);
    const IgraphCopy raw(n, edges);
    for (uint32_t labels : {1u, 3u, 10u}) {
      const auto m = RandomPartition(rng, n, labels);
      ExpectRelativelyNear(Modularity(g, m), raw.Modularity(m), 1e-9);
    }
  }
}

TEST(Nmi, IdenticalUpToRenamingIsOne) {
  const std::vector<uint32_t> a = {0, 0, 1, 1, 2, 2, 2};
  const std::vector<uint32_t> b = {9, 9, 4, 4, 1, 1, 1};
  EXPECT_NEAR(NormalizedMutualInformation(a, b), 1.0, 1e-15);
}

TEST(Nmi, DefinedAsOneForTwoSingleClustersAndEmptyInput) {
  const std::vector<uint32_t> a = {3, 3, 3};
  const std::vector<uint32_t> b = {0, 0, 0};
  EXPECT_EQ(NormalizedMutualInformation(a, b), 1.0);
  EXPECT_EQ(NormalizedMutualInformation({}, {}), 1.0);
}

TEST(Nmi, IsZeroAgainstASingleCluster) {
  const std::vector<uint32_t> a = {0, 0, 1, 1};
  const std::vector<uint32_t> b = {5, 5, 5, 5};
  EXPECT_NEAR(NormalizedMutualInformation(a, b), 0.0, 1e-15);
}

TEST(Nmi, HandComputedSmallCase) {
  // a = {0,0,1,1}, b = {0,0,0,1}: H(a) = ln 2, H(b) = -(3/4 ln 3/4 + 1/4 ln 1/4),
  // I = 1/2 ln(4/3) + 1/4 ln(2/3) + 1/4 ln 2; NMI = 2 I / (H(a) + H(b)).
  const std::vector<uint32_t> a = {0, 0, 1, 1};
  const std::vector<uint32_t> b = {0, 0, 0, 1};
  const double ha = std::log(2.0);
  const double hb = -(0.75 * std::log(0.75) + 0.25 * std::log(0.25));
  const double mi = 0.5 * std::log(4.0 / 3) + 0.25 * std::log(2.0 / 3) + 0.25 * std::log(2.0);
  EXPECT_NEAR(NormalizedMutualInformation(a, b), 2 * mi / (ha + hb), 1e-15);
  EXPECT_NEAR(NormalizedMutualInformation(a, b), 0.3437110184854, 1e-12);
}

TEST(Nmi, EqualsIgraphOnRandomPartitions) {
  Rng rng(13);
  for (int trial = 0; trial < 50; ++trial) {
    const size_t n = 1 + rng.Below(2000);
    const auto a = RandomPartition(rng, static_cast<NodeId>(n), 1 + rng.Below(40));
    auto b = a;
    // Correlated: a share of the labels redrawn.
    const double noise = rng.Uniform();
    for (auto& x : b) {
      if (rng.Chance(noise)) x = static_cast<uint32_t>(rng.Below(1 + rng.Below(60)));
    }
    EXPECT_NEAR(NormalizedMutualInformation(a, b), IgraphNmi(a, b), 1e-12);
    EXPECT_NEAR(NormalizedMutualInformation(b, a), IgraphNmi(a, b), 1e-12);
  }
}

}  // namespace
}  // namespace ripple::graph
