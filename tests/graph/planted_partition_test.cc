// GeneratePlanted: determinism, community sizes, mixing, weights and degrees as documented.
#include "graph/planted_partition.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace ripple::graph {
namespace {

PlantedOptions Options(uint64_t seed) {
  PlantedOptions p;
  p.nodes = 20'000;
  p.edges = 300'000;
  p.min_community = 10;
  p.max_community = 400;
  p.mixing = 0.3;
  p.max_weight = 5;
  p.seed = seed;
  return p;
}

bool SameEdges(const PlantedGraph& a, const PlantedGraph& b) {
  return a.edges.size() == b.edges.size() &&
         std::equal(a.edges.begin(), a.edges.end(), b.edges.begin(),
                    [](const WeightedEdge& x, const WeightedEdge& y) {
                      return x.a == y.a && x.b == y.b && x.weight == y.weight;
                    });
}

TEST(GeneratePlanted, SameSeedSameGraphOtherSeedOtherGraph) {
  const PlantedGraph a = GeneratePlanted(Options(1));
  const PlantedGraph b = GeneratePlanted(Options(1));
  const PlantedGraph c = GeneratePlanted(Options(2));
  EXPECT_TRUE(SameEdges(a, b));
  EXPECT_EQ(a.truth, b.truth);
  EXPECT_FALSE(SameEdges(a, c));
}

TEST(GeneratePlanted, CommunitySizesStayInTheirRange) {
  const PlantedOptions p = Options(3);
  const PlantedGraph g = GeneratePlanted(p);
  ASSERT_EQ(g.truth.size(), p.nodes);
  std::map<uint32_t, uint32_t> size;
  for (const uint32_t c : g.truth) ++size[c];
  EXPECT_EQ(size.begin()->first, 0u);
  EXPECT_EQ(size.rbegin()->first + 1, size.size());  // dense labels
  uint32_t small = 0;
  for (const auto& [c, s] : size) {
    EXPECT_GE(s, p.min_community);
    // The last community may absorb a remainder smaller than min_community.
    EXPECT_LT(s, p.max_community + p.min_community);
    small += s < 2 * p.min_community;
  }
  // Exponent 2: small communities are the most common.
  EXPECT_GT(small, size.size() / 3);
}

TEST(GeneratePlanted, EdgesAreValidWeightedAndMixedAsAsked) {
  const PlantedOptions p = Options(4);
  const PlantedGraph g = GeneratePlanted(p);
  ASSERT_EQ(g.edges.size(), p.edges);
  uint64_t across = 0;
  std::vector<uint32_t> started(p.nodes, 0), degree(p.nodes, 0);
  for (const WeightedEdge& e : g.edges) {
    ASSERT_LT(e.a, p.nodes);
    ASSERT_LT(e.b, p.nodes);
    EXPECT_NE(e.a, e.b);
    EXPECT_GE(e.weight, 1.0f);
    EXPECT_LE(e.weight, static_cast<float>(p.max_weight));
    across += g.truth[e.a] != g.truth[e.b];
    ++started[e.a];
    ++degree[e.a];
    ++degree[e.b];
  }
  EXPECT_NEAR(static_cast<double>(across) / p.edges, p.mixing, 0.01);
  // Every node starts edges / nodes of them (here exactly 15); the degree averages 30.
  for (const uint32_t s : started) EXPECT_EQ(s, p.edges / p.nodes);
  EXPECT_GE(*std::min_element(degree.begin(), degree.end()), 15u);
}

TEST(GeneratePlanted, DegenerateSizes) {
  PlantedOptions p;
  p.nodes = 0;
  EXPECT_TRUE(GeneratePlanted(p).truth.empty());
  EXPECT_TRUE(GeneratePlanted(p).edges.empty());
  p.nodes = 1;
  p.edges = 10;
  const PlantedGraph one = GeneratePlanted(p);
  EXPECT_EQ(one.truth, (std::vector<uint32_t>{0}));
  EXPECT_TRUE(one.edges.empty());
  // Fewer nodes than the smallest community: one community, edges inside it.
  p.nodes = 5;
  p.edges = 40;
  p.min_community = 10;
  const PlantedGraph few = GeneratePlanted(p);
  EXPECT_EQ(few.truth, (std::vector<uint32_t>(5, 0)));
  EXPECT_EQ(few.edges.size(), 40u);
  for (const WeightedEdge& e : few.edges) EXPECT_NE(e.a, e.b);
}

}  // namespace
}  // namespace ripple::graph
