// Weighted PageRank on a WeightedGraph: the influence score of key persons. An edge passes rank
// in both directions in proportion to its weight over the sender's strength; nodes without
// edges (dangling) spread their rank uniformly, as igraph_personalized_pagerank (PRPACK) does on
// an undirected weighted graph, so the two agree to within the convergence tolerance (a
// self-loop of weight w passes 2w back to its node, igraph's convention too). Power iteration:
// the error shrinks as damping^k, so on bipartite graphs (which oscillate) the default 100
// iterations stop near 1e-8 before reaching `tolerance`.
// Scores sum to 1. Thread-safety: pure function.
#pragma once

#include <vector>

#include "graph/weighted_graph.h"

namespace ripple::graph {

struct PageRankOptions {
  double damping = 0.85;
  int max_iterations = 100;
  double tolerance = 1e-9;  // stop when the L1 change of an iteration is below it
};

std::vector<double> PageRank(const WeightedGraph& graph, const PageRankOptions& options = {});

}  // namespace ripple::graph
