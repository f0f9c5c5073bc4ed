// What the graph benchmarks share: memory figures from /proc/self/status, a wall clock, and
// running igraph 0.10 (the reference implementation) on a WeightedGraph — the same edges and
// weights, each undirected edge once — so that both sides are measured on one graph.
// Thread-safety: igraph's default RNG and error handler are process-wide; one run at a time.
#pragma once

#include <igraph/igraph.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <span>
#include <string>
#include <vector>

#include "graph/weighted_graph.h"

namespace ripple::graph::bench {

using Clock = std::chrono::steady_clock;

inline double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// The value after flag argv[i] (i moves past it); a missing value exits with a message.
inline std::string FlagValue(int argc, char** argv, int& i) {
  if (i + 1 >= argc) {
    std::fprintf(stderr, "%s needs a value\n", argv[i]);
    std::exit(2);
  }
  return argv[++i];
}

// "1,2,-1" -> {1, 2, -1}.
inline std::vector<int> IntList(const std::string& text) {
  std::vector<int> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma - start);
    if (!item.empty()) out.push_back(std::stoi(item));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// A /proc/self/status field in bytes (VmHWM = peak resident set, VmRSS = current).
inline double StatusBytes(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const size_t len = std::strlen(field);
  while (std::getline(in, line)) {
    if (line.compare(0, len, field) == 0 && line.size() > len && line[len] == ':') {
      return std::atof(line.c_str() + len + 1) * 1024.0;
    }
  }
  return 0;
}
inline double PeakRssGb() { return StatusBytes("VmHWM") / 1e9; }
inline double RssGb() { return StatusBytes("VmRSS") / 1e9; }
// Restarts VmHWM at the current RSS, so a later PeakRssGb() is the peak of what follows.
inline void ResetPeakRss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
}

// The graph as an igraph_t with a weight per edge: every stored neighbour entry u >= v of row v
// (each undirected edge and self-loop exactly once).
struct IgraphGraph {
  igraph_t graph;
  igraph_vector_t weights;

  explicit IgraphGraph(const WeightedGraph& g) {
    igraph_integer_t edges = 0;
    for (NodeId v = 0; v < g.nodes(); ++v) {
      for (NodeId u : g.neighbours(v)) edges += u >= v;
    }
    igraph_vector_int_t list;
    igraph_vector_int_init(&list, 2 * edges);
    igraph_vector_init(&weights, edges);
    igraph_integer_t e = 0;
    for (NodeId v = 0; v < g.nodes(); ++v) {
      const auto nbrs = g.neighbours(v);
      const auto ws = g.weights(v);
      for (size_t i = 0; i < nbrs.size(); ++i) {
        if (nbrs[i] < v) continue;
        VECTOR(list)[2 * e] = v;
        VECTOR(list)[2 * e + 1] = nbrs[i];
        VECTOR(weights)[e] = ws[i];
        ++e;
      }
    }
    igraph_create(&graph, &list, g.nodes(), IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(&list);
  }
  ~IgraphGraph() {
    igraph_vector_destroy(&weights);
    igraph_destroy(&graph);
  }
  IgraphGraph(const IgraphGraph&) = delete;
  IgraphGraph& operator=(const IgraphGraph&) = delete;
};

inline std::vector<uint32_t> FromIgraph(const igraph_vector_int_t& v) {
  std::vector<uint32_t> out(static_cast<size_t>(igraph_vector_int_size(&v)));
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint32_t>(VECTOR(v)[i]);
  return out;
}

inline double IgraphModularity(const IgraphGraph& g, std::span<const uint32_t> membership) {
  igraph_vector_int_t m;
  igraph_vector_int_init(&m, static_cast<igraph_integer_t>(membership.size()));
  for (size_t i = 0; i < membership.size(); ++i) VECTOR(m)[i] = membership[i];
  igraph_real_t q = 0;
  igraph_modularity(&g.graph, &m, &g.weights, 1.0, /*directed=*/false, &q);
  igraph_vector_int_destroy(&m);
  return q;
}

struct IgraphResult {
  std::vector<uint32_t> membership;
  igraph_integer_t clusters = 0;
  double quality = 0;
  double seconds = 0;
};

// igraph's Leiden with the modularity objective: node weights = strengths, resolution 1/(2m),
// beta 0.01, from singletons. n_iterations < 0 iterates until the partition is stable.
inline IgraphResult IgraphLeiden(const IgraphGraph& g, int n_iterations, uint64_t seed) {
  igraph_rng_seed(igraph_rng_default(), static_cast<igraph_uint_t>(seed));
  igraph_vector_t strength;
  igraph_vector_init(&strength, 0);
  igraph_strength(&g.graph, &strength, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, &g.weights);
  double two_m = 0;
  for (igraph_integer_t i = 0; i < igraph_vector_size(&strength); ++i) two_m += VECTOR(strength)[i];
  igraph_vector_int_t membership;
  igraph_vector_int_init(&membership, 0);
  IgraphResult r;
  const auto start = Clock::now();
  igraph_community_leiden(&g.graph, &g.weights, &strength, two_m > 0 ? 1 / two_m : 1, 0.01,
                          /*start=*/false, n_iterations, &membership, &r.clusters, &r.quality);
  r.seconds = Seconds(start);
  r.membership = FromIgraph(membership);
  igraph_vector_int_destroy(&membership);
  igraph_vector_destroy(&strength);
  return r;
}

// igraph's multilevel (Louvain), resolution 1; the membership of its last level.
inline IgraphResult IgraphMultilevel(const IgraphGraph& g, uint64_t seed) {
  igraph_rng_seed(igraph_rng_default(), static_cast<igraph_uint_t>(seed));
  igraph_vector_int_t membership;
  igraph_vector_int_init(&membership, 0);
  igraph_vector_t modularity;
  igraph_vector_init(&modularity, 0);
  IgraphResult r;
  const auto start = Clock::now();
  igraph_community_multilevel(&g.graph, &g.weights, 1.0, &membership, nullptr, &modularity);
  r.seconds = Seconds(start);
  r.membership = FromIgraph(membership);
  igraph_integer_t max = -1;
  for (igraph_integer_t i = 0; i < igraph_vector_int_size(&membership); ++i) {
    max = std::max(max, VECTOR(membership)[i]);
  }
  r.clusters = max + 1;
  r.quality = igraph_vector_size(&modularity) > 0 ? igraph_vector_tail(&modularity) : 0;
  igraph_vector_destroy(&modularity);
  igraph_vector_int_destroy(&membership);
  return r;
}

}  // namespace ripple::graph::bench
