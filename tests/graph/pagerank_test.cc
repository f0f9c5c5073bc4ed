// PageRank: hand-solved small graphs and igraph's PRPACK on random weighted graphs with
// self-loops and nodes without edges.
#include "graph/pagerank.h"

#include <gtest/gtest.h>

#include <numeric>

#include "igraph_reference.h"

namespace ripple::graph {
namespace {

TEST(PageRank, EmptyGraphHasNoScores) {
  EXPECT_TRUE(PageRank(WeightedGraph::FromEdges(0, {})).empty());
}

TEST(PageRank, SingleNodeHasAllTheRank) {
  const std::vector<double> r = PageRank(WeightedGraph::FromEdges(1, {}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_NEAR(r[0], 1.0, 1e-12);
}

TEST(PageRank, StarHandSolved) {
  // Hub c, 3 leaves l: r_l = 0.15/4 + 0.85 r_c / 3 and r_c = 0.15/4 + 0.85 * 3 r_l, so
  // r_c = 0.133125 / 0.2775 and r_l = (1 - r_c) / 3.
  const std::vector<WeightedEdge> edges = {{0, 1, 1}, {0, 2, 1}, {0, 3, 1}};
  const std::vector<double> r = PageRank(WeightedGraph::FromEdges(4, edges));
  // A bipartite graph makes power iteration oscillate; the error shrinks as 0.85^k, so 100
  // iterations (the default) leave ~1e-8.
  const double hub = 0.133125 / 0.2775;
  EXPECT_NEAR(r[0], hub, 1e-7);
  for (int leaf = 1; leaf <= 3; ++leaf) EXPECT_NEAR(r[leaf], (1 - hub) / 3, 1e-7);
  PageRankOptions more;
  more.max_iterations = 400;
  more.tolerance = 0;
  EXPECT_NEAR(PageRank(WeightedGraph::FromEdges(4, edges), more)[0], hub, 1e-12);
}

TEST(PageRank, NodeWithoutEdgesSpreadsItsRankUniformly) {
  // Nodes 0-1 joined, 2 alone: r_2 = (0.85 r_2 + 0.15) / 3, so r_2 = 0.15 / 2.15.
  const std::vector<WeightedEdge> edges = {{0, 1, 5}};
  const std::vector<double> r = PageRank(WeightedGraph::FromEdges(3, edges));
  EXPECT_NEAR(r[2], 0.15 / 2.15, 1e-9);
  EXPECT_NEAR(r[0], (1 - 0.15 / 2.15) / 2, 1e-9);
  EXPECT_NEAR(r[1], r[0], 1e-12);
}

TEST(PageRank, HeavierTiesPassMoreRank) {
  // Path a - b - c with w(ab) = 3, w(bc) = 1: b sends 3/4 of its rank to a.
  const std::vector<WeightedEdge> edges = {{0, 1, 3}, {1, 2, 1}};
  const std::vector<double> r = PageRank(WeightedGraph::FromEdges(3, edges));
  EXPECT_GT(r[0], r[2]);
  EXPECT_NEAR(std::accumulate(r.begin(), r.end(), 0.0), 1.0, 1e-12);
}

TEST(PageRank, EqualsIgraphPrpackOnRandomWeightedGraphs) {
  Rng rng(21);
  for (int trial = 0; trial < 30; ++trial) {
    const auto n = static_cast<NodeId>(1 + rng.Below(400));
    // Few edges on some graphs: many nodes without edges (dangling).
    const size_t edges = rng.Below(2) == 0 ? rng.Below(n) : rng.Below(8 * n);
    const auto list = reference::RandomEdges(rng, n, edges, /*integer_weights=*/false, 10);
    const WeightedGraph g = WeightedGraph::FromEdges(n, list);
    for (const double damping : {0.85, 0.5}) {
      PageRankOptions o;
      o.damping = damping;
      const std::vector<double> ours = PageRank(g, o);
      const std::vector<double> theirs = reference::IgraphCopy(g).PageRank(damping);
      ASSERT_EQ(ours.size(), theirs.size());
      for (NodeId v = 0; v < n; ++v) EXPECT_NEAR(ours[v], theirs[v], 1e-6) << trial << " " << v;
      EXPECT_NEAR(std::accumulate(ours.begin(), ours.end(), 0.0), 1.0, 1e-12);
    }
  }
}

}  // namespace
}  // namespace ripple::graph
