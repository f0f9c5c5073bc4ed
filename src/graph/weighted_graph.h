// WeightedGraph: an undirected weighted graph in compressed sparse rows, the input of every
// graph algorithm in this part (circles, key persons) and of the scale benchmarks.
//
// Nodes are dense ids 0..nodes()-1. Each undirected edge {a,b} with a != b is stored twice (b in
// a's row, a in b's row) with the same weight; a self-loop {a,a} is stored once in a's row. Rows
// are sorted by neighbour and hold no repeated neighbour (FromEdges sums parallel edges).
// Strength (weighted degree) follows igraph's and networkx's convention: a self-loop of weight w
// adds 2w to its node's strength, so that sum of strengths = 2 * total edge weight.
// Bytes: 16 per node (offset + strength) + 8 per stored neighbour (4 id + 4 weight), i.e. ~16
// per undirected edge.
// Thread-safety: immutable after construction; any number of concurrent readers.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/huge_pages.h"

namespace ripple::graph {

using NodeId = uint32_t;

struct WeightedEdge {
  NodeId a = 0;
  NodeId b = 0;
  float weight = 1;
};

class WeightedGraph {
 public:
  WeightedGraph() = default;
  // Builds the graph of `nodes` nodes from an edge list in any order. Parallel edges (in either
  // direction) are merged by summing their weights (in double, stored as float); edges with
  // weight <= 0, NaN or infinite, or an endpoint >= nodes are dropped (counted in
  // dropped_edges()).
  static WeightedGraph FromEdges(NodeId nodes, std::span<const WeightedEdge> edges);

  NodeId nodes() const { return static_cast<NodeId>(offsets_.empty() ? 0 : offsets_.size() - 1); }
  // Stored neighbour entries (2 per edge, 1 per self-loop).
  uint64_t entries() const { return targets_.size(); }
  std::span<const NodeId> neighbours(NodeId v) const {
    return {targets_.data() + offsets_[v], targets_.data() + offsets_[v + 1]};
  }
  std::span<const float> weights(NodeId v) const {
    return {weights_.data() + offsets_[v], weights_.data() + offsets_[v + 1]};
  }
  // Weighted degree, self-loops counted twice.
  double strength(NodeId v) const { return strengths_[v]; }
  // Sum of edge weights, each undirected edge and self-loop once.
  double total_weight() const { return total_weight_; }
  uint64_t dropped_edges() const { return dropped_edges_; }
  // The raw rows, for the algorithms of this part: row v is [row_offsets()[v],
  // row_offsets()[v + 1]) of neighbours() / weights(); strengths() holds every strength().
  const uint64_t* row_offsets() const { return offsets_.data(); }
  std::span<const double> strengths() const { return {strengths_.data(), strengths_.size()}; }
  size_t bytes() const;

 private:
  // Huge pages: every algorithm here reads these at random positions.
  HugeVector<uint64_t> offsets_;  // nodes+1
  HugeVector<NodeId> targets_;
  HugeVector<float> weights_;
  HugeVector<double> strengths_;
  double total_weight_ = 0;
  uint64_t dropped_edges_ = 0;
};

}  // namespace ripple::graph
