// Leiden refinement (graph/internal/leiden.h; Traag, Waltman & van Eck 2019, Algorithm A.2):
// each community of the local-moving partition is split into sub-communities grown from
// singletons by merging along edges, which is why the aggregated nodes, and so the final
// communities, are connected. The merge choice is the best-gain one (the paper draws it at
// random with probability ~ exp(gain / theta); igraph's beta = 0.01 on raw weight differences
// makes that draw greedy in practice too).
#include "graph/internal/leiden.h"
#include "graph/internal/neighbour_table.h"

namespace ripple::graph::internal {

template <class W>
uint32_t Refine(const Csr<W>& g, const StepParams& params, const Partition& part,
                Scratch& scratch, Rng& rng, Labels& refined) {
  const NodeId n = g.n;
  const uint32_t* comm = part.comm.data();
  const double scale = params.scale;
  refined.resize(n);
  HugeVector<double>& rtot = scratch.tot2;  // refined community -> total strength
  HugeVector<double>& ext = scratch.ext;    // refined community r -> weight from r to C - r
  Labels& rsize = scratch.size2;
  rtot.assign(g.strength, g.strength + n);
  ext.resize(n);
  rsize.assign(n, 1);
  constexpr uint64_t kAhead = 16;
  const uint64_t entries = g.offsets[n];
  for (NodeId v = 0; v < n; ++v) {
    refined[v] = v;
    const uint32_t c = comm[v];
    double e = 0;
    for (uint64_t i = g.offsets[v]; i < g.offsets[v + 1]; ++i) {
      if (i + kAhead < entries) __builtin_prefetch(comm + g.targets[i + kAhead]);
      const NodeId u = g.targets[i];
      if (u != v && comm[u] == c) e += g.weights[i];
    }
    ext[v] = e;
  }

  NeighbourTable table;
  ForEachNodeInBlockOrder(n, rng, scratch.order, [&](NodeId v) {
    if (rsize[refined[v]] != 1) return;  // v has been joined by others: not a singleton
    const uint32_t c = comm[v];
    const double sv = g.strength[v];
    const double tot_c = part.tot[c];
    // Only a node well connected to the rest of its community may leave its singleton...
    if (ext[v] < scale * sv * (tot_c - sv)) return;
    const uint64_t begin = g.offsets[v], end = g.offsets[v + 1];
    table.Prepare(end - begin);
    for (uint64_t i = begin; i < end; ++i) {
      const NodeId u = g.targets[i];
      if (u != v && comm[u] == c) table.Add(refined[u], g.weights[i]);
    }
    uint32_t best = UINT32_MAX;
    double best_score = 0, best_weight = 0;
    for (size_t j = 0; j < table.size(); ++j) {
      const uint32_t r = table.key(j);
      // ...and only into a sub-community well connected to the rest of the community.
      if (ext[r] < scale * rtot[r] * (tot_c - rtot[r])) continue;
      const double score = table.weight(j) - scale * sv * rtot[r];
      if (score > best_score || (best == UINT32_MAX && score >= 0)) {
        best = r;
        best_score = score;
        best_weight = table.weight(j);
      }
    }
    table.Clear();
    if (best != UINT32_MAX) {
      ext[best] += ext[v] - 2 * best_weight;
      rtot[best] += sv;
      ++rsize[best];
      rsize[v] = 0;
      refined[v] = best;
    }
  });
  return Densify(refined, n, scratch.map);
}

template uint32_t Refine<float>(const Csr<float>&, const StepParams&, const Partition&, Scratch&,
                                Rng&, Labels&);
template uint32_t Refine<double>(const Csr<double>&, const StepParams&, const Partition&,
                                 Scratch&, Rng&, Labels&);

}  // namespace ripple::graph::internal
