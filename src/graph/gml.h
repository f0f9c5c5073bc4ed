// Reads the GML graphs of ../shared/data/graphs (karate, football, eu-core, polblogs) into an
// undirected unit-weight WeightedGraph plus each node's ground-truth label (the `gt` attribute,
// or `value` when there is no gt). Directed graphs are read as undirected; repeated edges and
// self-loops are dropped so every graph is simple (as the published modularities assume).
// Node ids are renumbered densely in file order.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "graph/weighted_graph.h"

namespace ripple::graph {

struct LabeledGraph {
  WeightedGraph graph;
  std::vector<uint32_t> labels;  // dense label index per node
  std::vector<std::string> label_names;
  uint64_t file_edges = 0;  // edge records in the file, before merging
};

// Errors name the file and line (unreadable file, unbalanced brackets, an edge to an unknown
// node id, a node without an id).
Result<LabeledGraph> ReadGml(const std::string& path);

}  // namespace ripple::graph
