// Community detection at scale: a planted-partition graph (GeneratePlanted) of 10 M nodes and
// 100 M weighted edges, Ripple's DetectCommunities on it, then igraph 0.10's Leiden (modularity
// objective) on the very same graph. Each algorithm runs in its own forked process, so each
// peak RSS is its own: the process holds the truth, its graph (Ripple: the WeightedGraph;
// igraph: an igraph_t built from it) and whatever the algorithm adds.
//
// Usage: graph_communities_bench [--nodes N] [--edges N] [--mixing X] [--min-community N]
//          [--max-community N] [--seed N] [--threads N] [--iterations N] (Ripple's max_iterations)
//          [--algo ripple|igraph|both]
//          [--igraph-iterations LIST]   (comma-separated n_iterations, e.g. 2,-1; default 2)
// Defaults: 10,000,000 nodes, 100,000,000 distinct edges, mixing 0.35, communities of 10..5,000
// nodes (exponent 2), weights uniform in [1, 10], seed 7, --algo both.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "graph/communities.h"
#include "graph/planted_partition.h"
#include "graph_bench_support.h"

namespace ripple::graph::bench {
namespace {

struct Options {
  PlantedOptions planted;
  int threads = 1;
  int iterations = CommunityOptions{}.max_iterations;
  std::string algo = "both";
  std::vector<int> igraph_iterations = {2};
};

struct Input {
  WeightedGraph graph;
  std::vector<uint32_t> truth;
  uint32_t planted_communities = 0;
};

// Generates and builds the graph, printing the times; the edge list is freed before returning.
// --edges counts distinct weighted edges: the generator repeats some pairs (merged into one
// edge, weights summed), so it is asked for 7 % more, and again for more if that fell short.
// Deterministic: every process builds the same graph.
Input MakeInput(const Options& o, bool print) {
  Input in;
  PlantedOptions planted = o.planted;
  planted.edges = o.planted.edges + o.planted.edges * 7 / 100;
  double gen_s = 0, build_s = 0;
  uint64_t generated = 0;
  for (int attempt = 0; attempt < 4; ++attempt) {
    auto t = Clock::now();
    PlantedGraph p = GeneratePlanted(planted);
    gen_s = Seconds(t);
    t = Clock::now();
    in.graph = WeightedGraph::FromEdges(planted.nodes, p.edges);
    build_s = Seconds(t);
    generated = p.edges.size();
    in.truth = std::move(p.truth);
    const uint64_t distinct = in.graph.entries() / 2;
    if (distinct >= o.planted.edges) break;
    planted.edges += (o.planted.edges - distinct) * 6 / 5 + 1;
  }
  in.planted_communities = 0;
  for (uint32_t c : in.truth) in.planted_communities = std::max(in.planted_communities, c + 1);
  if (print) {
    std::printf(
        "graph: %u nodes, %llu edges generated in %.1f s (%u planted communities, mixing %.2f); "
        "WeightedGraph built in %.1f s: %llu distinct weighted edges after merging repeats, "
        "%.2f GB\n",
        in.graph.nodes(), static_cast<unsigned long long>(generated), gen_s, in.planted_communities,
        o.planted.mixing, build_s, static_cast<unsigned long long>(in.graph.entries() / 2),
        in.graph.bytes() / 1e9);
    std::printf("planted truth: Q %.6f\n", Modularity(in.graph, in.truth));
    std::fflush(stdout);
  }
  return in;
}

int RunRipple(const Options& o) {
  Input in = MakeInput(o, true);
  const double before_gb = RssGb();
  const double setup_peak_gb = PeakRssGb();
  ResetPeakRss();
  CommunityOptions co;
  co.threads = o.threads;
  co.max_iterations = o.iterations;
  co.seed = o.planted.seed;
  auto t = Clock::now();
  Communities c = DetectCommunities(in.graph, co);
  const double secs = Seconds(t);
  const double peak_gb = PeakRssGb();
  const double nmi = NormalizedMutualInformation(c.membership, in.truth);
  std::printf(
      "ripple (threads %d): detection %.1f s, %d iterations, %d levels, %u communities, Q %.6f, "
      "NMI %.4f; "
      "RSS before %.2f GB, peak during detection %.2f GB (+%.2f GB), process peak %.2f GB\n",
      o.threads, secs, c.iterations, c.levels, c.count, c.modularity, nmi, before_gb, peak_gb,
      peak_gb - before_gb, std::max(peak_gb, setup_peak_gb));
  std::fflush(stdout);
  IgraphGraph ig(in.graph);
  std::printf("ripple: the same membership by igraph_modularity: Q %.6f\n",
              IgraphModularity(ig, c.membership));
  return 0;
}

int RunIgraph(const Options& o, int iterations) {
  std::vector<uint32_t> truth;
  double before_gb = 0, setup_peak_gb = 0;
  IgraphResult r;
  double igraph_q = 0;
  {
    Input in = MakeInput(o, false);
    truth = std::move(in.truth);
    auto ig = std::make_unique<IgraphGraph>(in.graph);
    in.graph = WeightedGraph();  // igraph's process holds igraph's graph only
    before_gb = RssGb();
    setup_peak_gb = PeakRssGb();
    ResetPeakRss();
    r = IgraphLeiden(*ig, iterations, o.planted.seed);
    igraph_q = IgraphModularity(*ig, r.membership);
  }
  const double peak_gb = PeakRssGb();
  // Our Modularity() needs the WeightedGraph again: rebuilt (same seed, same graph) untimed.
  Input again = MakeInput(o, false);
  const double q = Modularity(again.graph, r.membership);
  const double nmi = NormalizedMutualInformation(r.membership, truth);
  std::printf(
      "igraph leiden (n_iterations %d): %.1f s, %lld communities, quality %.6f, Q %.6f "
      "(igraph_modularity %.6f), NMI %.4f; RSS before %.2f GB, peak during Leiden %.2f GB "
      "(+%.2f GB), process peak %.2f GB\n",
      iterations, r.seconds, static_cast<long long>(r.clusters), r.quality, q, igraph_q, nmi,
      before_gb, peak_gb, peak_gb - before_gb, std::max(peak_gb, setup_peak_gb));
  std::fflush(stdout);
  return 0;
}

template <typename Fn>
int InChild(Fn&& fn) {
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid < 0) {
    std::perror("fork");
    return 1;
  }
  if (pid == 0) {
    const int rc = fn();
    std::fflush(stdout);
    std::_Exit(rc);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int Main(int argc, char** argv) {
  Options o;
  o.planted.nodes = 10'000'000;
  o.planted.edges = 100'000'000;
  o.planted.mixing = 0.35;
  o.planted.min_community = 10;
  o.planted.max_community = 5000;
  o.planted.size_exponent = 2.0;
  o.planted.max_weight = 10;
  o.planted.seed = 7;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&] { return FlagValue(argc, argv, i); };
    if (a == "--nodes") {
      o.planted.nodes = static_cast<NodeId>(std::stoul(next()));
    } else if (a == "--edges") {
      o.planted.edges = std::stoull(next());
    } else if (a == "--mixing") {
      o.planted.mixing = std::stod(next());
    } else if (a == "--min-community") {
      o.planted.min_community = static_cast<uint32_t>(std::stoul(next()));
    } else if (a == "--max-community") {
      o.planted.max_community = static_cast<uint32_t>(std::stoul(next()));
    } else if (a == "--seed") {
      o.planted.seed = std::stoull(next());
    } else if (a == "--threads") {
      o.threads = std::stoi(next());
    } else if (a == "--iterations") {
      o.iterations = std::stoi(next());
    } else if (a == "--algo") {
      o.algo = next();
    } else if (a == "--igraph-iterations") {
      o.igraph_iterations = IntList(next());
    } else {
      std::fprintf(stderr,
                   "usage: graph_communities_bench [--nodes N] [--edges N] [--mixing X] "
                   "[--min-community N] [--max-community N] [--seed N] [--threads N] "
                   "[--iterations N] [--algo ripple|igraph|both] [--igraph-iterations 2,-1]\n");
      return 2;
    }
  }
  int rc = 0;
  if (o.algo == "ripple" || o.algo == "both") rc |= InChild([&] { return RunRipple(o); });
  if (o.algo == "igraph" || o.algo == "both") {
    for (int it : o.igraph_iterations) rc |= InChild([&] { return RunIgraph(o, it); });
  }
  return rc;
}

}  // namespace
}  // namespace ripple::graph::bench

int main(int argc, char** argv) { return ripple::graph::bench::Main(argc, argv); }
