// Weighted PageRank (graph/pagerank.h) by power iteration in pull form: each node gathers its
// neighbours' rank per unit of strength, so an iteration is one sequential pass over the rows.
#include "graph/pagerank.h"

#include <cmath>

namespace ripple::graph {

std::vector<double> PageRank(const WeightedGraph& graph, const PageRankOptions& options) {
  const NodeId n = graph.nodes();
  if (n == 0) return {};
  const double d = options.damping;
  std::vector<double> rank(n, 1.0 / n), next(n), share(n);
  for (int it = 0; it < options.max_iterations; ++it) {
    double dangling = 0;
    for (NodeId v = 0; v < n; ++v) {
      const double s = graph.strength(v);
      if (s > 0) {
        share[v] = rank[v] / s;
      } else {
        share[v] = 0;
        dangling += rank[v];
      }
    }
    const double base = (d * dangling + (1 - d)) / n;
    double change = 0, sum = 0;
    for (NodeId v = 0; v < n; ++v) {
      const auto nbrs = graph.neighbours(v);
      const auto ws = graph.weights(v);
      double in = 0;
      for (size_t i = 0; i < nbrs.size(); ++i) {
        // A self-loop is stored once but counts twice in the strength, so it passes 2w too.
        in += share[nbrs[i]] * (nbrs[i] == v ? 2.0 * ws[i] : ws[i]);
      }
      next[v] = base + d * in;
      sum += next[v];
    }
    for (NodeId v = 0; v < n; ++v) {
      next[v] /= sum;  // keeps the total at 1 against rounding drift
      change += std::fabs(next[v] - rank[v]);
    }
    rank.swap(next);
    if (change < options.tolerance) break;
  }
  return rank;
}

}  // namespace ripple::graph
