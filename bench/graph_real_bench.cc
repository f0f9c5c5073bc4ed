// Community detection on the public graphs with ground truth (tests/data/graphs: karate,
// football, eu-core, polblogs): for each, Ripple's DetectCommunities, igraph's Leiden
// (modularity objective, n_iterations 2 and until stable) and igraph's multilevel (Louvain):
// modularity, communities, NMI against the `gt` labels, time. Ripple also runs over --seeds
// seeds (min / mean / max Q), since one seed is one draw.
//
// Usage: graph_real_bench [--dir DIR] [--seeds N]   (default tests/data/graphs, 20 seeds;
// run from the repository root)
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "graph/communities.h"
#include "graph/gml.h"
#include "graph_bench_support.h"

namespace ripple::graph::bench {
namespace {

void Row(const char* name, const char* algo, double q, uint32_t count, double nmi, double ms) {
  std::printf("| %s | %s | %.4f | %u | %.3f | %.2f |\n", name, algo, q, count, nmi, ms);
}

uint32_t CountOf(const std::vector<uint32_t>& m) {
  uint32_t max = 0;
  for (const uint32_t c : m) max = std::max(max, c + 1);
  return max;
}

int Main(int argc, char** argv) {
  std::string dir = "tests/data/graphs";
  int seeds = 20;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else if (a == "--seeds" && i + 1 < argc) {
      seeds = std::stoi(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: graph_real_bench [--dir DIR] [--seeds N]\n");
      return 2;
    }
  }
  std::printf(
      "| graph | algorithm | Q | communities | NMI vs gt | ms |\n|---|---|---|---|---|---|\n");
  std::vector<std::string> summaries;
  for (const char* name : {"karate", "football", "eu-core", "polblogs"}) {
    auto r = ReadGml(dir + "/" + name + ".gml");
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      return 1;
    }
    const WeightedGraph& g = r->graph;
    char head[200];
    std::snprintf(head, sizeof head, "%s (%u nodes, %llu edges, %zu gt labels)", name, g.nodes(),
                  static_cast<unsigned long long>(g.entries() / 2), r->label_names.size());

    auto t = Clock::now();
    const Communities c = DetectCommunities(g);
    Row(head, "Ripple (seed 42)", c.modularity, c.count,
        NormalizedMutualInformation(c.membership, r->labels), Seconds(t) * 1e3);
    double qmin = 1, qmax = -1, qsum = 0, nmi_sum = 0;
    for (int s = 1; s <= seeds; ++s) {
      CommunityOptions o;
      o.seed = static_cast<uint64_t>(s);
      const Communities cs = DetectCommunities(g, o);
      qmin = std::min(qmin, cs.modularity);
      qmax = std::max(qmax, cs.modularity);
      qsum += cs.modularity;
      nmi_sum += NormalizedMutualInformation(cs.membership, r->labels);
    }
    char line[300];
    std::snprintf(line, sizeof line,
                  "%s: Ripple over %d seeds: Q min %.4f, mean %.4f, max %.4f; mean NMI %.3f", name,
                  seeds, qmin, qsum / seeds, qmax, nmi_sum / seeds);
    summaries.push_back(line);

    const IgraphGraph ig(g);
    for (const int iterations : {2, -1}) {
      const IgraphResult l = IgraphLeiden(ig, iterations, 42);
      Row(head, iterations == 2 ? "igraph Leiden, 2 iterations" : "igraph Leiden, until stable",
          Modularity(g, l.membership), CountOf(l.membership),
          NormalizedMutualInformation(l.membership, r->labels), l.seconds * 1e3);
    }
    const IgraphResult ml = IgraphMultilevel(ig, 42);
    Row(head, "igraph multilevel (Louvain)", Modularity(g, ml.membership), CountOf(ml.membership),
        NormalizedMutualInformation(ml.membership, r->labels), ml.seconds * 1e3);
    Row(head, "ground truth labels", Modularity(g, r->labels), CountOf(r->labels), 1.0, 0);
  }
  for (const std::string& s : summaries) std::printf("%s\n", s.c_str());
  return 0;
}

}  // namespace
}  // namespace ripple::graph::bench

int main(int argc, char** argv) { return ripple::graph::bench::Main(argc, argv); }
