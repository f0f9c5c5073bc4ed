#include "graph/groups.h"

#include <algorithm>
#include <numeric>

namespace ripple::graph {
namespace {

struct UnionFind {
  std::vector<uint32_t> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
  uint32_t Find(uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void Union(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

}  // namespace

std::vector<uint32_t> GroupByScene(const GroupInputs& in, uint32_t* count) {
  const size_t n = in.parties;
  auto in_core = [&](uint32_t p) { return p < in.subscribers && in.area[p] != kNone; };
  auto usable = [&](size_t t) {
    return in.scenes[t] == in.scene && in.strengths[t] >= in.min_strength;
  };
  // Core ties (both ends on-net in the same area), strongest first, with an adjacency to count
  // the ties between two groups.
  std::vector<uint32_t> core;
  for (uint32_t t = 0; t < in.ends.size(); ++t) {
    const auto [a, b] = in.ends[t];
    if (usable(t) && in_core(a) && in_core(b) && in.area[a] == in.area[b]) core.push_back(t);
  }
  std::stable_sort(core.begin(), core.end(),
                   [&](uint32_t x, uint32_t y) { return in.strengths[x] > in.strengths[y]; });
  std::vector<std::vector<uint32_t>> adjacent(n);
  for (uint32_t t : core) {
    adjacent[in.ends[t].first].push_back(in.ends[t].second);
    adjacent[in.ends[t].second].push_back(in.ends[t].first);
  }
  // Average linkage: two groups merge when the ties between them are at least `linkage` of all
  // their cross pairs, so one stray tie does not chain two households together.
  UnionFind uf(n);
  std::vector<std::vector<uint32_t>> members(n);
  for (uint32_t p = 0; p < n; ++p) {
    if (in_core(p)) members[p] = {p};
  }
  for (uint32_t t : core) {
    uint32_t x = uf.Find(in.ends[t].first), y = uf.Find(in.ends[t].second);
    if (x == y) continue;
    if (members[x].size() > members[y].size()) std::swap(x, y);
    uint64_t between = 0;
    for (uint32_t m : members[x]) {
      for (uint32_t q : adjacent[m]) between += uf.Find(q) == y ? 1 : 0;
    }
    const double pairs = static_cast<double>(members[x].size() * members[y].size());
    if (static_cast<double>(between) < in.linkage * pairs) continue;
    uf.Union(x, y);
    const uint32_t root = uf.Find(x), other = root == x ? y : x;
    members[root].insert(members[root].end(), members[other].begin(), members[other].end());
    members[other].clear();
    members[other].shrink_to_fit();
  }
  // Second pass (work circles): teams of one area tied by at least `bridge_ties` ties are one
  // workplace.
  if (in.bridge_ties > 0) {
    for (uint32_t t : core) {
      if (in.strengths[t] < in.bridge_min_strength) break;  // strongest first
      uint32_t x = uf.Find(in.ends[t].first), y = uf.Find(in.ends[t].second);
      if (x == y) continue;
      if (members[x].size() > members[y].size()) std::swap(x, y);
      uint32_t between = 0;
      for (uint32_t m : members[x]) {
        for (uint32_t q : adjacent[m]) between += uf.Find(q) == y ? 1 : 0;
      }
      if (between < in.bridge_ties) continue;  // (ties below bridge_min_strength count too)
      uf.Union(x, y);
      const uint32_t root = uf.Find(x), other = root == x ? y : x;
      members[root].insert(members[root].end(), members[other].begin(), members[other].end());
      members[other].clear();
    }
  }
  // Parties outside the core join the core group they have the most ties of the scene to.
  std::vector<uint32_t> root(n, kNone);
  for (uint32_t p = 0; p < n; ++p) {
    if (in_core(p)) root[p] = uf.Find(p);
  }
  struct Vote {
    uint32_t party, group;
    uint32_t ties;
    float strength;
  };
  std::vector<Vote> votes;
  for (size_t t = 0; t < in.ends.size(); ++t) {
    if (!usable(t)) continue;
    const auto [a, b] = in.ends[t];
    if (!in_core(a) && in_core(b)) votes.push_back({a, root[b], 1, in.strengths[t]});
    if (!in_core(b) && in_core(a)) votes.push_back({b, root[a], 1, in.strengths[t]});
  }
  std::sort(votes.begin(), votes.end(), [](const Vote& x, const Vote& y) {
    return x.party != y.party ? x.party < y.party : x.group < y.group;
  });
  for (size_t i = 0; i < votes.size();) {
    const uint32_t party = votes[i].party;
    uint32_t best_group = kNone, best_ties = 0;
    float best_strength = 0;
    while (i < votes.size() && votes[i].party == party) {
      const uint32_t group = votes[i].group;
      uint32_t ties = 0;
      float strength = 0;
      for (; i < votes.size() && votes[i].party == party && votes[i].group == group; ++i) {
        ++ties;
        strength += votes[i].strength;
      }
      if (ties > best_ties || (ties == best_ties && strength > best_strength)) {
        best_group = group;
        best_ties = ties;
        best_strength = strength;
      }
    }
    // Linked to enough of the group (a relative's tie to one member is not membership).
    const double needed = std::min(
        in.attach_max_ties,
        in.linkage * static_cast<double>(members[best_group == kNone ? 0 : best_group].size()));
    if (best_group != kNone && static_cast<double>(best_ties) >= needed) {
      root[party] = best_group;
    }
  }
  // Dense ids by smallest member; groups of one dropped.
  std::vector<uint32_t> size(n, 0);
  for (uint32_t p = 0; p < n; ++p) {
    if (root[p] != kNone) ++size[root[p]];
  }
  std::vector<uint32_t> id(n, kNone);
  std::vector<uint32_t> out(n, kNone);
  uint32_t next = 0;
  for (uint32_t p = 0; p < n; ++p) {
    const uint32_t r = root[p];
    if (r == kNone || size[r] < 2) continue;
    if (id[r] == kNone) id[r] = next++;
    out[p] = id[r];
  }
  *count = next;
  return out;
}

}  // namespace ripple::graph
