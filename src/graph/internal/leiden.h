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
#include "graph/internal/huge_pages.h"
#include "graph/weighted_graph.h"

namespace ripple::graph::internal {

using Labels = HugeVector<uint32_t>;

// The graph of a level above 0: one node per refined community of the level below. Rows hold no
// self-loops (a node's internal weight never changes a move's gain) and are not sorted; a node's
// strength is the sum of its members' strengths, so Q is preserved across levels.
struct LevelGraph {
  HugeVector<uint64_t> offsets{0};
  HugeVector<NodeId> targets;
  HugeVector<double> edge_weights;
  HugeVector<double> node_weights;

  NodeId nodes() const { return static_cast<NodeId>(node_weights.size()); }
};

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
inline Csr<double> View(const LevelGraph& g) {
  return {g.nodes(), g.offsets.data(), g.targets.data(), g.edge_weights.data(),
          g.node_weights.data()};
}

struct StepParams {
  double scale = 0;  // resolution / (2m)
  double inv_m = 0;  // 1 / m: converts a score difference into a change of Q
  int max_passes = 64;
  double min_gain = 1e-7;
  int threads = 1;
};

struct Partition {
  Labels comm;
  HugeVector<double> tot;
  HugeVector<uint32_t> size;
  std::vector<uint32_t> empty;

  // REQUIRES: initial.size() == g.n; every value < g.n.
  template <class W>
  void Init(const Csr<W>& g, std::span<const uint32_t> initial) {
    const NodeId n = g.n;
    comm.assign(initial.begin(), initial.end());
    tot.assign(n, 0);
    size.assign(n, 0);
    for (NodeId v = 0; v < n; ++v) {
      tot[comm[v]] += g.strength[v];
      ++size[comm[v]];
    }
    empty.clear();
    for (NodeId c = n; c-- > 0;) {
      if (size[c] == 0) empty.push_back(c);
    }
  }
  uint32_t count() const { return static_cast<uint32_t>(size.size() - empty.size()); }
};

// Buffers reused across steps and levels, so that no step allocates per node and the big ones
// are faulted in once.
struct Scratch {
  Labels order;
  HugeVector<uint8_t> flag;
  HugeVector<double> tot2;
  HugeVector<double> ext;
  Labels size2;
  Labels map;
};

// A random permutation of [0, n).
void ShuffledOrder(NodeId n, Rng& rng, Labels& order);

// Nodes are visited block by block, the blocks in a random order and the nodes of a block in id
// order: rows are then read as streams rather than one cache miss chain per node (5x faster at
// 10 M nodes), while small graphs (block size 1) still get a fully random order.
inline NodeId BlockSize(NodeId n) { return std::clamp<NodeId>(n >> 10, 1, 1024); }

// Calls visit(v) for every node, in the order above.
template <class Visit>
void ForEachNodeInBlockOrder(NodeId n, Rng& rng, Labels& order, Visit&& visit) {
  const NodeId block = BlockSize(n);
  ShuffledOrder((n + block - 1) / block, rng, order);
  for (const NodeId b : order) {
    const NodeId first = b * block, last = std::min<NodeId>(n, first + block);
    for (NodeId v = first; v < last; ++v) visit(v);
  }
}

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
uint32_t Refine(const Csr<W>& g, const StepParams& params, const Partition& part,
                Scratch& scratch, Rng& rng, Labels& refined);

// The graph with one node per group (group ids dense in [0, count)), weights summed, internal
// edges dropped.
template <class W>
LevelGraph Aggregate(const Csr<W>& g, std::span<const uint32_t> group, uint32_t count,
                     int threads);

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
