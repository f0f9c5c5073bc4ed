// DetectCommunities (graph/communities.h): the level loop over the steps of
// graph/internal/leiden.h, then the final labelling.
#include <algorithm>
#include <numeric>
#include <optional>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>

#include "graph/communities.h"
#include "graph/internal/leiden.h"

namespace ripple::graph {
namespace {

using internal::LevelGraph;
double CpuNow() { timespec ts; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); return ts.tv_sec + ts.tv_nsec * 1e-9; }

// Splits every community into its connected components. Refinement already makes communities
// connected when the level loop ends on its own; this also covers a loop cut short by
// max_levels. Splitting a disconnected community never lowers Q (no edge is cut, and
// tot_A^2 + tot_B^2 <= (tot_A + tot_B)^2).
void SplitDisconnected(const WeightedGraph& g, std::vector<uint32_t>& membership) {
  const NodeId n = g.nodes();
  std::vector<uint32_t> component(n, UINT32_MAX);
  std::vector<NodeId> stack;
  uint32_t next = 0;
  for (NodeId s = 0; s < n; ++s) {
    if (component[s] != UINT32_MAX) continue;
    const uint32_t c = membership[s];
    component[s] = next;
    stack.push_back(s);
    while (!stack.empty()) {
      const NodeId v = stack.back();
      stack.pop_back();
      for (const NodeId u : g.neighbours(v)) {
        if (component[u] == UINT32_MAX && membership[u] == c) {
          component[u] = next;
          stack.push_back(u);
        }
      }
    }
    ++next;
  }
  membership = std::move(component);
}

// Dense labels, larger communities first; ties by their smallest node, so the result depends on
// the partition only.
uint32_t RelabelBySize(std::vector<uint32_t>& membership) {
  internal::Labels map;
  const uint32_t count =
      internal::Densify(membership, static_cast<uint32_t>(membership.size()), map);  // first appearance = smallest node
  std::vector<uint32_t> size(count, 0);
  for (const uint32_t c : membership) ++size[c];
  std::vector<uint32_t> order(count);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return size[a] > size[b]; });
  std::vector<uint32_t> rank(count);
  for (uint32_t i = 0; i < count; ++i) rank[order[i]] = i;
  for (uint32_t& c : membership) c = rank[c];
  return count;
}

// One level: local moving (its gain in Q added to `gain`), then the grouping of the next
// level's nodes. Returns false when the partition has one node per community (nothing left to
// aggregate).
template <class W>
bool RunLevel(const internal::Csr<W>& g, const CommunityOptions& options,
              const internal::StepParams& params, internal::Partition& part,
              internal::Scratch& scratch, Rng& rng, internal::Labels& group, uint32_t& groups,
              double& gain) {
  auto t0 = CpuNow();
  gain += internal::MoveNodes(g, params, part, scratch, rng);
  auto t1 = CpuNow();
  if (part.count() == g.n) return false;
  groups = g.n;
  if (options.refine) groups = internal::Refine(g, params, part, scratch, rng, group);
  auto t2 = CpuNow();
  if (std::getenv("LEIDEN_DEBUG")) std::fprintf(stderr, "  move %.3f s refine %.3f s\n", (t1-t0), (t2-t1));
  if (groups == g.n) {
    // Refinement merged nothing (or is off): aggregate the communities themselves, as Louvain
    // does, so that the level still shrinks the graph.
    group = part.comm;
    groups = internal::Densify(group, g.n, scratch.map);
  }
  return true;
}

// One iteration of the algorithm from `membership` (values < n) to the next partition, in
// place. Returns the gain in Q and adds the levels run to `levels`.
double RunIteration(const WeightedGraph& graph, const CommunityOptions& options,
                    const internal::StepParams& params, internal::Scratch& scratch, Rng& rng,
                    std::vector<uint32_t>& membership, int& levels) {
  const NodeId n = graph.nodes();
  const internal::Csr<float> base = internal::View(graph);
  internal::Partition part;
  part.Init(base, membership);
  internal::Labels node_level(n);  // input node -> node of the current level
  std::iota(node_level.begin(), node_level.end(), 0u);
  std::optional<LevelGraph> level;
  internal::Labels group;
  double gain = 0;
  for (int l = 0; l < options.max_levels; ++l) {
    uint32_t groups = 0;
    const bool more =
        level ? RunLevel(internal::View(*level), options, params, part, scratch, rng, group,
                         groups, gain)
              : RunLevel(base, options, params, part, scratch, rng, group, groups, gain);
    if (std::getenv("LEIDEN_DEBUG")) {
      std::vector<uint32_t> mm(n);
      for (NodeId v = 0; v < n; ++v) mm[v] = part.comm[node_level[v]];
      std::fprintf(stderr, "level %d: nodes %u communities %u groups %u Q %.6f gain %.6f\n", l,
                   level ? level->nodes() : n, part.count(), groups, Modularity(graph, mm), gain);
    }
    if (!more) break;
    auto t0 = CpuNow();
    LevelGraph next =
        level ? internal::Aggregate(internal::View(*level), group, groups, options.threads)
              : internal::Aggregate(base, group, groups, options.threads);
    if (std::getenv("LEIDEN_DEBUG")) std::fprintf(stderr, "  aggregate %.3f s entries %zu\n", (CpuNow()-t0), next.targets.size());
    // The next level starts from the partition just found: a group lies inside one community.
    internal::Labels start(groups);
    for (size_t v = 0; v < group.size(); ++v) start[group[v]] = part.comm[v];
    internal::Densify(start, static_cast<uint32_t>(group.size()), scratch.map);
    for (uint32_t& x : node_level) x = group[x];
    level = std::move(next);
    part.Init(internal::View(*level), start);
    ++levels;
  }
  for (NodeId v = 0; v < n; ++v) membership[v] = part.comm[node_level[v]];
  return gain;
}

}  // namespace

Communities DetectCommunities(const WeightedGraph& graph, const CommunityOptions& options) {
  Communities result;
  const NodeId n = graph.nodes();
  result.membership.resize(n);
  std::iota(result.membership.begin(), result.membership.end(), 0u);
  const double m = graph.total_weight();
  if (n == 0 || !(m > 0)) {
    result.count = n;
    return result;
  }
  internal::StepParams params;
  params.scale = options.resolution / (2 * m);
  params.inv_m = 1 / m;
  params.max_passes = options.max_passes;
  params.min_gain = options.min_gain;
  params.threads = options.threads;
  Rng rng(options.seed);
  internal::Scratch scratch;
  for (int it = 0; it < std::max(options.max_iterations, 1); ++it) {
    const double gain =
        RunIteration(graph, options, params, scratch, rng, result.membership, result.levels);
    ++result.iterations;
    if (gain < options.min_gain) break;
  }
  if (options.refine) SplitDisconnected(graph, result.membership);
  result.count = RelabelBySize(result.membership);
  result.modularity = Modularity(graph, result.membership, options.resolution);
  return result;
}

}  // namespace ripple::graph
