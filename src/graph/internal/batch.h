// The two pieces local moving and refinement (communities_move.cc, communities_refine.cc) share
// in their batch loop: filling a batch's candidate slots on one or two threads, and patching a
// node's slot for neighbours that changed community earlier in the same batch.
// Thread-safety: as Worker and Candidates; called by the thread that owns them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "graph/internal/candidates.h"
#include "graph/internal/leiden.h"
#include "graph/internal/neighbour_table.h"
#include "graph/internal/worker.h"

namespace ripple::graph::internal {

// Fills the slots of a batch of k nodes by collect(first, last, table): all of them here, or
// the second half on the worker's thread (with its own table) when it runs.
template <class Collect>
void CollectBatch(Worker& worker, size_t k, NeighbourTable& table, NeighbourTable& helper_table,
                  Collect&& collect) {
  const size_t split = worker.enabled() && k > 16 ? k / 2 : k;
  auto second_half = [&] { collect(split, k, helper_table); };
  if (split < k) worker.Start(second_half);
  collect(0, split, table);
  if (split < k) worker.Wait();
}

// What a batch's step did to one row entry of a node whose slot is being patched.
enum class Followed { kSkipped, kShifted, kOverflow };

// For node v (slot j) of a batch whose first node is lo: calls follow(i, u) for each row entry
// i whose neighbour u is flagged in `changed` (indexed by u - lo). On kOverflow, refill() fills
// slot j again from scratch and the walk stops; otherwise, if anything shifted, the slot's
// heaviest candidate is found again.
template <class W, class Follow, class Refill>
void FollowChangedNeighbours(const Csr<W>& g, NodeId v, NodeId lo, std::span<const uint8_t> changed,
                             Candidates& cand, size_t j, Follow&& follow, Refill&& refill) {
  bool shifted = false;
  for (uint64_t i = g.offsets[v]; i < g.offsets[v + 1]; ++i) {
    const NodeId u = g.targets[i];
    if (u < lo || u - lo >= changed.size() || !changed[u - lo]) continue;
    const Followed f = follow(i, u);
    if (f == Followed::kOverflow) {
      refill();
      return;
    }
    shifted |= f == Followed::kShifted;
  }
  if (shifted) cand.FindHeaviest(j);
}

}  // namespace ripple::graph::internal
