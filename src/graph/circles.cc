#include "graph/circles.h"

#include <algorithm>
#include <array>
#include <bit>

namespace ripple::graph {
namespace {

constexpr float kBridgeOutsideShare = 0.3f;

struct KindSpec {
  CircleKind kind;
  std::span<const uint32_t> label;  // per party, kNone = none
  size_t min_size;
  Scene default_scene;
};

// Circles of one kind; returns party -> circle index (kNone).
std::vector<uint32_t> BuildKind(const CircleInputs& in, const KindSpec& spec, Relations* out) {
  const size_t n = out->parties;
  // Members per label.
  uint32_t labels = 0;
  for (uint32_t l : spec.label) {
    if (l != kNone) labels = std::max(labels, l + 1);
  }
  std::vector<uint32_t> size(labels, 0);
  for (size_t p = 0; p < n; ++p) {
    if (spec.label[p] != kNone) ++size[spec.label[p]];
  }
  std::vector<uint32_t> circle_of_label(labels, kNone);
  std::vector<uint32_t> circle_of(n, kNone);
  const size_t first = out->circles.size();
  for (size_t p = 0; p < n; ++p) {
    const uint32_t l = spec.label[p];
    if (l == kNone || size[l] < spec.min_size) continue;
    if (circle_of_label[l] == kNone) {
      circle_of_label[l] = static_cast<uint32_t>(out->circles.size());
      Circle c;
      c.id = static_cast<uint32_t>(out->circles.size());
      c.kind = spec.kind;
      c.scene = spec.default_scene;
      out->circles.push_back(std::move(c));
    }
    circle_of[p] = circle_of_label[l];
    out->circles[circle_of[p]].members.push_back(static_cast<PartyId>(p));
  }
  const size_t count = out->circles.size() - first;
  // Inner ties: density, scene, and each member's inner strength.
  std::vector<uint32_t> inner_ties(count, 0);
  std::vector<std::array<uint32_t, 5>> scene_votes(count, {0, 0, 0, 0, 0});
  std::vector<float> inner_strength(n, 0), total_strength(n, 0);
  for (const Tie& t : *in.ties) {
    if (t.scene == Scene::kService) continue;
    total_strength[t.a] += t.strength;
    total_strength[t.b] += t.strength;
    const uint32_t c = circle_of[t.a];
    if (c == kNone || c != circle_of[t.b]) continue;
    ++inner_ties[c - first];
    ++scene_votes[c - first][static_cast<int>(t.scene)];
    inner_strength[t.a] += t.strength;
    inner_strength[t.b] += t.strength;
  }
  for (size_t i = 0; i < count; ++i) {
    Circle& c = out->circles[first + i];
    const double m = static_cast<double>(c.members.size());
    c.density = static_cast<float>(inner_ties[i] / (m * (m - 1) / 2));
    if (spec.kind == CircleKind::kCommunity) {
      const auto& v = scene_votes[i];
      c.scene = static_cast<Scene>(std::max_element(v.begin(), v.end()) - v.begin());
    }
    std::array<uint32_t, 32> interest_count{};
    uint32_t on_net = 0;
    PartyId leader = c.members.front();
    for (PartyId p : c.members) {
      if (p >= in.subscribers) {
        ++c.offnet_members;
      } else {
        ++on_net;
        for (uint32_t bits = (*in.context)[p].interests; bits; bits &= bits - 1) {
          ++interest_count[std::countr_zero(bits)];
        }
      }
      if (inner_strength[p] > inner_strength[leader] ||
          (inner_strength[p] == inner_strength[leader] &&
           out->influence[p] > out->influence[leader])) {
        leader = p;
      }
    }
    const auto best = std::max_element(interest_count.begin(), interest_count.end());
    if (*best >= 2 && *best * 2 >= on_net) {
      c.interest = static_cast<int>(best - interest_count.begin());
    }
    c.leader = leader;
    c.roles.assign(c.members.size(), Role::kMember);
    for (size_t k = 0; k < c.members.size(); ++k) {
      const PartyId p = c.members[k];
      if (p == leader) {
        c.roles[k] = Role::kLeader;
        continue;
      }
      if (spec.kind != CircleKind::kCommunity || total_strength[p] <= 0) continue;
      const float outside = total_strength[p] - inner_strength[p];
      if (outside < kBridgeOutsideShare * total_strength[p]) continue;
      // Distinct other circles of this kind its ties reach.
      uint32_t other_a = kNone, reached = 0;
      const auto nb = in.tie_graph->neighbours(p);
      for (NodeId q : nb) {
        const uint32_t cq = circle_of[q];
        if (cq == kNone || cq == first + i || cq == other_a) continue;
        if (other_a == kNone) {
          other_a = cq;
          reached = 1;
        } else {
          reached = 2;
          break;
        }
      }
      if (reached >= 2) c.roles[k] = Role::kBridge;
    }
  }
  return circle_of;
}

}  // namespace

void AssembleCircles(const CircleInputs& in, std::span<const uint32_t> community,
                     std::span<const uint32_t> household, std::span<const uint32_t> work,
                     std::span<const uint32_t> friend_group, Relations* out) {
  out->circles.clear();
  out->community_of = BuildKind(in, {CircleKind::kCommunity, community, 3, Scene::kOther}, out);
  out->household_of = BuildKind(in, {CircleKind::kHousehold, household, 2, Scene::kFamily}, out);
  out->work_circle_of = BuildKind(in, {CircleKind::kWork, work, 2, Scene::kWork}, out);
  BuildKind(in, {CircleKind::kInterest, friend_group, 3, Scene::kFriend}, out);
  out->role.assign(out->parties, Role::kMember);
  for (const Circle& c : out->circles) {
    if (c.kind != CircleKind::kCommunity) continue;
    for (size_t k = 0; k < c.members.size(); ++k) out->role[c.members[k]] = c.roles[k];
  }
}

void ComputeSubscriberLabels(const RelationsSettings& settings, size_t subscribers,
                             Relations* out) {
  out->subscribers.assign(subscribers, SubscriberRelations{});
  auto sat16 = [](uint32_t v) { return static_cast<uint16_t>(std::min<uint32_t>(v, 65535)); };
  std::vector<uint32_t> ties(subscribers, 0), close(subscribers, 0), offnet_close(subscribers, 0);
  for (const Tie& t : out->ties) {
    const bool is_close = t.level >= TieLevel::kClose;
    for (int side = 0; side < 2; ++side) {
      const PartyId p = side == 0 ? t.a : t.b;
      const PartyId q = side == 0 ? t.b : t.a;
      if (p >= subscribers) continue;
      ++ties[p];
      if (is_close) {
        ++close[p];
        if (q >= subscribers) ++offnet_close[p];
      }
    }
  }
  for (size_t s = 0; s < subscribers; ++s) {
    SubscriberRelations& r = out->subscribers[s];
    r.contacts = out->contacts[s];
    r.ties = sat16(ties[s]);
    r.close_ties = sat16(close[s]);
    r.offnet_close = sat16(offnet_close[s]);
    r.lonely = r.contacts >= static_cast<uint32_t>(settings.lonely_min_contacts) && close[s] == 0;
  }
  for (const Circle& c : out->circles) {
    uint32_t on_net = 0;
    for (PartyId p : c.members) on_net += p < subscribers ? 1 : 0;
    for (PartyId p : c.members) {
      if (p >= subscribers) continue;
      SubscriberRelations& r = out->subscribers[p];
      if (c.kind == CircleKind::kHousehold) {
        r.household_size = sat16(static_cast<uint32_t>(c.members.size()));
        r.family_business_candidate = on_net >= 2;
      } else if (c.kind == CircleKind::kWork) {
        r.work_circle_size = sat16(static_cast<uint32_t>(c.members.size()));
        r.group_business_candidate = on_net >= 3;
      }
      if (c.leader == p) r.leader = true;
    }
  }
}

}  // namespace ripple::graph
