// The three steps of DetectCommunities (graph/communities.h) on one level of the hierarchy:
// local moving of nodes between communities (Louvain, with Leiden's queue), refinement of each
// community into well-connected sub-communities (Leiden), and aggregation of those into the
// next level's graph. Each step works on a Csr view, a template over the weight type: the
// caller's WeightedGraph at level 0 (float weights, never copied) and a LevelGraph above it.
//
// Invariants of a Partition on a graph of n nodes: community ids lie in [0, n); tot[c] is the
// sum of the strengths of c's nodes and size[c] their count; `empty` lists exactly the ids with
// size 0. Gains are in edge-weight units: moving v into C scores k(v,C) - scale * s_v * tot(C)
// with scale = resolution / (2m); a difference of scores d is a change of Q of d / m.
// Thread-safety: the steps are single calls on caller-owned state; nothing is shared between
// calls except through their arguments.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "core/rng.h"
#include "core/huge_pages.h"
#include "graph/weighted_graph.h"

namespace ripple::graph::internal {

using Labels = HugeVector<uint32_t>;

// A graph owned by the algorithm, in the same row layout as WeightedGraph: the level-0 graph
// renumbered for locality (float weights, self-loops kept) and the aggregated graphs above it
// (LevelGraph: double weights, no self-loops since a node's internal weight never changes a
// move's gain, rows unsorted). A node's strength is kept explicitly so that Q is preserved
// across levels.
template <class W>
struct CsrGraph {
  HugeVector<uint64_t> offsets{0};
  HugeVector<NodeId> targets;
  HugeVector<W> weights;
  HugeVector<double> strength;

  NodeId nodes() const { return static_cast<NodeId>(strength.size()); }
};
using LevelGraph = CsrGraph<double>;

// Raw rows of either graph type: row v is [offsets[v], offsets[v + 1]) of targets / weights.
template <class W>
struct Csr {
  NodeId n = 0;
  const uint64_t* offsets = nullptr;
  const NodeId* targets = nullptr;
  const W* weights = nullptr;
  const double* strength = nullptr;
};

inline Csr<float> View(const WeightedGraph& g) {
  if (g.nodes() == 0) return {};
  return {g.nodes(), g.row_offsets(), g.neighbours(0).data(), g.weights(0).data(),
          g.strengths().data()};
}
template <class W>
Csr<W> View(const CsrGraph<W>& g) {
  return {g.nodes(), g.offsets.data(), g.targets.data(), g.weights.data(), g.strength.data()};
}

struct StepParams {
  double scale = 0;  // resolution / (2m)
  double inv_m = 0;  // 1 / m: converts a score difference into a change of Q
  int max_passes = 64;
  double min_gain = 1e-7;
  int threads = 1;
};

struct Partition {
  // tot and size side by side: a move reads both at a random position (one cache miss).
  struct Stats {
    double tot = 0;
    uint32_t size = 0;
  };
  Labels comm;
  HugeVector<Stats> stats;
  std::vector<uint32_t> empty;

