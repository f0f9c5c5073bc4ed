// Local moving (graph/internal/leiden.h): the step that does most of the work at level 0. Passes
// visit nodes in blocks (see ForEachNodeInBlockOrder) and skip nodes none of whose neighbours
// moved since their last visit (Leiden's queue, kept as flags so that visits stay in id order
// within a block). A visit sums the weight to each neighbouring community in a NeighbourTable;
// the community ids are gathered first so their cache misses overlap.
#include <algorithm>
#include <numeric>
#include <vector>
#include <cstdio>
#include <cstdlib>

#include "graph/internal/leiden.h"
#include "graph/internal/neighbour_table.h"

namespace ripple::graph::internal {

void ShuffledOrder(NodeId n, Rng& rng, Labels& order) {
  order.resize(n);
  std::iota(order.begin(), order.end(), 0u);
  for (NodeId i = n; i > 1; --i) {
    const auto j = static_cast<NodeId>(rng.Below(i));
    std::swap(order[i - 1], order[j]);
  }
}

template <class W>
double MoveNodes(const Csr<W>& g, const StepParams& params, Partition& part, Scratch& scratch,
                 Rng& rng) {
  const NodeId n = g.n;
  if (n == 0) return 0;
  HugeVector<uint8_t>& active = scratch.flag;
  active.assign(n, 1);
  uint32_t* comm = part.comm.data();
  double* tot = part.tot.data();
  const double scale = params.scale;
  NeighbourTable table;
  std::vector<uint32_t> ids;  // community of each neighbour of the visited node
  double gain = 0;
  uint64_t dbg_visits = 0;
  for (int pass = 0; pass < std::max(params.max_passes, 1); ++pass) {
    double pass_gain = 0;
    ForEachNodeInBlockOrder(n, rng, scratch.order, [&](NodeId v) {
        if (!active[v]) return;
        active[v] = 0;
        ++dbg_visits;
        const uint64_t begin = g.offsets[v], end = g.offsets[v + 1];
        const double sv = g.strength[v];
        const uint32_t own = comm[v];
        // Gather the community ids first: independent loads the CPU overlaps, which it cannot
        // do when each one feeds the table's dependent probe.
        const size_t degree = end - begin;
        if (ids.size() < degree) ids.resize(degree);
        for (size_t k = 0; k < degree; ++k) ids[k] = comm[g.targets[begin + k]];
        table.Prepare(degree);
        for (size_t k = 0; k < degree; ++k) {
          if (g.targets[begin + k] != v) table.Add(ids[k], g.weights[begin + k]);
        }
        tot[own] -= sv;
        const double stay = table.Get(own) - scale * sv * tot[own];
        uint32_t best = own;
        double best_score = stay;
        for (size_t k = 0; k < table.size(); ++k) {
          const uint32_t c = table.key(k);
          const double score = table.weight(k) - scale * sv * tot[c];
          if (score > best_score) {
            best_score = score;
            best = c;
          }
        }
        table.Clear();
        // A node whose every tie costs more than it brings does better alone (an empty
        // community scores 0); only possible when its community has other members, so a free
        // id exists.
        if (best_score < 0 && part.size[own] > 1) {
          best = part.empty.back();
          part.empty.pop_back();
          best_score = 0;
        }
        tot[best] += sv;
        if (best == own) return;
        ++part.size[best];
        if (--part.size[own] == 0) part.empty.push_back(own);
        comm[v] = best;
        pass_gain += (best_score - stay) * params.inv_m;
        for (size_t k = 0; k < degree; ++k) {
          if (ids[k] != best) active[g.targets[begin + k]] = 1;
        }
    });
    gain += pass_gain;
    if (std::getenv("LEIDEN_DEBUG") && n > 100000) std::fprintf(stderr, "    pass %d visits %.2f n gain %.6f\n", pass, double(dbg_visits)/n, pass_gain);
    dbg_visits = 0;
    if (pass_gain < params.min_gain) break;
  }
  return gain;
}
template double MoveNodes<float>(const Csr<float>&, const StepParams&, Partition&, Scratch&,
                                 Rng&);
template double MoveNodes<double>(const Csr<double>&, const StepParams&, Partition&, Scratch&,
                                  Rng&);

}  // namespace ripple::graph::internal
