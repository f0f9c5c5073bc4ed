// Modularity and normalized mutual information (graph/communities.h): the measures that
// DetectCommunities is judged by, written to give igraph's numbers for the same input.
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "graph/communities.h"
#include "graph/internal/leiden.h"

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

namespace internal {

template <class W>
double ModularityOf(const Csr<W>& g, std::span<const uint32_t> labels, double resolution) {
  double two_m = 0;
  for (NodeId v = 0; v < g.n; ++v) two_m += g.strength[v];
  if (!(two_m > 0)) return 0;
  std::vector<double> inside(g.n, 0), tot(g.n, 0);
  for (NodeId v = 0; v < g.n; ++v) {
    const uint32_t cv = labels[v];
    tot[cv] += g.strength[v];
    double in = 0;
    for (uint64_t i = g.offsets[v]; i < g.offsets[v + 1]; ++i) {
      // A_vv = 2 * self-loop weight; every other internal edge is met once from each end.
      const NodeId u = g.targets[i];
      if (labels[u] == cv) in += u == v ? 2.0 * g.weights[i] : g.weights[i];
    }
    inside[cv] += in;
  }
  double q = 0;
  for (NodeId c = 0; c < g.n; ++c) {
    if (tot[c] > 0) q += inside[c] / two_m - resolution * (tot[c] / two_m) * (tot[c] / two_m);
  }
  return q;
}

template double ModularityOf<float>(const Csr<float>&, std::span<const uint32_t>, double);

}  // namespace internal

double Modularity(const WeightedGraph& graph, std::span<const uint32_t> membership,
                  double resolution) {
  uint32_t count = 0;
  const std::vector<uint32_t> labels = DenseLabels(membership, count);
  return internal::ModularityOf(internal::View(graph), labels, resolution);
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
