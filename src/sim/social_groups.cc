// Workplaces, friend circles and interests.
// - Workplaces: the workers, shuffled, cut into workplaces of 2-200 people (Pareto tail), mostly
//   in office areas, some in malls, hospitals and campuses.
// - Friend circles: people sorted by (district, age band, random) and cut into circles of 3-8
//   (85 % of people); a second pass sorted by (district, random) puts 35 % in a second circle.
//   Each circle has one interest, drawn for its members' age, which all its members hold.
// - Interests: 1-3 per person, the circles' interests first, then age-weighted draws.
#include <algorithm>
#include <cmath>
#include <utility>

#include "core/rng.h"
#include "sim/random_streams.h"
#include "sim/world.h"

namespace ripple::sim {
namespace {

int DrawInterest(Rng& rng, int age, const uint8_t* exclude, int excluded) {
  double weights[kInterestCount];
  double total = 0;
  for (int c = 0; c < kInterestCount; ++c) {
    bool skip = std::find(exclude, exclude + excluded, c) != exclude + excluded;
    weights[c] = skip ? 0 : InterestWeight(c, age);
    total += weights[c];
  }
  double u = rng.Uniform() * total;
  for (int c = 0; c < kInterestCount; ++c) {
    if (u < weights[c]) return c;
    u -= weights[c];
  }
  for (int c = kInterestCount - 1; c >= 0; --c) {
    if (weights[c] > 0) return c;
  }
  return 0;
}

// Cuts a sorted list of people into circles of 3-8 and records them.
void CutCircles(World& world, Rng& rng, std::vector<std::pair<uint64_t, PersonId>>& keyed,
                std::vector<std::pair<uint32_t, uint32_t>>& person_circles) {
  std::sort(keyed.begin(), keyed.end());
  size_t pos = 0;
  while (keyed.size() - pos >= 3) {
    size_t size = static_cast<size_t>(rng.Between(3, 8));
    size_t left = keyed.size() - pos;
    if (size > left || left - size < 3) size = left <= 8 ? left : std::min(size, left - 3);
    uint32_t c = world.circles.size();
    int interest = DrawInterest(rng, world.persons[keyed[pos].second].age, nullptr, 0);
    world.circle_interest.push_back(static_cast<uint8_t>(interest));
    for (size_t k = pos; k < pos + size; ++k) {
      PersonId p = keyed[k].second;
      world.circles.items.push_back(p);
      auto& slots = person_circles[p];
      (slots.first == kNone ? slots.first : slots.second) = c;
    }
    world.circles.Close();
    pos += size;
  }
}

}  // namespace

void BuildWorkplaces(World& world) {
  Rng rng = Rng::For(world.seed, 0, 0, kPurposeWorkplaces);
  std::vector<PersonId> workers;
  for (PersonId p = 0; p < world.people; ++p) {
    Role r = world.persons[p].role;
    if (r == Role::kWorker || r == Role::kNightWorker) workers.push_back(p);
  }
  for (size_t i = workers.size(); i > 1; --i) std::swap(workers[i - 1], workers[rng.Below(i)]);

  size_t pos = 0;
  while (pos < workers.size()) {
    double pareto = 2.0 * std::pow(1.0 - rng.Uniform(), -1.0 / 1.2);
    size_t size = static_cast<size_t>(std::clamp(pareto, 2.0, 200.0));
    size_t left = workers.size() - pos;
    if (size >= left || left - size < 2) size = left;  // never leave a lone worker behind
    double u = rng.Uniform();
    AreaType type = u < 0.85   ? AreaType::kOffice
                    : u < 0.90 ? AreaType::kMall
                    : u < 0.95 ? AreaType::kHospital
                               : AreaType::kCampus;
    int region = rng.Chance(0.5) ? world.persons[workers[pos]].region
                                 : static_cast<int>(rng.Below(Regions().size()));
    AreaId area = PickArea(world, type, region, rng.Next());
    uint32_t w = world.workplaces.size();
    world.workplace_area.push_back(area);
    for (size_t k = pos; k < pos + size; ++k) {
      Person& person = world.persons[workers[k]];
      person.workplace = w;
      person.day_area = area;
      world.workplaces.items.push_back(workers[k]);
    }
    world.workplaces.Close();
    pos += size;
  }
}

void BuildCircles(World& world) {
  Rng rng = Rng::For(world.seed, 0, 0, kPurposeCircles);
  std::vector<std::pair<uint32_t, uint32_t>> person_circles(world.people, {kNone, kNone});
  constexpr uint64_t kLow48 = (uint64_t{1} << 48) - 1;
  std::vector<std::pair<uint64_t, PersonId>> keyed;
  keyed.reserve(world.people);
  for (PersonId p = 0; p < world.people; ++p) {
    if (!rng.Chance(0.85)) continue;
    const Person& person = world.persons[p];
    uint64_t key =
        (uint64_t{person.region} << 56) | (uint64_t{person.age / 6u} << 48) | (rng.Next() & kLow48);
    keyed.emplace_back(key, p);
  }
  CutCircles(world, rng, keyed, person_circles);
  keyed.clear();
  for (PersonId p = 0; p < world.people; ++p) {
    if (!rng.Chance(0.35)) continue;
    keyed.emplace_back((uint64_t{world.persons[p].region} << 56) | (rng.Next() & kLow48), p);
  }
  CutCircles(world, rng, keyed, person_circles);

  for (PersonId p = 0; p < world.people; ++p) {
    Person& person = world.persons[p];
    for (uint32_t c : {person_circles[p].first, person_circles[p].second}) {
      if (c == kNone) continue;
      uint8_t interest = world.circle_interest[c];
      uint8_t* end = person.interests + person.interest_count;
      if (std::find(person.interests, end, interest) == end) {
        person.interests[person.interest_count++] = interest;
      }
    }
    double u = rng.Uniform();
    int want = u < 0.35 ? 1 : u < 0.75 ? 2 : 3;
    while (person.interest_count < want) {
      int c = DrawInterest(rng, person.age, person.interests, person.interest_count);
      person.interests[person.interest_count++] = static_cast<uint8_t>(c);
    }
  }
}

}  // namespace ripple::sim
