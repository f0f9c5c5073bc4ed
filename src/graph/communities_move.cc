// Local moving (graph/internal/leiden.h): the step that does most of the work at level 0.
//
// Passes visit nodes in blocks (see ForEachBlock) and skip nodes none of whose neighbours
// moved since their last visit (Leiden's queue, kept as flags so that visits stay in id order
// within a block). The active nodes of a block form a batch, handled in three phases:
//   A. for every node, the weight to each neighbouring community (the neighbours' community
//      ids are independent loads, so the cache misses of the whole batch overlap) - on two
//      threads when asked, each filling its own nodes' slots;
//   B. one node after the other, the move decision on live community statistics. A node whose
//      neighbour moved earlier in the same batch has its weights recomputed, so the decisions
//      are exactly those of visiting the nodes one by one;
//   C. the neighbours of the moved nodes are flagged for the next pass.
// The result is the same with one thread or two.
#include <algorithm>
#include <numeric>
#include <vector>

#include "graph/internal/batch.h"

namespace ripple::graph::internal {

void ShuffledOrder(NodeId n, Rng& rng, Labels& order) {
  order.resize(n);
  std::iota(order.begin(), order.end(), 0u);
  for (NodeId i = n; i > 1; --i) {
    const auto j = static_cast<NodeId>(rng.Below(i));
    std::swap(order[i - 1], order[j]);
  }
}

namespace {

// Community ids of the rows of nodes [first, last) of the batch, into their slots: a loop of
// independent loads only, so the cache misses of many rows are in flight together.
template <class W>
void Gather(const Csr<W>& g, const uint32_t* comm, const NodeId* batch, size_t first, size_t last,
            Candidates& c) {
  for (size_t j = first; j < last; ++j) {
    const NodeId v = batch[j];
    uint32_t* ids = c.nbr_comm.data() + c.begin[j];
    const uint64_t b = g.offsets[v], e = g.offsets[v + 1];
    for (uint64_t i = b; i < e; ++i) ids[i - b] = comm[g.targets[i]];
  }
}

// The weights from v (node j of the batch) to its neighbouring communities, from the gathered
// ids, into slot j.
template <class W>
void Sum(const Csr<W>& g, const uint32_t* comm, NodeId v, size_t j, NeighbourTable& table,
         Candidates& c) {
  const uint64_t b = g.offsets[v], e = g.offsets[v + 1], slot = c.begin[j];
  const uint32_t* ids = c.nbr_comm.data() + slot;
  table.Prepare(e - b);
  for (uint64_t i = b; i < e; ++i) {
    if (g.targets[i] != v) table.Add(ids[i - b], g.weights[i]);
  }
  c.count[j] = static_cast<uint32_t>(table.size());
  c.own_weight[j] = table.Get(comm[v]);
  c.heaviest[j] = table.Drain(c.key.data() + slot, c.weight.data() + slot);
}

template <class W>
void Collect(const Csr<W>& g, const uint32_t* comm, const NodeId* batch, size_t first, size_t last,
             NeighbourTable& table, Candidates& c) {
  Gather(g, comm, batch, first, last, c);
  for (size_t j = first; j < last; ++j) Sum(g, comm, batch[j], j, table, c);
}

}  // namespace

template <class W>
double MoveNodes(const Csr<W>& g, const StepParams& params, Partition& part, Scratch& scratch,
                 Rng& rng) {
  const NodeId n = g.n;
  if (n == 0) return 0;
  uint8_t* active = (scratch.flag.assign(n, 1), scratch.flag.data());
  uint32_t* comm = part.comm.data();
  Partition::Stats* stats = part.stats.data();
  const double scale = params.scale;
  const bool prune = scale >= 0;  // the bound below needs a non-negative resolution
  NeighbourTable table, helper_table;
  Candidates cand;
  std::vector<NodeId> batch;
  std::vector<uint8_t> moved(BlockSize(n), 0);
  std::vector<uint32_t> moved_from(BlockSize(n));  // a moved node's community before
  std::vector<uint32_t> moved_list;
  Worker worker(params.threads > 1 && n > 100'000);

  double pass_gain = 0;
  auto decide = [&](size_t j, NodeId lo) {
    const NodeId v = batch[j];
    active[v] = 0;
    const double sv = g.strength[v];
    const uint32_t own = comm[v];
    // Neighbours that moved earlier in this batch: their weight follows them.
    if (!moved_list.empty()) {
      const uint64_t b = g.offsets[v];
      FollowChangedNeighbours(
          g, v, lo, moved, cand, j,
          [&](uint64_t i, NodeId u) {
            const uint32_t from = moved_from[u - lo], to = comm[u];
            const double w = g.weights[i];
            if (from == own) cand.own_weight[j] -= w;
            if (to == own) cand.own_weight[j] += w;
            cand.nbr_comm[cand.begin[j] + (i - b)] = to;
            return cand.Shift(j, from, to, w) ? Followed::kShifted : Followed::kOverflow;
          },
          [&] { Collect(g, comm, batch.data(), j, j + 1, table, cand); });
    }
    const uint64_t slot = cand.begin[j];
    const uint32_t* keys = cand.key.data() + slot;
    const double* weights = cand.weight.data() + slot;
    stats[own].tot -= sv;
    const double stay = cand.own_weight[j] - scale * sv * stats[own].tot;
    // A candidate scores at most its weight (tot >= 0), so one whose weight cannot beat the best
    // score so far needs no look-up of its statistics (a cache miss each). The heaviest goes
    // first to make that bound bite; ties go to the earlier candidate.
    uint32_t best = own;
    double best_score = stay;
    size_t best_index = SIZE_MAX;
    auto consider = [&](size_t k) {
      if (prune && weights[k] < best_score) return;
      const double score = weights[k] - scale * sv * stats[keys[k]].tot;
      if (score > best_score || (score == best_score && best != own && k < best_index)) {
        best_score = score;
        best = keys[k];
        best_index = k;
      }
    };
    cand.VisitHeaviestFirst(j, consider);
    // A node whose every tie costs more than it brings does better alone (an empty community
    // scores 0); only possible when its community has other members, so a free id exists.
    if (best_score < 0 && stats[own].size > 1) {
      best = part.empty.back();
      part.empty.pop_back();
      best_score = 0;
    }
    stats[best].tot += sv;
    if (best == own) return;
    ++stats[best].size;
    if (--stats[own].size == 0) part.empty.push_back(own);
    comm[v] = best;
    pass_gain += (best_score - stay) * params.inv_m;
    moved[v - lo] = 1;
    moved_from[v - lo] = own;
    moved_list.push_back(static_cast<uint32_t>(j));
  };

  auto run_batch = [&]() {
    const size_t k = batch.size();
    cand.Layout(k, [&](size_t j) { return g.offsets[batch[j] + 1] - g.offsets[batch[j]]; });
    // Phase A: independent per node; with a helper, it takes the second half.
    CollectBatch(worker, k, table, helper_table, [&](size_t first, size_t last, NeighbourTable& t) {
      Collect(g, comm, batch.data(), first, last, t, cand);
    });
    for (size_t j = 0; j < k; ++j) {
      __builtin_prefetch(stats + comm[batch[j]]);
      if (cand.count[j] > 0) __builtin_prefetch(stats + cand.key[cand.begin[j] + cand.heaviest[j]]);
    }
    // Phase B.
    const NodeId lo = batch.front();
    for (size_t j = 0; j < k; ++j) decide(j, lo);
    // Phase C: neighbours not in the node's new community get another visit.
    for (const uint32_t j : moved_list) {
      const NodeId v = batch[j];
      moved[v - lo] = 0;
      const uint32_t now = comm[v];
      const uint64_t b = g.offsets[v], e = g.offsets[v + 1];
      const uint32_t* ids = cand.nbr_comm.data() + cand.begin[j];
      for (uint64_t i = b; i < e; ++i) {
        const NodeId u = g.targets[i];
        if (ids[i - b] != now && !active[u]) active[u] = 1;
      }
    }
    moved_list.clear();
  };

  double gain = 0;
  for (int pass = 0; pass < std::max(params.max_passes, 1); ++pass) {
    pass_gain = 0;
    ForEachBlock(n, rng, scratch.order, [&](NodeId first, NodeId last) {
      batch.clear();
      for (NodeId v = first; v < last; ++v) {
        if (active[v]) batch.push_back(v);
      }
      if (!batch.empty()) run_batch();
    });
    gain += pass_gain;
    if (pass_gain < params.min_gain) break;
  }
  return gain;
}

template double MoveNodes<float>(const Csr<float>&, const StepParams&, Partition&, Scratch&, Rng&);
template double MoveNodes<double>(const Csr<double>&, const StepParams&, Partition&, Scratch&,
                                  Rng&);

}  // namespace ripple::graph::internal
