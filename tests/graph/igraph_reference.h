// igraph 0.10 as the reference the graph part is checked against: the same graph handed to the C
// library (each undirected edge and self-loop once, with its weight) and its answers for
// modularity, NMI and PageRank. Also a seeded random graph generator for those comparisons.
#pragma once

#include <igraph/igraph.h>

#include <span>
#include <vector>

#include "core/rng.h"
#include "graph/weighted_graph.h"

namespace ripple::graph::reference {

class IgraphCopy {
 public:
  // From our graph's rows: entry u >= v of row v, i.e. every edge once.
  explicit IgraphCopy(const WeightedGraph& g) {
    std::vector<WeightedEdge> edges;
    for (NodeId v = 0; v < g.nodes(); ++v) {
      const auto nbrs = g.neighbours(v);
      const auto ws = g.weights(v);
      for (size_t i = 0; i < nbrs.size(); ++i) {
        if (nbrs[i] >= v) edges.push_back({v, nbrs[i], ws[i]});
      }
    }
    Build(g.nodes(), edges);
  }
  // From a raw edge list, repeats included (igraph keeps multi-edges).
  IgraphCopy(NodeId nodes, std::span<const WeightedEdge> edges) { Build(nodes, edges); }
  ~IgraphCopy() {
    igraph_vector_destroy(&weights_);
    igraph_destroy(&graph_);
  }
  IgraphCopy(const IgraphCopy&) = delete;
  IgraphCopy& operator=(const IgraphCopy&) = delete;

  double Modularity(std::span<const uint32_t> membership, double resolution = 1.0) const {
    igraph_vector_int_t m;
    igraph_vector_int_init(&m, static_cast<igraph_integer_t>(membership.size()));
    for (size_t i = 0; i < membership.size(); ++i) VECTOR(m)[i] = membership[i];
    igraph_real_t q = 0;
    igraph_modularity(&graph_, &m, &weights_, resolution, /*directed=*/false, &q);
    igraph_vector_int_destroy(&m);
    return q;
  }

  // PRPACK, undirected, weighted, uniform teleport.
  std::vector<double> PageRank(double damping) const {
    igraph_vector_t v;
    igraph_vector_init(&v, 0);
    igraph_real_t value = 0;
    igraph_personalized_pagerank(&graph_, IGRAPH_PAGERANK_ALGO_PRPACK, &v, &value, igraph_vss_all(),
                                 /*directed=*/false, damping, nullptr, &weights_, nullptr);
    std::vector<double> out(static_cast<size_t>(igraph_vector_size(&v)));
    for (size_t i = 0; i < out.size(); ++i) out[i] = VECTOR(v)[i];
    igraph_vector_destroy(&v);
    return out;
  }

 private:
  void Build(NodeId nodes, std::span<const WeightedEdge> edges) {
    igraph_vector_int_t list;
    igraph_vector_int_init(&list, static_cast<igraph_integer_t>(2 * edges.size()));
    igraph_vector_init(&weights_, static_cast<igraph_integer_t>(edges.size()));
    for (size_t i = 0; i < edges.size(); ++i) {
      VECTOR(list)[2 * i] = edges[i].a;
      VECTOR(list)[2 * i + 1] = edges[i].b;
      VECTOR(weights_)[i] = edges[i].weight;
    }
    igraph_create(&graph_, &list, nodes, IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(&list);
  }

  igraph_t graph_;
  igraph_vector_t weights_;
};

inline double IgraphNmi(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  igraph_vector_int_t va, vb;
  igraph_vector_int_init(&va, static_cast<igraph_integer_t>(a.size()));
  igraph_vector_int_init(&vb, static_cast<igraph_integer_t>(b.size()));
  for (size_t i = 0; i < a.size(); ++i) VECTOR(va)[i] = a[i];
  for (size_t i = 0; i < b.size(); ++i) VECTOR(vb)[i] = b[i];
  igraph_real_t nmi = 0;
  igraph_compare_communities(&va, &vb, &nmi, IGRAPH_COMMCMP_NMI);
  igraph_vector_int_destroy(&va);
  igraph_vector_int_destroy(&vb);
  return nmi;
}

// `edges` random edges on `nodes` nodes, with repeats (both directions) and self-loops (1 in
// `loop_every`), weights uniform in [0.1, 10] or, with integer_weights, whole numbers 1..10 so
// that sums of repeats are exact in float.
inline std::vector<WeightedEdge> RandomEdges(Rng& rng, NodeId nodes, size_t edges,
                                             bool integer_weights, int loop_every = 20) {
  std::vector<WeightedEdge> out;
  for (size_t i = 0; i < edges; ++i) {
    const auto a = static_cast<NodeId>(rng.Below(nodes));
    const auto b = rng.Below(loop_every) == 0 ? a : static_cast<NodeId>(rng.Below(nodes));
    const float w = integer_weights ? static_cast<float>(1 + rng.Below(10))
                                    : static_cast<float>(0.1 + 9.9 * rng.Uniform());
    out.push_back({a, b, w});
  }
  return out;
}

}  // namespace ripple::graph::reference
