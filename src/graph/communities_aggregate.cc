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

// Appends the rows of groups [first, last) to targets / weights and their lengths to lengths.
template <class W>
void BuildRows(const Csr<W>& g, std::span<const uint32_t> group, std::span<const uint32_t> start,
               std::span<const NodeId> members, uint32_t first, uint32_t last,
               HugeVector<NodeId>& targets, HugeVector<double>& weights,
               HugeVector<uint64_t>& lengths) {
  NeighbourTable table;
  lengths.resize(last - first);
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
    const size_t at = targets.size(), size = table.size();
    targets.resize(at + size);
    weights.resize(at + size);
    lengths[r - first] = size;
    table.Drain(targets.data() + at, weights.data() + at);
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
void Aggregate(const Csr<W>& g, std::span<const uint32_t> group, uint32_t count, int threads,
               AggregateBuffers& b, LevelGraph& out) {
  const NodeId n = g.n;
  b.start.assign(static_cast<size_t>(count) + 1, 0);
  for (NodeId v = 0; v < n; ++v) ++b.start[group[v] + 1];
  for (uint32_t r = 0; r < count; ++r) b.start[r + 1] += b.start[r];
  b.members.resize(n);
  b.cursor.assign(b.start.begin(), b.start.end() - 1);
  for (NodeId v = 0; v < n; ++v) b.members[b.cursor[group[v]]++] = v;
  out.strength.assign(count, 0);
  for (NodeId v = 0; v < n; ++v) out.strength[group[v]] += g.strength[v];

  // Split by member count so both halves take about as long.
  uint32_t mid = count;
  if (threads > 1 && n > 100'000) {
    mid = static_cast<uint32_t>(std::upper_bound(b.start.begin(), b.start.end(), n / 2) -
                                b.start.begin()) -
          1;
  }
  const std::span<const uint32_t> start(b.start.data(), b.start.size());
  const std::span<const NodeId> all(b.members.data(), b.members.size());
  out.targets.clear();
  out.weights.clear();
  out.targets.reserve(g.offsets[n]);  // the upper bound: address space, not memory
  out.weights.reserve(g.offsets[n]);
  b.high_targets.clear();
  b.high_weights.clear();
  b.high_lengths.clear();
  if (mid < count) {
    const uint64_t high_bound = g.offsets[n] - EntriesOf(g, all.subspan(0, start[mid]));
    b.high_targets.reserve(high_bound);
    b.high_weights.reserve(high_bound);
    std::thread helper([&] {
      BuildRows(g, group, start, all, mid, count, b.high_targets, b.high_weights, b.high_lengths);
    });
    BuildRows(g, group, start, all, 0, mid, out.targets, out.weights, b.low_lengths);
    helper.join();
  } else {
    BuildRows(g, group, start, all, 0, count, out.targets, out.weights, b.low_lengths);
  }
  out.offsets.resize(static_cast<size_t>(count) + 1);
  out.offsets[0] = 0;
  uint32_t r = 0;
  for (const HugeVector<uint64_t>* lengths : {&b.low_lengths, &b.high_lengths}) {
    for (const uint64_t len : *lengths) {
      out.offsets[r + 1] = out.offsets[r] + len;
      ++r;
    }
  }
  // Within the reserved capacity: no reallocation, only the second half is copied.
  out.targets.insert(out.targets.end(), b.high_targets.begin(), b.high_targets.end());
  out.weights.insert(out.weights.end(), b.high_weights.begin(), b.high_weights.end());
}

template <class W>
CsrGraph<W> Permute(const Csr<W>& g, std::span<const NodeId> order, std::span<const NodeId> new_id,
                    int threads) {
  const NodeId n = g.n;
  CsrGraph<W> out;
  out.offsets.resize(static_cast<size_t>(n) + 1);
  out.strength.resize(n);
  out.offsets[0] = 0;
  for (NodeId p = 0; p < n; ++p) {
    const NodeId v = order[p];
    out.offsets[p + 1] = out.offsets[p] + (g.offsets[v + 1] - g.offsets[v]);
    out.strength[p] = g.strength[v];
  }
  out.targets.resize(out.offsets[n]);
  out.weights.resize(out.offsets[n]);
  auto copy = [&](NodeId first, NodeId last) {
    for (NodeId p = first; p < last; ++p) {
      if (p + 4 < last) {  // the rows to come are known: fetch them early
        const uint64_t b = g.offsets[order[p + 4]];
        __builtin_prefetch(g.targets + b);
        __builtin_prefetch(g.weights + b);
      }
      if (p + 2 < last) {
        const NodeId next = order[p + 2];
        const uint64_t b = g.offsets[next], e = std::min(g.offsets[next + 1], b + kPrefetchRow);
        for (uint64_t i = b; i < e; ++i) __builtin_prefetch(new_id.data() + g.targets[i]);
      }
      const NodeId v = order[p];
      uint64_t o = out.offsets[p];
      for (uint64_t i = g.offsets[v]; i < g.offsets[v + 1]; ++i, ++o) {
        out.targets[o] = new_id[g.targets[i]];
        out.weights[o] = g.weights[i];
      }
    }
  };
  if (threads > 1 && n > 100'000) {
    std::thread helper(copy, n / 2, n);
    copy(0, n / 2);
    helper.join();
  } else {
    copy(0, n);
  }
  return out;
}

template CsrGraph<float> Permute<float>(const Csr<float>&, std::span<const NodeId>,
                                        std::span<const NodeId>, int);
template void Aggregate<float>(const Csr<float>&, std::span<const uint32_t>, uint32_t, int,
                               AggregateBuffers&, LevelGraph&);
template void Aggregate<double>(const Csr<double>&, std::span<const uint32_t>, uint32_t, int,
                                AggregateBuffers&, LevelGraph&);

}  // namespace ripple::graph::internal
