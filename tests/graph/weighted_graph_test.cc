// WeightedGraph::FromEdges: CSR rows sorted and merged, invalid edges dropped, self-loops once in
// the row and twice in the strength (igraph's convention).
#include "graph/weighted_graph.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>

#include "igraph_reference.h"

namespace ripple::graph {
namespace {

using Row = std::vector<std::pair<NodeId, float>>;

Row RowOf(const WeightedGraph& g, NodeId v) {
  Row row;
  for (size_t i = 0; i < g.neighbours(v).size(); ++i) {
    row.emplace_back(g.neighbours(v)[i], g.weights(v)[i]);
  }
  return row;
}

TEST(WeightedGraph, DefaultAndEmptyGraphsHaveNoNodes) {
  const WeightedGraph none;
  EXPECT_EQ(none.nodes(), 0u);
  EXPECT_EQ(none.entries(), 0u);
  const WeightedGraph empty = WeightedGraph::FromEdges(0, {});
  EXPECT_EQ(empty.nodes(), 0u);
  EXPECT_EQ(empty.entries(), 0u);
  EXPECT_EQ(empty.total_weight(), 0);
}

TEST(WeightedGraph, NodesWithoutEdgesHaveEmptyRowsAndZeroStrength) {
  const WeightedGraph g = WeightedGraph::FromEdges(5, {});
  EXPECT_EQ(g.nodes(), 5u);
  EXPECT_EQ(g.entries(), 0u);
  for (NodeId v = 0; v < 5; ++v) {
    EXPECT_TRUE(g.neighbours(v).empty());
    EXPECT_EQ(g.strength(v), 0);
  }
}

TEST(WeightedGraph, MergesParallelEdgesGivenInEitherDirection) {
  const std::vector<WeightedEdge> edges = {{0, 1, 1}, {1, 0, 2}, {0, 1, 0.5f}, {2, 1, 3}};
  const WeightedGraph g = WeightedGraph::FromEdges(3, edges);
  EXPECT_EQ(RowOf(g, 0), (Row{{1, 3.5f}}));
  EXPECT_EQ(RowOf(g, 1), (Row{{0, 3.5f}, {2, 3.0f}}));
  EXPECT_EQ(RowOf(g, 2), (Row{{1, 3.0f}}));
  EXPECT_EQ(g.entries(), 4u);
  EXPECT_DOUBLE_EQ(g.strength(0), 3.5);
  EXPECT_DOUBLE_EQ(g.strength(1), 6.5);
  EXPECT_DOUBLE_EQ(g.strength(2), 3.0);
  EXPECT_DOUBLE_EQ(g.total_weight(), 6.5);
  EXPECT_EQ(g.dropped_edges(), 0u);
}

TEST(WeightedGraph, DropsEdgesWithBadWeightOrEndpoint) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<WeightedEdge> edges = {{0, 1, 2},   {0, 1, 0}, {1, 2, -1}, {1, 2, nan},
                                           {0, 2, inf}, {0, 3, 1}, {7, 1, 1}};
  const WeightedGraph g = WeightedGraph::FromEdges(3, edges);
  EXPECT_EQ(g.dropped_edges(), 6u);
  EXPECT_EQ(RowOf(g, 0), (Row{{1, 2.0f}}));
  EXPECT_EQ(RowOf(g, 1), (Row{{0, 2.0f}}));
  EXPECT_TRUE(g.neighbours(2).empty());
  EXPECT_DOUBLE_EQ(g.total_weight(), 2.0);
}

TEST(WeightedGraph, SelfLoopIsStoredOnceAndCountsTwiceInStrength) {
  // Two self-loops on 0 merge into one of weight 3.
  const std::vector<WeightedEdge> edges = {{0, 0, 2}, {0, 1, 1}, {0, 0, 1}};
  const WeightedGraph g = WeightedGraph::FromEdges(2, edges);
  EXPECT_EQ(RowOf(g, 0), (Row{{0, 3.0f}, {1, 1.0f}}));
  EXPECT_EQ(RowOf(g, 1), (Row{{0, 1.0f}}));
  EXPECT_EQ(g.entries(), 3u);
  EXPECT_DOUBLE_EQ(g.strength(0), 2 * 3.0 + 1.0);
  EXPECT_DOUBLE_EQ(g.strength(1), 1.0);
  EXPECT_DOUBLE_EQ(g.total_weight(), 4.0);  // loop 3 + edge 1
}

TEST(WeightedGraph, RowsMatchAReferenceMapOnALargeRandomMultigraph) {
  // More than 2^20 raw entries: the rows are sorted on two threads.
  Rng rng(5);
  const NodeId n = 2000;
  const std::vector<WeightedEdge> edges = reference::RandomEdges(rng, n, 700'000, true);
  std::map<std::pair<NodeId, NodeId>, double> expected;
  for (const WeightedEdge& e : edges) {
    expected[{e.a, e.b}] += e.weight;
    if (e.a != e.b) expected[{e.b, e.a}] += e.weight;
  }
  const WeightedGraph g = WeightedGraph::FromEdges(n, edges);
  EXPECT_EQ(g.entries(), expected.size());
  double twice_total = 0;
  auto it = expected.begin();
  for (NodeId v = 0; v < n; ++v) {
    double strength = 0;
    for (size_t i = 0; i < g.neighbours(v).size(); ++i, ++it) {
      ASSERT_NE(it, expected.end());
      EXPECT_EQ(it->first, std::make_pair(v, g.neighbours(v)[i]));
      EXPECT_EQ(g.weights(v)[i], static_cast<float>(it->second));  // integers: exact sums
      strength += g.neighbours(v)[i] == v ? 2 * it->second : it->second;
    }
    EXPECT_DOUBLE_EQ(g.strength(v), strength);
    twice_total += strength;
  }
  EXPECT_EQ(it, expected.end());
  EXPECT_DOUBLE_EQ(g.total_weight(), twice_total / 2);
}

TEST(WeightedGraph, BytesCountsRowsAndNodes) {
  const std::vector<WeightedEdge> edges = {{0, 1, 1}, {1, 2, 1}, {2, 2, 1}};
  const WeightedGraph g = WeightedGraph::FromEdges(3, edges);
  // 4 offsets + 3 strengths (8 bytes each) + 5 entries (4 + 4 bytes each), at least.
  EXPECT_GE(g.bytes(), 4 * 8 + 3 * 8 + 5 * 8u);
}

}  // namespace
}  // namespace ripple::graph
