// ReadGml: the four public graphs of tests/data/graphs (copies of ../shared/data/graphs), the GML
// forms they use, and errors that name the file and the line.
#include "graph/gml.h"

#include <gtest/gtest.h>

#include <string>

#include "support/test_support.h"

namespace ripple::graph {
namespace {

using ripple::testing::TempDir;
using ripple::testing::WriteFile;

const std::string kGraphs = RIPPLE_SOURCE_DIR "/tests/data/graphs/";

uint64_t UndirectedEdges(const WeightedGraph& g) {
  uint64_t loops = 0;
  for (NodeId v = 0; v < g.nodes(); ++v) {
    for (const NodeId u : g.neighbours(v)) loops += u == v;
  }
  EXPECT_EQ(loops, 0u);  // simple graphs
  return g.entries() / 2;
}

TEST(ReadGml, Karate) {
  auto r = ReadGml(kGraphs + "karate.gml");
  ASSERT_OK(r);
  EXPECT_EQ(r->graph.nodes(), 34u);
  EXPECT_EQ(UndirectedEdges(r->graph), 78u);
  EXPECT_EQ(r->file_edges, 78u);
  EXPECT_EQ(r->label_names.size(), 2u);
  EXPECT_EQ(r->labels.size(), 34u);
  EXPECT_DOUBLE_EQ(r->graph.total_weight(), 78.0);
}

TEST(ReadGml, FootballHasTwelveConferences) {
  auto r = ReadGml(kGraphs + "football.gml");
  ASSERT_OK(r);
  EXPECT_EQ(r->graph.nodes(), 115u);
  EXPECT_EQ(UndirectedEdges(r->graph), 613u);
  EXPECT_EQ(r->label_names.size(), 12u);
}

TEST(ReadGml, EuCoreAndPolblogsAreReadAsSimpleUndirectedGraphs) {
  auto eu = ReadGml(kGraphs + "eu-core.gml");
  ASSERT_OK(eu);
  EXPECT_EQ(eu->graph.nodes(), 1005u);
  EXPECT_EQ(eu->file_edges, 16706u);
  EXPECT_LT(UndirectedEdges(eu->graph), eu->file_edges);  // self-loops dropped
  EXPECT_EQ(eu->label_names.size(), 42u);
  auto pb = ReadGml(kGraphs + "polblogs.gml");
  ASSERT_OK(pb);
  EXPECT_EQ(pb->graph.nodes(), 1490u);
  EXPECT_EQ(pb->label_names.size(), 2u);
  // Directed links both ways become one undirected edge.
  EXPECT_LT(UndirectedEdges(pb->graph), pb->file_edges);
}

TEST(ReadGml, MergesRepeatsDropsLoopsAndResolvesIdsLate) {
  TempDir dir;
  const std::string path = dir / "g.gml";
  WriteFile(path, R"(# a comment line
Creator "test [not a bracket]"
graph [
  directed 1
  edge [ source 30 target 10 ]
  node [ id 10 label "a" gt "x" graphics [ x 1.5 y -2 ] ]
  node [ id 20 value 7 ]
  node [ id 30 gt 5 ]
  node [ id 40 ]
  edge [ source 10 target 30 value 2.0 ]
  edge [ source 20 target 20 ]
  edge [ source 20 target 30 ]
]
)");
  auto r = ReadGml(path);
  ASSERT_OK(r);
  EXPECT_EQ(r->graph.nodes(), 4u);
  EXPECT_EQ(r->file_edges, 4u);
  EXPECT_EQ(UndirectedEdges(r->graph), 2u);  // 10-30 (twice), 20-30; loop 20-20 dropped
  EXPECT_EQ(r->graph.neighbours(0).size(), 1u);
  EXPECT_EQ(r->graph.neighbours(0)[0], 2u);  // ids renumbered in file order: 10 20 30 40
  EXPECT_EQ(r->graph.weights(0)[0], 1.0f);   // unit weights, repeats not summed
  EXPECT_EQ(r->label_names, (std::vector<std::string>{"x", "7", "5", ""}));
  EXPECT_EQ(r->labels, (std::vector<uint32_t>{0, 1, 2, 3}));
}

// The error of reading `text`: it must name the file and the given line.
std::string ErrorOf(const std::string& text, int line) {
  TempDir dir;
  const std::string path = dir / "bad.gml";
  WriteFile(path, text);
  auto r = ReadGml(path);
  EXPECT_FALSE(r.ok());
  if (r.ok()) return "";
  const std::string& msg = r.status().message();
  EXPECT_NE(msg.find(path + ":" + std::to_string(line) + ":"), std::string::npos) << msg;
  return msg;
}

TEST(ReadGml, MissingFileIsAnError) {
  auto r = ReadGml("/nonexistent/graph.gml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("/nonexistent/graph.gml"), std::string::npos);
}

TEST(ReadGml, UnclosedBracketNamesWhereItOpened) {
  const std::string msg = ErrorOf("graph [\n  node [\n    id 1\n", 3);
  EXPECT_NE(msg.find("opened at line 2"), std::string::npos) << msg;
}

TEST(ReadGml, StrayClosingBracket) {
  const std::string msg = ErrorOf("graph [\n  node [ id 1 ]\n]\n]\n", 4);
  EXPECT_NE(msg.find("unbalanced ']'"), std::string::npos) << msg;
}

TEST(ReadGml, EdgeToUnknownNode) {
  const std::string msg =
      ErrorOf("graph [\n  node [ id 1 ]\n  node [ id 2 ]\n  edge [ source 1 target 9 ]\n]\n", 4);
  EXPECT_NE(msg.find("unknown node id 9"), std::string::npos) << msg;
}

TEST(ReadGml, NodeWithoutId) {
  const std::string msg = ErrorOf("graph [\n  node [ id 1 ]\n  node [\n label \"x\" ]\n]\n", 3);
  EXPECT_NE(msg.find("node without an id"), std::string::npos) << msg;
}

TEST(ReadGml, OtherMalformedInputs) {
  ErrorOf("graph [\n  node [ id 1 ]\n  node [ id 1 ]\n]\n", 3);  // id twice
  ErrorOf("graph [\n  node [ id one ]\n]\n", 2);                 // id not a number
  ErrorOf("graph [\n  node [ id 1 label \"open\n]\n", 2);        // unterminated string
  ErrorOf("graph [\n  edge [ source 1 ]\n]\n", 2);               // no target
  ErrorOf("graph [\n  node [ id 1 ]\n  node\n]\n", 4);           // node without list
  ErrorOf("graph [\n  directed\n", 2);                           // key without value
  ErrorOf("graph [\n  node [ id 1 ] @\n]\n", 2);                 // stray character
  ErrorOf("", 1);                                                // no graph at all
  ErrorOf("Creator \"x\"\nversion 1\n", 2);                      // still no graph
}

}  // namespace
}  // namespace ripple::graph
