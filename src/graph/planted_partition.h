// A generator of weighted graphs with planted communities, for tests and the scale benchmark
// (10M nodes, 100M edges): community sizes from a truncated power law, each node's degree
// around a mean, a fraction `mixing` of each node's edges leaving its community (LFR-like but
// O(edges) and streaming). Deterministic for a seed.
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <vector>

#include "graph/weighted_graph.h"

namespace ripple::graph {

struct PlantedOptions {
  NodeId nodes = 1000;
  uint64_t edges = 10000;  // undirected edges generated (before merging repeats)
  uint32_t min_community = 10;
  uint32_t max_community = 1000;
  double size_exponent = 2.0;  // community sizes ~ s^-exponent in [min, max]
  double mixing = 0.3;         // share of edges with endpoints in different communities
  double max_weight = 10;      // weights uniform in [1, max_weight]
  uint64_t seed = 1;
};

struct PlantedGraph {
  std::vector<WeightedEdge> edges;
  std::vector<uint32_t> truth;  // node -> planted community
};

PlantedGraph GeneratePlanted(const PlantedOptions& options);

}  // namespace ripple::graph
