// Aggregation (graph/internal/leiden.h): one node per group, built group by group from the
// member lists, so each output row is written once, in order, with one reused NeighbourTable.
// With two threads each builds the rows of half the members into its own buffer and the second
// half is appended to the first: the output is the same as on one thread. Buffers are reserved
// at their upper bound (the input's entries), which costs address space, not memory.
#include <algorithm>
#include <thread>

#include "graph/internal/leiden.h"
#include "graph/internal/neighbour_table.h"

namespace ripple::graph::internal {
namespace {

struct Rows {
  HugeVector<uint64_t> lengths;
  HugeVector<NodeId> targets;
  HugeVector<double> weights;
};

template <class W>
void BuildRows(const Csr<W>& g, std::span<const uint32_t> group, std::span<const uint32_t> start,
               std::span<const NodeId> members, uint32_t first, uint32_t last, Rows& out) {
  NeighbourTable table;
  out.lengths.resize(last - first);
  const uint32_t end_member = start[last];
  for (uint32_t r = first; r < last; ++r) {
    uint64_t degree = 0;
    for (uint32_t k = start[r]; k < start[r + 1]; ++k) {
      degree += g.offsets[members[k] + 1] - g.offsets[members[k]];
    }
    table.Prepare(degree);
    for (uint32_t k = start[r]; k < start[r + 1]; ++k) {
      if (k + 2 < end_member) {
        const uint64_t b = g.offsets[members[k + 2]];
        __builtin_prefetch(g.targets + b);
        __builtin_prefetch(g.weights + b);
      }
      if (k + 1 < end_member) {
        const NodeId next = members[k + 1];
        const uint64_t b = g.offsets[next], e = std::min(g.offsets[next + 1], b + 48);
        for (uint64_t i = b; i < e; ++i) __builtin_prefetch(group.data() + g.targets[i]);
      }
      const NodeId v = members[k];
      for (uint64_t i = g.offsets[v]; i < g.offsets[v + 1]; ++i) {
        const uint32_t t = group[g.targets[i]];
        if (t != r) table.Add(t, g.weights[i]);
      }
    }
    for (size_t j = 0; j < table.size(); ++j) {
      out.targets.push_back(table.key(j));
      out.weights.push_back(table.weight(j));
    }
    out.lengths[r - first] = table.size();
    table.Clear();
  }
}

template <class W>
uint64_t EntriesOf(const Csr<W>& g, std::span<const NodeId> members) {
  uint64_t e = 0;
  for (const NodeId v : members) e += g.offsets[v + 1] - g.offsets[v];
  return e;
}

}  // namespace

template <class W>
LevelGraph Aggregate(const Csr<W>& g, std::span<const uint32_t> group, uint32_t count,
                     int threads) {
  const NodeId n = g.n;
  Labels start(static_cast<size_t>(count) + 1, 0);
  for (NodeId v = 0; v < n; ++v) ++start[group[v] + 1];
  for (uint32_t r = 0; r < count; ++r) start[r + 1] += start[r];
  HugeVector<NodeId> members(n);
  {
    Labels cursor(start.begin(), start.end() - 1);
    for (NodeId v = 0; v < n; ++v) members[cursor[group[v]]++] = v;
  }
  LevelGraph out;
  out.node_weights.assign(count, 0);
  for (NodeId v = 0; v < n; ++v) out.node_weights[group[v]] += g.strength[v];

  // Split by member count so both halves take about as long.
  uint32_t mid = count;
  if (threads > 1 && n > 100'000) {
    mid = static_cast<uint32_t>(std::upper_bound(start.begin(), start.end(), n / 2) -
                                start.begin()) - 1;
  }
  const std::span<const NodeId> all(members.data(), members.size());
  const uint64_t low_bound = EntriesOf(g, all.subspan(0, start[mid]));
  const uint64_t high_bound = g.offsets[n] - low_bound;
  Rows low, high;
  low.targets.reserve(g.offsets[n]);
  low.weights.reserve(g.offsets[n]);
  if (mid < count) {
    high.targets.reserve(high_bound);
    high.weights.reserve(high_bound);
    std::thread helper([&] { BuildRows(g, group, start, all, mid, count, high); });
    BuildRows(g, group, start, all, 0, mid, low);
    helper.join();
  } else {
    BuildRows(g, group, start, all, 0, count, low);
  }
  out.offsets.resize(static_cast<size_t>(count) + 1);
  out.offsets[0] = 0;
  uint32_t r = 0;
  for (const Rows* part : {&low, &high}) {
    for (const uint64_t len : part->lengths) {
      out.offsets[r + 1] = out.offsets[r] + len;
      ++r;
    }
  }
  // Within the reserved capacity: no reallocation, only the second half is copied.
  low.targets.insert(low.targets.end(), high.targets.begin(), high.targets.end());
  low.weights.insert(low.weights.end(), high.weights.begin(), high.weights.end());
  out.targets = std::move(low.targets);
  out.edge_weights = std::move(low.weights);
  return out;
}

template LevelGraph Aggregate<float>(const Csr<float>&, std::span<const uint32_t>, uint32_t,
                                     int);
template LevelGraph Aggregate<double>(const Csr<double>&, std::span<const uint32_t>, uint32_t,
                                      int);

}  // namespace ripple::graph::internal
