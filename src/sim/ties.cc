// Ties between people and everyone's weak contacts.
// - family: every pair within a household, plus for 30 % of households a tie between its head and
//   the head of another household of the district (parents, siblings living apart);
// - work: teams of 3-8 within a workplace (every pair), plus now and then a colleague of another
//   team;
// - friend: every pair within a friend circle.
// A pair tied twice keeps the first of family, work, friend. Each tie gets a rate multiplier
// (log-normal around 1) so that some pairs talk much more than others.
// Weak contacts: 5-20 parties per subscriber, half from the same district, a few abroad.
#include <algorithm>

#include "core/rng.h"
#include "sim/random_streams.h"
#include "sim/world.h"

namespace ripple::sim {
namespace {

void AddPair(std::vector<Tie>& ties, PersonId x, PersonId y, TieKind kind) {
  if (x == y) return;
  ties.push_back({std::min(x, y), std::max(x, y), kind, 1.0f});
}

void AddAllPairs(std::vector<Tie>& ties, const uint32_t* begin, const uint32_t* end, TieKind kind) {
  for (const uint32_t* i = begin; i != end; ++i) {
    for (const uint32_t* j = i + 1; j != end; ++j) AddPair(ties, *i, *j, kind);
  }
}

}  // namespace

void BuildTies(World& world) {
  Rng rng = Rng::For(world.seed, 0, 0, kPurposeTies);
  std::vector<Tie>& ties = world.ties;
  const uint32_t household_count = world.households.size();
  for (uint32_t h = 0; h < household_count; ++h) {
    AddAllPairs(ties, world.households.begin(h), world.households.end(h), TieKind::kFamily);
    if (household_count > 1 && rng.Chance(0.3)) {
      PersonId head = *world.households.begin(h);
      for (int attempt = 0; attempt < 4; ++attempt) {
        uint32_t other = static_cast<uint32_t>(rng.Below(household_count));
        PersonId other_head = *world.households.begin(other);
        if (other != h && world.persons[other_head].region == world.persons[head].region) {
          AddPair(ties, head, other_head, TieKind::kFamily);
          break;
        }
      }
    }
  }
  for (uint32_t w = 0; w < world.workplaces.size(); ++w) {
    const uint32_t* members = world.workplaces.begin(w);
    const uint32_t n = world.workplaces.count(w);
    uint32_t start = 0;
    while (start < n) {
      uint32_t end = std::min<uint32_t>(n, start + static_cast<uint32_t>(rng.Between(3, 8)));
      if (n - end < 2) end = n;
      AddAllPairs(ties, members + start, members + end, TieKind::kWork);
      start = end;
    }
    if (n > 8) {
      for (uint32_t i = 0; i < n; ++i) {
        if (rng.Chance(0.3)) AddPair(ties, members[i], members[rng.Below(n)], TieKind::kWork);
      }
    }
  }
  for (uint32_t c = 0; c < world.circles.size(); ++c) {
    AddAllPairs(ties, world.circles.begin(c), world.circles.end(c), TieKind::kFriend);
  }

  std::sort(ties.begin(), ties.end(), [](const Tie& x, const Tie& y) {
    if (x.a != y.a) return x.a < y.a;
    if (x.b != y.b) return x.b < y.b;
    return x.kind < y.kind;
  });
  ties.erase(std::unique(ties.begin(), ties.end(),
                         [](const Tie& x, const Tie& y) { return x.a == y.a && x.b == y.b; }),
             ties.end());
  ties.shrink_to_fit();
  for (Tie& t : ties) t.rate = static_cast<float>(std::clamp(rng.LogNormal(1.0, 0.5), 0.2, 4.0));

  world.tie_first.assign(world.subscribers + 1, 0);
  size_t i = 0;
  for (PersonId s = 0; s <= world.subscribers; ++s) {
    while (i < ties.size() && ties[i].a < s) ++i;
    world.tie_first[s] = static_cast<uint32_t>(i);
  }
}

void BuildWeakContacts(World& world) {
  Rng rng = Rng::For(world.seed, 0, 0, kPurposeWeakContacts);
  const uint32_t internationals =
      static_cast<uint32_t>(world.party_text.size()) - world.first_international;
  for (PersonId s = 0; s < world.subscribers; ++s) {
    const auto& local = world.people_by_region[world.persons[s].region];
    int count = static_cast<int>(rng.Between(5, 20));
    for (int k = 0; k < count; ++k) {
      PersonId other = rng.Chance(0.5) ? local[rng.Below(local.size())]
                                       : static_cast<PersonId>(rng.Below(world.people));
      if (other != s) world.weak_contacts.items.push_back(other);
    }
    if (internationals > 0 && rng.Chance(0.01)) {
      world.weak_contacts.items.push_back(world.first_international +
                                          static_cast<PartyId>(rng.Below(internationals)));
    }
    world.weak_contacts.Close();
  }
}

}  // namespace ripple::sim
