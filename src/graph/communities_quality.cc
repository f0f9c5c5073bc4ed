// Modularity and normalized mutual information (graph/communities.h): the measures that
// DetectCommunities is judged by, written to give igraph's numbers for the same input.
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "graph/communities.h"

namespace ripple::graph {
namespace {

// Labels renumbered to 0..k-1 (order of first appearance); any uint32 values accepted.
std::vector<uint32_t> DenseLabels(std::span<const uint32_t> labels, uint32_t& count) {
  std::vector<uint32_t> out(labels.size());
  count = 0;
  uint32_t max_label = 0;
  for (const uint32_t l : labels) max_label = std::max(max_label, l);
  if (labels.empty()) return out;
  if (max_label < 4 * labels.size() + 1024) {
    std::vector<uint32_t> map(static_cast<size_t>(max_label) + 1, UINT32_MAX);
    for (size_t i = 0; i < labels.size(); ++i) {
      uint32_t& m = map[labels[i]];
      if (m == UINT32_MAX) m = count++;
      out[i] = m;
    }
  } else {
    std::unordered_map<uint32_t, uint32_t> map;
    for (size_t i = 0; i < labels.size(); ++i) {
      auto [it, fresh] = map.emplace(labels[i], count);
      if (fresh) ++count;
      out[i] = it->second;
    }
  }
  return out;
}

double Entropy(const std::vector<uint64_t>& counts, double n) {
  double h = 0;
  for (const uint64_t c : counts) {
    if (c == 0) continue;
    const double p = static_cast<double>(c) / n;
    h -= p * std::log(p);
  }
  return h;
}

}  // namespace

double Modularity(const WeightedGraph& graph, std::span<const uint32_t> membership,
                  double resolution) {
  const double m = graph.total_weight();
  if (!(m > 0)) return 0;
  uint32_t count = 0;
  const std::vector<uint32_t> c = DenseLabels(membership, count);
  std::vector<double> internal(count, 0), tot(count, 0);
  for (NodeId v = 0; v < graph.nodes(); ++v) {
    const uint32_t cv = c[v];
    tot[cv] += graph.strength(v);
    const auto nbrs = graph.neighbours(v);
    const auto ws = graph.weights(v);
    double in = 0;
    for (size_t i = 0; i < nbrs.size(); ++i) {
      // A_vv = 2 * self-loop weight; every other internal edge is met once from each end.
      if (c[nbrs[i]] == cv) in += nbrs[i] == v ? 2.0 * ws[i] : ws[i];
    }
    internal[cv] += in;
  }
  const double two_m = 2 * m;
  double q = 0;
  for (uint32_t k = 0; k < count; ++k) {
    q += internal[k] / two_m - resolution * (tot[k] / two_m) * (tot[k] / two_m);
  }
  return q;
}

double NormalizedMutualInformation(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  const size_t n = a.size();
  if (n == 0) return 1;
  uint32_t ka = 0, kb = 0;
  const std::vector<uint32_t> da = DenseLabels(a, ka);
  const std::vector<uint32_t> db = DenseLabels(b, kb);
  std::vector<uint64_t> na(ka, 0), nb(kb, 0);
  std::vector<uint64_t> pairs(n);
  for (size_t i = 0; i < n; ++i) {
    ++na[da[i]];
    ++nb[db[i]];
    pairs[i] = (static_cast<uint64_t>(da[i]) << 32) | db[i];
  }
  std::sort(pairs.begin(), pairs.end());
  const double total = static_cast<double>(n);
  const double ha = Entropy(na, total), hb = Entropy(nb, total);
  if (ha + hb == 0) return 1;
  double mi = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && pairs[j] == pairs[i]) ++j;
    const double nij = static_cast<double>(j - i);
    const double ni = static_cast<double>(na[pairs[i] >> 32]);
    const double nj = static_cast<double>(nb[static_cast<uint32_t>(pairs[i])]);
    mi += nij / total * std::log(nij * total / (ni * nj));
    i = j;
  }
  return 2 * mi / (ha + hb);
}

}  // namespace ripple::graph
