// DetectCommunities (graph/communities.h): the iterations and the level loop over the steps of
// graph/internal/leiden.h, then the final labelling.
//
// Large graphs are renumbered once for memory locality: the first iteration runs on the
// caller's graph, whose node ids are usually unrelated to its structure, so most neighbour
// look-ups are cache misses; the graph is then copied with the nodes of each community numbered
// consecutively, and the later iterations run on the copy, where most neighbours of a node lie
// close to it.
#include "graph/communities.h"

#include <algorithm>
#include <numeric>
#include <optional>

#include "graph/internal/leiden.h"

namespace ripple::graph {
namespace {

using internal::Csr;
using internal::Labels;
using internal::LevelGraph;

// Below this many nodes the graph fits in cache well enough that a renumbered copy costs more
// than it saves.
constexpr NodeId kRenumberAbove = 1 << 16;

// Splits every community into its connected components. Refinement already makes communities
// connected when the level loop ends on its own; this also covers a loop cut short by
// max_levels. Splitting a disconnected community never lowers Q (no edge is cut, and
// tot_A^2 + tot_B^2 <= (tot_A + tot_B)^2).
template <class W>
void SplitDisconnected(const Csr<W>& g, std::vector<uint32_t>& membership) {
  std::vector<uint32_t> component(g.n, UINT32_MAX);
  std::vector<NodeId> stack;
  uint32_t next = 0;
  for (NodeId s = 0; s < g.n; ++s) {
    if (component[s] != UINT32_MAX) continue;
    const uint32_t c = membership[s];
    component[s] = next;
    stack.push_back(s);
    while (!stack.empty()) {
      const NodeId v = stack.back();
      stack.pop_back();
      for (uint64_t i = g.offsets[v]; i < g.offsets[v + 1]; ++i) {
        const NodeId u = g.targets[i];
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
  Labels map;
  const uint32_t count =
      internal::Densify(membership, static_cast<uint32_t>(membership.size()), map);
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

// Renumbers the groups so that those of one community are consecutive (in order of their
// current ids): the next level's graph then has its communities' nodes, and so most of each
// row's neighbours, close together in memory.
void OrderGroupsByCommunity(std::span<const uint32_t> comm, uint32_t groups,
                            internal::Scratch& scratch, Labels& group) {
  Labels& group_comm = scratch.group_comm;
  group_comm.resize(groups);
  for (size_t v = 0; v < group.size(); ++v) group_comm[group[v]] = comm[v];
  Labels& next = scratch.map;  // community -> next id of its groups
  next.assign(comm.size() + 1, 0);
  for (const uint32_t c : group_comm) ++next[c + 1];
  for (size_t c = 1; c < next.size(); ++c) next[c] += next[c - 1];
  for (uint32_t& c : group_comm) c = next[c]++;  // group_comm now maps old id -> new id
  for (uint32_t& r : group) r = group_comm[r];
}

// One level: local moving (its gain in Q added to `gain`), then the grouping of the next
// level's nodes. Returns false when the partition has one node per community (nothing left to
// aggregate).
template <class W>
bool RunLevel(const Csr<W>& g, const CommunityOptions& options, const internal::StepParams& params,
              internal::Partition& part, internal::Scratch& scratch, Rng& rng, Labels& group,
              uint32_t& groups, double& gain) {
  gain += internal::MoveNodes(g, params, part, scratch, rng);
  if (part.count() == g.n) return false;
  groups = g.n;
  if (options.refine) groups = internal::Refine(g, params, part, scratch, rng, group);
  if (groups == g.n) {
    // Refinement merged nothing (or is off): aggregate the communities themselves, as Louvain
    // does, so that the level still shrinks the graph.
    group = part.comm;
    groups = internal::Densify(group, g.n, scratch.map);
  }
  OrderGroupsByCommunity(part.comm, groups, scratch, group);
  return true;
}

// One iteration of the algorithm on the level-0 graph `base` from `membership` (values < n) to
// the next partition, in place. Returns the gain in Q and adds the levels run to `levels`.
double RunIteration(const Csr<float>& base, const CommunityOptions& options,
                    const internal::StepParams& params, internal::Scratch& scratch, Rng& rng,
                    std::vector<uint32_t>& membership, int& levels) {
  const NodeId n = base.n;
  internal::Partition& part = scratch.part;
  part.Init(base, membership);
  Labels& node_level = scratch.node_level;  // level-0 node -> node of the current level
  node_level.resize(n);
  std::iota(node_level.begin(), node_level.end(), 0u);
  LevelGraph* level = nullptr;  // null at level 0
  Labels& group = scratch.group;
  double gain = 0;
  for (int l = 0; l < options.max_levels; ++l) {
    uint32_t groups = 0;
    const bool more =
        level ? RunLevel(internal::View(*level), options, params, part, scratch, rng, group, groups,
                         gain)
              : RunLevel(base, options, params, part, scratch, rng, group, groups, gain);
    if (!more) break;
    LevelGraph& next = level == &scratch.levels[0] ? scratch.levels[1] : scratch.levels[0];
    if (level) {
      internal::Aggregate(internal::View(*level), group, groups, options.threads, scratch.aggregate,
                          next);
    } else {
      internal::Aggregate(base, group, groups, options.threads, scratch.aggregate, next);
    }
    // The next level starts from the partition just found: a group lies inside one community.
    Labels& start = scratch.start;
    start.resize(groups);
    for (size_t v = 0; v < group.size(); ++v) start[group[v]] = part.comm[v];
    internal::Densify(start, static_cast<uint32_t>(group.size()), scratch.map);
    for (uint32_t& x : node_level) x = group[x];
    level = &next;
    part.Init(internal::View(*level), start);
    ++levels;
  }
  for (NodeId v = 0; v < n; ++v) membership[v] = part.comm[node_level[v]];
  return gain;
}

// The caller's graph copied with the nodes of each community of `membership` consecutive.
// Fills new_id (caller's id -> copy's id) and rewrites `membership` in the copy's ids.
void RenumberByCommunity(const Csr<float>& g, int threads,
                         std::optional<internal::CsrGraph<float>>& copy, Labels& new_id,
                         std::vector<uint32_t>& membership) {
  const NodeId n = g.n;
  Labels start(static_cast<size_t>(n) + 1, 0);  // counting sort of the nodes by community
  for (NodeId v = 0; v < n; ++v) ++start[membership[v] + 1];
  for (NodeId c = 0; c < n; ++c) start[c + 1] += start[c];
  Labels order(n);
  new_id.resize(n);
  for (NodeId v = 0; v < n; ++v) {
    const NodeId p = start[membership[v]]++;
    order[p] = v;
    new_id[v] = p;
  }
  copy = internal::Permute(g, order, new_id, threads);
  std::vector<uint32_t> renumbered(n);
  for (NodeId v = 0; v < n; ++v) renumbered[new_id[v]] = membership[v];
  membership = std::move(renumbered);
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

  // `membership` is in the ids of `base`: the caller's graph, or after the first iteration on a
  // large graph its copy renumbered by community.
  Csr<float> base = internal::View(graph);
  std::optional<internal::CsrGraph<float>> copy;
  Labels new_id;
  std::vector<uint32_t> membership(n);
  std::iota(membership.begin(), membership.end(), 0u);
  const int iterations = std::max(options.max_iterations, 1);
  for (int it = 0; it < iterations; ++it) {
    const double gain =
        RunIteration(base, options, params, scratch, rng, membership, result.levels);
    ++result.iterations;
    if (gain < options.min_gain) break;
    if (!copy && n > kRenumberAbove && it + 1 < iterations) {
      RenumberByCommunity(base, options.threads, copy, new_id, membership);
      base = internal::View(*copy);
    }
  }
  if (options.refine) SplitDisconnected(base, membership);
  result.modularity = internal::ModularityOf(base, membership, options.resolution);
  if (copy) {
    for (NodeId v = 0; v < n; ++v) result.membership[v] = membership[new_id[v]];
  } else {
    result.membership = std::move(membership);
  }
  result.count = RelabelBySize(result.membership);
  return result;
}

}  // namespace ripple::graph
