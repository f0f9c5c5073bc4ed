// Community detection on a WeightedGraph by modularity optimisation: Louvain local moving and
// aggregation with Leiden's refinement step (Traag, Waltman & van Eck 2019), so that every
// community returned is connected. Used for the relationship circles and checked against
// igraph's Leiden on the same graphs (docs/benchmarks.md).
//
// Modularity with resolution gamma:
//   Q = 1/(2m) * sum_ij [A_ij - gamma * k_i k_j / (2m)] * delta(c_i, c_j)
// with m = total_weight(), k = strength (self-loops twice), A_ii = 2 * self-loop weight — the
// definition of igraph_modularity(), so the two report the same number for one partition.
//
// Deterministic: the same graph and options give the same membership (node order is shuffled
// with options.seed, not with a clock). Isolated nodes are their own communities.
// Memory: O(nodes + entries) beyond the graph (the aggregated graphs are smaller).
// Thread-safety: pure functions; may run concurrently on different (or the same const) graphs.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "graph/weighted_graph.h"

namespace ripple::graph {

struct CommunityOptions {
  double resolution = 1.0;
  bool refine = true;         // Leiden refinement (connected communities); false: plain Louvain
  int max_levels = 32;        // aggregation levels
  int max_passes = 64;        // local-moving sweeps per level
  // Leiden iterations: each runs all levels again, starting from the previous partition; they
  // stop when one improves Q by less than min_gain. The second one typically adds several
  // points of Q on large graphs (it re-splits what the first merged too early).
  int max_iterations = 10;
  double min_gain = 1e-7;     // a level stops when a sweep improves Q by less than this
  uint64_t seed = 42;
  int threads = 1;            // local moving in parallel when > 1 (still deterministic)
};

struct Communities {
  std::vector<uint32_t> membership;  // node -> community, dense 0..count-1, larger ones first
  uint32_t count = 0;
  double modularity = 0;  // of `membership` on the input graph, with options.resolution
  int levels = 0;         // aggregation levels run, over all iterations
  int iterations = 0;     // Leiden iterations run
};

Communities DetectCommunities(const WeightedGraph& graph, const CommunityOptions& options = {});

// Q of any partition (membership values need not be dense). REQUIRES: membership.size() ==
// graph.nodes(). A graph without edges has Q = 0.
double Modularity(const WeightedGraph& graph, std::span<const uint32_t> membership,
                  double resolution = 1.0);

// Normalized mutual information of two partitions of the same items (arithmetic-mean
// normalisation, as igraph_compare_communities(IGRAPH_COMMCMP_NMI) and sklearn's default).
// 1 when identical up to renaming; defined as 1 when both are a single cluster.
// REQUIRES: a.size() == b.size().
double NormalizedMutualInformation(std::span<const uint32_t> a, std::span<const uint32_t> b);

}  // namespace ripple::graph
