// DetectCommunities on the public graphs with known answers (tests/data/graphs): Zachary's
// karate club (best modularity 0.4198) and the 2000 college football season (12 conferences).
#include <gtest/gtest.h>

#include "graph/communities.h"
#include "graph/gml.h"
#include "support/test_support.h"

namespace ripple::graph {
namespace {

const std::string kGraphDir = RIPPLE_SOURCE_DIR "/tests/data/graphs/";

TEST(RealGraphs, KarateReachesNearTheBestKnownModularity) {
  auto r = ReadGml(kGraphDir + "karate.gml");
  ASSERT_OK(r);
  ASSERT_EQ(r->graph.nodes(), 34u);
  ASSERT_EQ(r->graph.entries(), 2 * 78u);
  const Communities c = DetectCommunities(r->graph);
  EXPECT_GE(c.modularity, 0.41);
  EXPECT_LE(c.modularity, 0.4198 + 1e-4);  // nothing beats the proven optimum
  EXPECT_NEAR(c.modularity, Modularity(r->graph, c.membership), 1e-12);
}

TEST(RealGraphs, KarateAboveTheBarForEverySeed) {
  auto r = ReadGml(kGraphDir + "karate.gml");
  ASSERT_OK(r);
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    CommunityOptions o;
    o.seed = seed;
    EXPECT_GE(DetectCommunities(r->graph, o).modularity, 0.41) << seed;
  }
}

TEST(RealGraphs, FootballFindsTheConferences) {
  auto r = ReadGml(kGraphDir + "football.gml");
  ASSERT_OK(r);
  const Communities c = DetectCommunities(r->graph);
  EXPECT_GE(NormalizedMutualInformation(c.membership, r->labels), 0.85);
  EXPECT_GE(c.modularity, 0.59);  // best known 0.6046
}

TEST(RealGraphs, PolblogsSplitsMostlyByLeaning) {
  auto r = ReadGml(kGraphDir + "polblogs.gml");
  ASSERT_OK(r);
  const Communities c = DetectCommunities(r->graph);
  EXPECT_GE(c.modularity, 0.42);  // best known 0.4272
}

}  // namespace
}  // namespace ripple::graph
