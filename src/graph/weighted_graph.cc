#include "graph/weighted_graph.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <thread>
#include <utility>

namespace ripple::graph {
namespace {

bool Valid(const WeightedEdge& e, NodeId nodes) {
  return e.a < nodes && e.b < nodes && e.weight > 0 && std::isfinite(e.weight);
}

// One row's (neighbour, weight) pairs packed so that a plain integer sort orders by neighbour.
uint64_t Pack(NodeId target, float weight) {
  uint32_t bits;
  static_assert(sizeof bits == sizeof weight);
  std::memcpy(&bits, &weight, sizeof bits);
  return (static_cast<uint64_t>(target) << 32) | bits;
}
NodeId Target(uint64_t packed) { return static_cast<NodeId>(packed >> 32); }
float Weight(uint64_t packed) {
  const auto bits = static_cast<uint32_t>(packed);
  float w;
  std::memcpy(&w, &bits, sizeof w);
  return w;
}

// Sorts the rows [first, last) by neighbour and merges repeats in place; returns each row's
// new length in `lengths`. Weights of repeats are summed in double, then stored as float.
void SortAndMergeRows(NodeId first, NodeId last, const HugeVector<uint64_t>& offsets,
                      HugeVector<NodeId>& targets, HugeVector<float>& weights,
                      HugeVector<uint64_t>& lengths) {
  std::vector<uint64_t> row;  // reused across rows: no allocation per row once grown
  for (NodeId v = first; v < last; ++v) {
    const uint64_t begin = offsets[v], end = offsets[v + 1];
    row.clear();
    for (uint64_t i = begin; i < end; ++i) row.push_back(Pack(targets[i], weights[i]));
    if (row.size() <= 16) {
      for (size_t i = 1; i < row.size(); ++i) {
        const uint64_t x = row[i];
        size_t j = i;
        for (; j > 0 && Target(row[j - 1]) > Target(x); --j) row[j] = row[j - 1];
        row[j] = x;
      }
    } else {
      std::sort(row.begin(), row.end(),
                [](uint64_t x, uint64_t y) { return Target(x) < Target(y); });
    }
    uint64_t out = begin;
    for (size_t i = 0; i < row.size();) {
      const NodeId t = Target(row[i]);
      double sum = 0;
      for (; i < row.size() && Target(row[i]) == t; ++i) sum += Weight(row[i]);
      targets[out] = t;
      weights[out] = static_cast<float>(sum);
      ++out;
    }
    lengths[v] = out - begin;
  }
}

}  // namespace

WeightedGraph WeightedGraph::FromEdges(NodeId nodes, std::span<const WeightedEdge> edges) {
  WeightedGraph g;
  g.offsets_.assign(static_cast<size_t>(nodes) + 1, 0);
  // Counting pass: row lengths before merging, in offsets_[v + 1].
  for (const WeightedEdge& e : edges) {
    if (!Valid(e, nodes)) {
      ++g.dropped_edges_;
      continue;
    }
    ++g.offsets_[e.a + 1];
    if (e.a != e.b) ++g.offsets_[e.b + 1];
  }
  for (NodeId v = 0; v < nodes; ++v) g.offsets_[v + 1] += g.offsets_[v];
  const uint64_t raw_entries = g.offsets_[nodes];
  g.targets_.resize(raw_entries);
  g.weights_.resize(raw_entries);
  {
    HugeVector<uint64_t> cursor(g.offsets_.begin(), g.offsets_.end() - 1);
    for (const WeightedEdge& e : edges) {
      if (!Valid(e, nodes)) continue;
      uint64_t i = cursor[e.a]++;
      g.targets_[i] = e.b;
      g.weights_[i] = e.weight;
      if (e.a != e.b) {
        i = cursor[e.b]++;
        g.targets_[i] = e.a;
        g.weights_[i] = e.weight;
      }
    }
  }
  // Rows are independent: two halves sorted concurrently (same output either way).
  HugeVector<uint64_t> lengths(nodes);
  const NodeId mid = nodes / 2;
  if (raw_entries > (1u << 20)) {
    std::thread helper(
        [&] { SortAndMergeRows(mid, nodes, g.offsets_, g.targets_, g.weights_, lengths); });
    SortAndMergeRows(0, mid, g.offsets_, g.targets_, g.weights_, lengths);
    helper.join();
  } else {
    SortAndMergeRows(0, nodes, g.offsets_, g.targets_, g.weights_, lengths);
  }
  // Compaction: each merged row moves down to its final offset (never past its old one).
  uint64_t out = 0;
  for (NodeId v = 0; v < nodes; ++v) {
    const uint64_t begin = g.offsets_[v];
    g.offsets_[v] = out;
    if (begin != out) {
      std::copy_n(g.targets_.begin() + begin, lengths[v], g.targets_.begin() + out);
      std::copy_n(g.weights_.begin() + begin, lengths[v], g.weights_.begin() + out);
    }
    out += lengths[v];
  }
  g.offsets_[nodes] = out;
  g.targets_.resize(out);
  g.weights_.resize(out);
  if (out < raw_entries) {
    g.targets_.shrink_to_fit();
    g.weights_.shrink_to_fit();
  }
  g.strengths_.assign(nodes, 0);
  double twice_total = 0;
  for (NodeId v = 0; v < nodes; ++v) {
    double s = 0;
    for (uint64_t i = g.offsets_[v]; i < g.offsets_[v + 1]; ++i) {
      s += g.targets_[i] == v ? 2.0 * g.weights_[i] : g.weights_[i];
    }
    g.strengths_[v] = s;
    twice_total += s;
  }
  g.total_weight_ = twice_total / 2;
  return g;
}

size_t WeightedGraph::bytes() const {
  return offsets_.capacity() * sizeof(uint64_t) + targets_.capacity() * sizeof(NodeId) +
         weights_.capacity() * sizeof(float) + strengths_.capacity() * sizeof(double);
}

}  // namespace ripple::graph
