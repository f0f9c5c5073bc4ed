// Leiden refinement (graph/internal/leiden.h; Traag, Waltman & van Eck 2019, Algorithm A.2):
// each community of the local-moving partition is split into sub-communities grown from
// singletons by merging along edges, which is why the aggregated nodes, and so the final
// communities, are connected. The merge choice is the best-gain one (the paper draws it at
// random with probability ~ exp(gain / theta); igraph's beta = 0.01 on raw weight differences
// makes that draw greedy in practice too).
//
// Laid out like local moving (communities_move.cc): blocks in random order, the singletons of
// a block as one batch whose neighbour look-ups run first (on two threads when asked), then the
// merge decisions one by one, recomputing a node's weights when a neighbour merged earlier in
// the batch. Same result with one thread or two.
#include <algorithm>
#include <vector>

#include "graph/internal/batch.h"

namespace ripple::graph::internal {
namespace {

// Community and sub-community ids of the rows of nodes [first, last) of the batch: independent
// loads only, so the cache misses of many rows overlap.
template <class W>
void Gather(const Csr<W>& g, const uint32_t* comm, const uint32_t* refined, const NodeId* batch,
            size_t first, size_t last, Candidates& c) {
  for (size_t j = first; j < last; ++j) {
    const NodeId v = batch[j];
    uint32_t* ids = c.nbr_comm.data() + c.begin[j];
    uint32_t* subs = c.nbr_sub.data() + c.begin[j];
    const uint64_t b = g.offsets[v], e = g.offsets[v + 1];
    for (uint64_t i = b; i < e; ++i) {
      ids[i - b] = comm[g.targets[i]];
      subs[i - b] = refined[g.targets[i]];
    }
  }
}

// The weight from v (node j of the batch) to each sub-community of its own community among its
// neighbours, from the gathered ids.
template <class W>
void SumToSubs(const Csr<W>& g, const uint32_t* comm, NodeId v, size_t j, NeighbourTable& table,
               Candidates& c) {
  const uint64_t b = g.offsets[v], e = g.offsets[v + 1], slot = c.begin[j];
  const uint32_t* ids = c.nbr_comm.data() + slot;
  const uint32_t* subs = c.nbr_sub.data() + slot;
  const uint32_t own = comm[v];
  table.Prepare(e - b);
  for (uint64_t i = b; i < e; ++i) {
    if (g.targets[i] != v && ids[i - b] == own) table.Add(subs[i - b], g.weights[i]);
  }
  c.count[j] = static_cast<uint32_t>(table.size());
  c.heaviest[j] = table.Drain(c.key.data() + slot, c.weight.data() + slot);
}

template <class W>
void Collect(const Csr<W>& g, const uint32_t* comm, const uint32_t* refined, const NodeId* batch,
             size_t first, size_t last, NeighbourTable& table, Candidates& c) {
  Gather(g, comm, refined, batch, first, last, c);
  for (size_t j = first; j < last; ++j) SumToSubs(g, comm, batch[j], j, table, c);
}

// sub[v] = {v}: its strength and its weight to the rest of its community; nodes [first, last).
template <class W>
void InitSingletons(const Csr<W>& g, const uint32_t* comm, NodeId first, NodeId last,
                    Scratch::Sub* sub, uint32_t* refined) {
  const uint64_t end = g.offsets[last];
  for (NodeId v = first; v < last; ++v) {
    refined[v] = v;
    const uint32_t c = comm[v];
    double e = 0;
    for (uint64_t i = g.offsets[v]; i < g.offsets[v + 1]; ++i) {
      if (i + 16 < end) __builtin_prefetch(comm + g.targets[i + 16]);
      const NodeId u = g.targets[i];
      if (u != v && comm[u] == c) e += g.weights[i];
    }
    sub[v] = {g.strength[v], e, 1};
  }
}

}  // namespace

template <class W>
uint32_t Refine(const Csr<W>& g, const StepParams& params, const Partition& part, Scratch& scratch,
                Rng& rng, Labels& refined) {
  const NodeId n = g.n;
  const uint32_t* comm = part.comm.data();
  const double scale = params.scale;
  const bool prune = scale >= 0;  // the bound below needs a non-negative resolution
  refined.resize(n);
  scratch.sub.resize(n);
  Scratch::Sub* sub = scratch.sub.data();
  Worker worker(params.threads > 1 && n > 100'000);
  if (worker.enabled()) {
    auto second_half = [&] { InitSingletons(g, comm, n / 2, n, sub, refined.data()); };
    worker.Start(second_half);
    InitSingletons(g, comm, 0, n / 2, sub, refined.data());
    worker.Wait();
  } else {
    InitSingletons(g, comm, 0, n, sub, refined.data());
  }

  NeighbourTable table, helper_table;
  Candidates cand;
  std::vector<NodeId> batch;
  std::vector<uint8_t> merged(BlockSize(n), 0);
  bool any_merged = false;

  auto decide = [&](size_t j, NodeId lo) {
    const NodeId v = batch[j];
    if (sub[refined[v]].size != 1) return;  // joined by an earlier node: not a singleton
    const uint32_t c = comm[v];
    const double sv = g.strength[v];
    const double tot_c = part.stats[c].tot;
    // Only a node well connected to the rest of its community may leave its singleton...
    if (sub[v].ext < scale * sv * (tot_c - sv)) return;
    // Neighbours of its community that merged earlier in this batch: their weight follows them
    // from their singleton to the sub-community they joined.
    if (any_merged) {
      FollowChangedNeighbours(
          g, v, lo, merged, cand, j,
          [&](uint64_t i, NodeId u) {
            if (comm[u] != c) return Followed::kSkipped;
            return cand.Shift(j, u, refined[u], g.weights[i]) ? Followed::kShifted
                                                              : Followed::kOverflow;
          },
          [&] { Collect(g, comm, refined.data(), batch.data(), j, j + 1, table, cand); });
    }
    const uint64_t slot = cand.begin[j];
    const uint32_t* keys = cand.key.data() + slot;
    const double* weights = cand.weight.data() + slot;
    // As in local moving: the heaviest candidate first, then only those whose weight could
    // still beat the best score (a candidate scores at most its weight).
    uint32_t best = UINT32_MAX;
    double best_score = 0, best_weight = 0;
    size_t best_index = SIZE_MAX;
    auto consider = [&](size_t k) {
      if (prune && best != UINT32_MAX && weights[k] < best_score) return;
      const Scratch::Sub& r = sub[keys[k]];
      if (r.size == 0) return;  // a singleton that has merged since the weights were summed
      // ...and only into a sub-community well connected to the rest of the community.
      if (r.ext < scale * r.tot * (tot_c - r.tot)) return;
      const double score = weights[k] - scale * sv * r.tot;
      if (score < 0) return;
      if (best == UINT32_MAX || score > best_score || (score == best_score && k < best_index)) {
        best = keys[k];
        best_score = score;
        best_weight = weights[k];
        best_index = k;
      }
    };
    cand.VisitHeaviestFirst(j, consider);
    if (best == UINT32_MAX) return;
    sub[best].ext += sub[v].ext - 2 * best_weight;
    sub[best].tot += sv;
    ++sub[best].size;
    sub[v].size = 0;
    refined[v] = best;
    merged[v - lo] = 1;
    any_merged = true;
  };

  ForEachBlock(n, rng, scratch.order, [&](NodeId first, NodeId last) {
    batch.clear();
    for (NodeId v = first; v < last; ++v) {
      if (sub[refined[v]].size == 1) batch.push_back(v);
    }
    if (batch.empty()) return;
    const size_t k = batch.size();
    cand.Layout(k, [&](size_t j) { return g.offsets[batch[j] + 1] - g.offsets[batch[j]]; });
    CollectBatch(worker, k, table, helper_table, [&](size_t first, size_t last, NeighbourTable& t) {
      Collect(g, comm, refined.data(), batch.data(), first, last, t, cand);
    });
    for (size_t j = 0; j < k; ++j) {
      if (cand.count[j] > 0) __builtin_prefetch(sub + cand.key[cand.begin[j] + cand.heaviest[j]]);
    }
    const NodeId lo = batch.front();
    for (size_t j = 0; j < k; ++j) decide(j, lo);
    if (any_merged) {
      for (const NodeId v : batch) merged[v - lo] = 0;
      any_merged = false;
    }
  });
  return Densify(refined, n, scratch.map);
}

template uint32_t Refine<float>(const Csr<float>&, const StepParams&, const Partition&, Scratch&,
                                Rng&, Labels&);
template uint32_t Refine<double>(const Csr<double>&, const StepParams&, const Partition&, Scratch&,
                                 Rng&, Labels&);

}  // namespace ripple::graph::internal