  // REQUIRES: initial.size() == g.n; every value < g.n.
  template <class W>
  void Init(const Csr<W>& g, std::span<const uint32_t> initial) {
    const NodeId n = g.n;
    comm.assign(initial.begin(), initial.end());
    stats.assign(n, Stats{});
    for (NodeId v = 0; v < n; ++v) {
      stats[comm[v]].tot += g.strength[v];
      ++stats[comm[v]].size;
    }
    empty.clear();
    for (NodeId c = n; c-- > 0;) {
      if (stats[c].size == 0) empty.push_back(c);
    }
  }
  uint32_t count() const { return static_cast<uint32_t>(stats.size() - empty.size()); }
};

// Aggregate's working arrays, kept from level to level (see Scratch).
struct AggregateBuffers {
  Labels start;
  Labels cursor;
  HugeVector<NodeId> members;
  HugeVector<uint64_t> low_lengths;
  HugeVector<uint64_t> high_lengths;
  HugeVector<NodeId> high_targets;
  HugeVector<double> high_weights;
};

// Buffers reused across steps, levels and iterations, so that no step allocates per node and
// the big ones are faulted in once: fresh pages cost more than the work on them (the kernel
// zeroes each, and on a VM the host may have to back it first).
struct Scratch {
  // A sub-community of refinement: total strength, weight to the rest of its community, nodes.
  struct Sub {
    double tot = 0;
    double ext = 0;
    uint32_t size = 0;
  };
  Labels order;
  HugeVector<uint8_t> flag;
  HugeVector<Sub> sub;
  Labels map;
  Labels group;       // node -> group of the next level
  Labels start;       // the next level's initial partition
  Labels node_level;  // level-0 node -> node of the current level
  Labels group_comm;
  AggregateBuffers aggregate;
  LevelGraph levels[2];  // the current level's graph and the next one's, in turn
  Partition part;
};

// A random permutation of [0, n).
void ShuffledOrder(NodeId n, Rng& rng, Labels& order);

// Nodes are visited block by block, the blocks in a random order and the nodes of a block in id
// order: rows are then read as streams rather than one chain of cache misses per node (a sweep
// over the 10 M-node benchmark graph takes 1.3 s instead of 6.2 s), while small graphs (block
// size 1) still get a fully random order.
inline NodeId BlockSize(NodeId n) { return std::clamp<NodeId>(n >> 10, 1, 1024); }

// Calls fn(first, last) for every block [first, last), in the order above.
template <class Fn>
void ForEachBlock(NodeId n, Rng& rng, Labels& order, Fn&& fn) {
  const NodeId block = BlockSize(n);
  ShuffledOrder((n + block - 1) / block, rng, order);
  for (const NodeId b : order) fn(b * block, std::min<NodeId>(n, b * block + block));
}

// How many of a row's neighbours the prefetches cover.
inline constexpr uint64_t kPrefetchRow = 64;

// Moves nodes to the neighbouring community of best gain until no move gains (Leiden's queue:
// only neighbours of moved nodes are revisited), at most max_passes * n visits, and stops early
// when n visits gained less than min_gain. Returns the gain in Q.
template <class W>
double MoveNodes(const Csr<W>& g, const StepParams& params, Partition& part, Scratch& scratch,
                 Rng& rng);

// Leiden's refinement: starting from singletons, merges each still-singleton node that is well
// connected to its community into a well-connected sub-community of that community (best gain
// >= 0). Writes the dense sub-community of each node into `refined` and returns their count.
// Every sub-community is connected.
template <class W>
uint32_t Refine(const Csr<W>& g, const StepParams& params, const Partition& part, Scratch& scratch,
                Rng& rng, Labels& refined);

// Writes into `out` (its old contents dropped, its memory reused) the graph with one node per
// group (group ids dense in [0, count)), weights summed, internal edges dropped.
template <class W>
void Aggregate(const Csr<W>& g, std::span<const uint32_t> group, uint32_t count, int threads,
               AggregateBuffers& buffers, LevelGraph& out);

// The same graph with node v renumbered new_id[v]; order is the inverse (order[new] = old).
// Rows keep their entries (self-loops too) in their order. Two threads copy halves of the rows.
template <class W>
CsrGraph<W> Permute(const Csr<W>& g, std::span<const NodeId> order, std::span<const NodeId> new_id,
                    int threads);

// Q of a partition of a Csr graph (labels < g.n), as graph/communities.h defines it.
template <class W>
double ModularityOf(const Csr<W>& g, std::span<const uint32_t> labels, double resolution);

// Renumbers `labels` in place to 0..k-1 in order of first appearance; returns k.
// REQUIRES: every label < bound. `map` is scratch space.
template <class V>
uint32_t Densify(V& labels, uint32_t bound, Labels& map) {
  map.assign(bound, UINT32_MAX);
  uint32_t next = 0;
  for (uint32_t& l : labels) {
    if (map[l] == UINT32_MAX) map[l] = next++;
    l = map[l];
  }
  return next;
}

}  // namespace ripple::graph::internal
