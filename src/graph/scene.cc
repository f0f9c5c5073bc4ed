#include "graph/scene.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ripple::graph {
namespace {

constexpr float kWorkShare = 0.55f;
constexpr float kWorkShareSameWork = 0.30f;
constexpr float kTriangleWeight = 0.6f;
constexpr float kClip = 3.0f;

}  // namespace

SceneEvidence LocalSceneEvidence(const TieFeatures& f, const SceneInputs& in) {
  SceneEvidence e;
  e.anchored = in.same_home || in.same_work;
  e.strength = f.strength;
  if (in.bulk_party && f.reciprocity < 0.05f) {
    e.local = Scene::kService;
    return e;
  }
  const float office = f.slot_share[kWeekdayDay];
  if (office >= kWorkShare || (in.same_work && office >= kWorkShareSameWork)) {
    e.local = Scene::kWork;
    return e;
  }
  float score = 0;
  // Typical family calls are shorter (~3 min) than friends' (~5 min): log-ratio to 230 s.
  if (f.typical_call_s > 0) score -= 2.0f * std::log(f.typical_call_s / 230.0f);
  if (in.both_on_net) {
    score += in.same_home ? 2.5f : -0.5f;
    score -= 1.5f * static_cast<float>(std::min(in.shared_interests, 2));
  }
  score += 0.3f * (f.rate_per_week - 2.5f) + 2.0f * (f.slot_share[kWeekdayEvening] - 0.4f);
  e.family_score = score;
  e.local = score > 0 ? Scene::kFamily : Scene::kFriend;
  return e;
}

TieAdjacency BuildTieAdjacency(size_t parties,
                               std::span<const std::pair<uint32_t, uint32_t>> ends) {
  TieAdjacency adj;
  adj.offsets.assign(parties + 1, 0);
  for (const auto& [a, b] : ends) {
    ++adj.offsets[a + 1];
    ++adj.offsets[b + 1];
  }
  std::partial_sum(adj.offsets.begin(), adj.offsets.end(), adj.offsets.begin());
  adj.neighbour.resize(adj.offsets.back());
  adj.tie.resize(adj.offsets.back());
  std::vector<uint64_t> fill(adj.offsets.begin(), adj.offsets.end() - 1);
  for (uint32_t i = 0; i < ends.size(); ++i) {
    const auto [a, b] = ends[i];
    adj.neighbour[fill[a]] = b;
    adj.tie[fill[a]++] = i;
    adj.neighbour[fill[b]] = a;
    adj.tie[fill[b]++] = i;
  }
  std::vector<std::pair<uint32_t, uint32_t>> row;
  for (size_t p = 0; p < parties; ++p) {
    const uint64_t lo = adj.offsets[p], hi = adj.offsets[p + 1];
    row.clear();
    for (uint64_t k = lo; k < hi; ++k) row.emplace_back(adj.neighbour[k], adj.tie[k]);
    std::sort(row.begin(), row.end());
    for (uint64_t k = lo; k < hi; ++k) {
      adj.neighbour[k] = row[k - lo].first;
      adj.tie[k] = row[k - lo].second;
    }
  }
  return adj;
}

std::vector<Scene> ResolveScenes(const TieAdjacency& adj,
                                 std::span<const std::pair<uint32_t, uint32_t>> ends,
                                 std::span<const SceneEvidence> evidence,
                                 std::vector<Scene>* group_scenes) {
  std::vector<Scene> scenes(ends.size());
  if (group_scenes != nullptr) group_scenes->assign(ends.size(), Scene::kOther);
  auto vote = [&](uint32_t t) {
    const SceneEvidence& e = evidence[t];
    if (e.local != Scene::kFamily && e.local != Scene::kFriend) return 0.0f;
    return std::clamp(e.family_score, -kClip, kClip);
  };
  for (uint32_t i = 0; i < ends.size(); ++i) {
    const SceneEvidence& e = evidence[i];
    if (e.local == Scene::kService || e.local == Scene::kOther) {
      scenes[i] = e.local;
      if (group_scenes != nullptr) (*group_scenes)[i] = e.local;
      continue;
    }
    // Common neighbours of a and b: a merge of their sorted rows.
    const auto [a, b] = ends[i];
    uint64_t x = adj.offsets[a], xe = adj.offsets[a + 1];
    uint64_t y = adj.offsets[b], ye = adj.offsets[b + 1];
    float votes = 0;
    uint32_t triangles = 0;
    while (x < xe && y < ye) {
      if (adj.neighbour[x] < adj.neighbour[y]) {
        ++x;
      } else if (adj.neighbour[y] < adj.neighbour[x]) {
        ++y;
      } else {
        votes += vote(adj.tie[x]) + vote(adj.tie[y]);
        ++triangles;
        ++x;
        ++y;
      }
    }
    const Scene scene = e.local == Scene::kWork                        ? Scene::kWork
                        : e.family_score + kTriangleWeight * votes > 0 ? Scene::kFamily
                                                                       : Scene::kFriend;
    if (group_scenes != nullptr) (*group_scenes)[i] = scene;
    scenes[i] =
        triangles == 0 && !e.anchored && e.strength < kAcquaintanceStrength ? Scene::kOther : scene;
  }
  return scenes;
}

}  // namespace ripple::graph
