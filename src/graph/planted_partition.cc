// GeneratePlanted (graph/planted_partition.h). Communities are runs of a random permutation of
// the nodes, so community members are not neighbours in id order (no locality an algorithm
// could exploit). Edge i starts at the node in position i mod n, which gives every node the same
// number of edges it starts (the degree's mean) plus a Poisson number it receives. Edges are
// generated in fixed chunks, each from its own random stream, so the output does not depend on
// how many threads generate it.
#include "graph/planted_partition.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>

#include "core/rng.h"

namespace ripple::graph {
namespace {

constexpr uint64_t kChunk = 1 << 20;

uint32_t SampleSize(Rng& rng, uint32_t lo, uint32_t hi, double exponent) {
  const double u = rng.Uniform();
  const double a = lo, b = static_cast<double>(hi) + 1;
  double s;
  if (std::fabs(exponent - 1) < 1e-9) {
    s = a * std::pow(b / a, u);
  } else {
    const double e = 1 - exponent;
    const double pa = std::pow(a, e), pb = std::pow(b, e);
    s = std::pow(pa + u * (pb - pa), 1 / e);
  }
  return std::clamp(static_cast<uint32_t>(s), lo, hi);
}

}  // namespace

PlantedGraph GeneratePlanted(const PlantedOptions& options) {
  PlantedGraph out;
  const NodeId n = options.nodes;
  out.truth.resize(n);
  if (n == 0) return out;
  const uint32_t lo = std::max<uint32_t>(options.min_community, 1);
  const uint32_t hi = std::max(options.max_community, lo);
  Rng rng = Rng::For(options.seed, 0);

  // start[c]..start[c+1]: the positions of community c. A remainder too small to be a
  // community joins the last one.
  std::vector<NodeId> start;
  for (NodeId pos = 0; pos < n;) {
    uint32_t size = std::min<uint32_t>(SampleSize(rng, lo, hi, options.size_exponent), n - pos);
    if (n - pos - size < lo) size = n - pos;
    start.push_back(pos);
    pos += size;
  }
  start.push_back(n);
  const auto communities = static_cast<uint32_t>(start.size() - 1);
  std::vector<NodeId> perm(n);
  std::iota(perm.begin(), perm.end(), 0u);
  for (NodeId i = n; i > 1; --i) std::swap(perm[i - 1], perm[rng.Below(i)]);
  for (uint32_t c = 0; c < communities; ++c) {
    for (NodeId p = start[c]; p < start[c + 1]; ++p) out.truth[perm[p]] = c;
  }
  if (n < 2) return out;

  out.edges.resize(options.edges);
  const uint64_t chunks = (options.edges + kChunk - 1) / kChunk;
  const double extra_weight = std::max(options.max_weight - 1, 0.0);
  auto generate = [&](uint64_t chunk) {
    Rng r = Rng::For(options.seed, 1, chunk);
    const uint64_t end = std::min(options.edges, (chunk + 1) * kChunk);
    for (uint64_t i = chunk * kChunk; i < end; ++i) {
      const auto p = static_cast<NodeId>(i % n);
      const NodeId a = perm[p];
      const uint32_t c = out.truth[a];
      const NodeId first = start[c], size = start[c + 1] - start[c];
      const bool inside = communities == 1 || (size > 1 && !r.Chance(options.mixing));
      NodeId b = a;
      if (inside) {
        while (b == a) b = perm[first + static_cast<NodeId>(r.Below(size))];
      } else {
        // Rejection is cheap: no community holds more than a small share of the nodes, except
        // in tiny graphs, where the bound keeps it finite (a rare edge then stays inside).
        for (int tries = 0; tries < 64 && (b == a || out.truth[b] == c); ++tries) {
          b = static_cast<NodeId>(r.Below(n));
        }
        if (b == a) b = perm[first + (p - first + 1) % size];
      }
      const auto w = static_cast<float>(1 + r.Uniform() * extra_weight);
      out.edges[i] = {a, b, w};
    }
  };
  const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads && t < chunks; ++t) {
    pool.emplace_back([&, t] {
      for (uint64_t k = t; k < chunks; k += threads) generate(k);
    });
  }
  for (uint64_t k = 0; k < chunks; k += threads) generate(k);
  for (auto& t : pool) t.join();
  return out;
}

}  // namespace ripple::graph
