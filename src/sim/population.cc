// People and households. Households of 1-5 (25/30/25/15/5 %) share a residential area; a head,
// a spouse of similar age, then children (or an elderly parent). Each member is on-net or off-net
// independently, in proportion to what is left of each pool, so households mix operators.
// Roles follow age: students 8-21, about 65 % of 22-60 work (3 % of workers on night shifts),
// the rest stay home. Wealth is mostly shared within a household and drives plans and handsets.
#include <algorithm>
#include <cmath>

#include "core/rng.h"
#include "core/time.h"
#include "sim/random_streams.h"
#include "sim/world.h"

namespace ripple::sim {
namespace {

int DrawHouseholdSize(Rng& rng) {
  double u = rng.Uniform();
  if (u < 0.25) return 1;
  if (u < 0.55) return 2;
  if (u < 0.80) return 3;
  if (u < 0.95) return 4;
  return 5;
}

int DrawHeadAge(Rng& rng) {
  double u = rng.Uniform();
  if (u < 0.30) return static_cast<int>(rng.Between(22, 34));
  if (u < 0.65) return static_cast<int>(rng.Between(35, 49));
  if (u < 0.90) return static_cast<int>(rng.Between(50, 64));
  return static_cast<int>(rng.Between(65, 80));
}

Role DrawRole(Rng& rng, int age) {
  if (age < 18) return Role::kStudent;
  if (age <= 21) return rng.Chance(0.7) ? Role::kStudent : Role::kWorker;
  bool works = age <= 60 ? rng.Chance(0.65) : age <= 65 && rng.Chance(0.1);
  if (!works) return Role::kHome;
  return rng.Chance(0.03) ? Role::kNightWorker : Role::kWorker;
}

void FillPerson(const World& world, int start_year, Rng& rng, Person& p, int age, char gender,
                double household_wealth) {
  p.age = static_cast<uint8_t>(age);
  p.birth_year = static_cast<uint16_t>(start_year - age);
  p.gender = rng.Chance(0.02) ? 'U' : gender;
  p.role = DrawRole(rng, age);
  p.wealth =
      static_cast<float>(std::clamp(0.75 * household_wealth + 0.25 * rng.Uniform(), 0.0, 0.999));
  int plan_count = static_cast<int>(Plans().size());
  int plan = static_cast<int>(p.wealth * plan_count) + static_cast<int>(rng.Between(-1, 1));
  if (age < 18) plan = std::min(plan, 1);
  p.plan = static_cast<uint8_t>(std::clamp(plan, 0, plan_count - 1));
  p.prepaid = rng.Chance(0.6 - 0.4 * p.wealth);
  p.recharges_per_month = static_cast<uint8_t>(rng.Between(1, 4));
  int max_years = std::clamp(age - 12, 1, 20);
  p.join_day = static_cast<int32_t>(world.start_day - 1 - rng.Below(uint64_t(365) * max_years));
  double activity = rng.LogNormal(11.5, 0.45);
  if (age < 30) activity *= 1.25;
  if (age >= 60) activity *= 0.6;
  p.data_sessions = static_cast<float>(std::clamp(activity, 2.0, 60.0));
  if (p.role == Role::kStudent) {
    p.day_area = PickArea(world, AreaType::kCampus, p.region, rng.Next());
  }
  p.transit_area = PickArea(world, AreaType::kOther, p.region, rng.Next());
}

}  // namespace

void BuildPopulation(World& world) {
  Rng rng = Rng::For(world.seed, 0, 0, kPurposeHouseholds);
  world.persons.assign(world.people, Person{});
  world.people_by_region.assign(Regions().size(), {});
  uint64_t on_left = world.subscribers, off_left = world.people - world.subscribers;
  PersonId next_on = 0, next_off = world.subscribers;
  int start_year;
  unsigned start_month, start_dom;
  CivilFromDays(world.start_day, &start_year, &start_month, &start_dom);

  while (on_left + off_left > 0) {
    int size = static_cast<int>(std::min<uint64_t>(DrawHouseholdSize(rng), on_left + off_left));
    int region = DrawRegion(rng);
    uint32_t h = world.households.size();
    AreaId home = PickArea(world, AreaType::kResidential, region, rng.Next());
    world.household_area.push_back(home);
    double wealth = rng.Uniform();
    int head_age = DrawHeadAge(rng);
    char head_gender = rng.Chance(0.5) ? 'M' : 'F';
    bool single_parent = size == 2 && rng.Chance(0.25);

    for (int k = 0; k < size; ++k) {
      bool on_net = rng.Below(on_left + off_left) < on_left;
      PersonId id = on_net ? next_on++ : next_off++;
      (on_net ? on_left : off_left)--;
      int age;
      char gender;
      if (k == 0) {
        age = head_age;
        gender = head_gender;
      } else if (k == 1 && !single_parent) {
        age = std::clamp(head_age + static_cast<int>(rng.Between(-4, 4)), 20, 85);
        gender = head_gender == 'M' ? 'F' : 'M';
      } else {
        age = head_age - static_cast<int>(rng.Between(24, 36));
        if (age < 8) age = std::min(88, head_age + static_cast<int>(rng.Between(26, 32)));
        gender = rng.Chance(0.5) ? 'M' : 'F';
      }
      Person& p = world.persons[id];
      p.household = h;
      p.home_area = home;
      p.region = static_cast<uint8_t>(region);
      FillPerson(world, start_year, rng, p, age, gender, wealth);
      world.households.items.push_back(id);
      world.people_by_region[region].push_back(id);
    }
    world.households.Close();
  }
}

std::string_view TieKindName(TieKind kind) {
  switch (kind) {
    case TieKind::kFamily:
      return "family";
    case TieKind::kWork:
      return "work";
    case TieKind::kFriend:
      return "friend";
  }
  return "family";
}

}  // namespace ripple::sim
