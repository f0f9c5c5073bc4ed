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
// Deterministic: the same graph and options give the same membership, whatever options.threads
// (nodes are visited in blocks of consecutive ids, the blocks in an order drawn from
// options.seed, not from a clock). Isolated nodes are their own communities.
// Memory: O(nodes + entries) beyond the graph. On graphs above 65,536 nodes with more than one
// iteration, that includes one copy of the graph renumbered by community (for cache locality),
// so plan for about twice the graph's bytes() plus the first aggregated graph (at 10 M nodes and
// 100 M edges: 1.7 GB graph, 5.6 GB peak on top of it).
// Thread-safety: pure functions; may run concurrently on different (or the same const) graphs.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "graph/weighted_graph.h"

namespace ripple::graph {

struct CommunityOptions {
  double resolution = 1.0;
  bool refine = true;   // Leiden refinement (connected communities); false: plain Louvain
  int max_levels = 32;  // aggregation levels
  int max_passes = 64;  // local-moving sweeps per level
  // Leiden iterations: each runs all levels again, starting from the previous partition; they
  // stop early when one improves Q by less than min_gain. The second typically adds several
  // points of Q on large graphs (it re-splits what the first merged too early); a third adds
  // little (+0.0004 on the 10 M-node benchmark graph, for ~30 % more time). igraph's Leiden is
  // usually run with n_iterations = 2 too.
  int max_iterations = 2;
  double min_gain = 1e-7;  // a level stops when a sweep improves Q by less than this
  uint64_t seed = 42;
  // 2: the neighbour look-ups of local moving and refinement, aggregation and the renumbered
  // copy run on two threads (same result); more are not used.
  int threads = 1;
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
