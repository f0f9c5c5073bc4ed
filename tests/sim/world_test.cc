// The world builder's invariants, checked on the in-memory World.
#include "sim/world.h"

#include <set>

#include "core/phone_number.h"
#include "sim/schedule.h"
#include "sim_test_support.h"

namespace ripple::sim {
namespace {

const World& TestWorld() {
  static const World* world = [] {
    auto built = BuildWorld(3000, 99, ParseLocalDate("2026-11-02", 0).value() / kMillisPerDay);
    EXPECT_TRUE(built.ok());
    return std::move(built).value().release();
  }();
  return *world;
}

TEST(World, HasThirtyPercentOffNetPeopleOnTopOfTheSubscribers) {
  const World& w = TestWorld();
  EXPECT_EQ(w.subscribers, 3000u);
  EXPECT_EQ(w.people, 3900u);
  EXPECT_EQ(w.persons.size(), w.people);
}

TEST(World, EveryPartyHasADistinctValidNumber) {
  const World& w = TestWorld();
  std::set<PhoneKey> keys;
  for (PartyId p = 0; p < w.party_text.size(); ++p) {
    PhoneKey key = ParsePhoneNumber(w.Number(p));
    ASSERT_NE(key, kNoPhone) << w.Number(p);
    EXPECT_TRUE(keys.insert(key).second) << "duplicate number " << w.Number(p);
  }
  EXPECT_EQ(w.party_text.size() - w.first_service, ServiceNumbers().size() + 8u);
}

TEST(World, HouseholdsHoldOneToFivePeopleSharingAHome) {
  const World& w = TestWorld();
  size_t members = 0;
  for (uint32_t h = 0; h < w.households.size(); ++h) {
    ASSERT_GE(w.households.count(h), 1u);
    ASSERT_LE(w.households.count(h), 5u);
    for (const uint32_t* m = w.households.begin(h); m != w.households.end(h); ++m) {
      EXPECT_EQ(w.persons[*m].household, h);
      EXPECT_EQ(w.persons[*m].home_area, w.household_area[h]);
      EXPECT_EQ(w.areas[w.persons[*m].home_area].type, AreaType::kResidential);
    }
    members += w.households.count(h);
  }
  EXPECT_EQ(members, w.people);
}

TEST(World, WorkplacesHoldTwoToTwoHundredWorkersInWorkAreas) {
  const World& w = TestWorld();
  for (uint32_t k = 0; k < w.workplaces.size(); ++k) {
    EXPECT_GE(w.workplaces.count(k), 2u);
    EXPECT_LE(w.workplaces.count(k), 201u);
    AreaType type = w.areas[w.workplace_area[k]].type;
    EXPECT_TRUE(type == AreaType::kOffice || type == AreaType::kMall ||
                type == AreaType::kHospital || type == AreaType::kCampus);
  }
  size_t adults = 0, working = 0;
  for (const Person& p : w.persons) {
    if (p.age < 22 || p.age > 60) continue;
    ++adults;
    working += p.workplace != kNone;
  }
  EXPECT_NEAR(static_cast<double>(working) / adults, 0.65, 0.05);
}

TEST(World, TiesAreUniquePairsOwnedByTheirLowerOnNetMember) {
  const World& w = TestWorld();
  std::set<std::pair<PersonId, PersonId>> pairs;
  for (const Tie& t : w.ties) {
    ASSERT_LT(t.a, t.b);
    EXPECT_TRUE(pairs.insert({t.a, t.b}).second);
  }
  ASSERT_EQ(w.tie_first.size(), w.subscribers + 1u);
  for (PersonId s = 0; s < w.subscribers; ++s) {
    for (uint32_t t = w.tie_first[s]; t < w.tie_first[s + 1]; ++t) EXPECT_EQ(w.ties[t].a, s);
  }
  // Family ties join every pair of a household.
  const uint32_t* m = w.households.begin(0);
  if (w.households.count(0) >= 2) {
    EXPECT_TRUE(pairs.count({std::min(m[0], m[1]), std::max(m[0], m[1])}));
  }
}

TEST(World, CircleMembersHoldTheCirclesInterest) {
  const World& w = TestWorld();
  size_t in_a_circle = 0;
  std::vector<int> circles_of(w.people, 0);
  for (uint32_t c = 0; c < w.circles.size(); ++c) {
    EXPECT_GE(w.circles.count(c), 3u);
    EXPECT_LE(w.circles.count(c), 10u);
    for (const uint32_t* m = w.circles.begin(c); m != w.circles.end(c); ++m) {
      const Person& p = w.persons[*m];
      EXPECT_NE(std::find(p.interests, p.interests + p.interest_count, w.circle_interest[c]),
                p.interests + p.interest_count);
      ++circles_of[*m];
    }
  }
  for (int n : circles_of) {
    EXPECT_LE(n, 2);
    in_a_circle += n > 0;
  }
  EXPECT_GT(static_cast<double>(in_a_circle) / w.people, 0.8);
  for (const Person& p : w.persons) {
    EXPECT_GE(p.interest_count, 1);
    EXPECT_LE(p.interest_count, 3);
  }
}

TEST(World, EveryAreaHasTwoToFourCellsWithDistinctIds) {
  const World& w = TestWorld();
  std::set<std::string> ids;
  for (const Area& a : w.areas) {
    EXPECT_GE(a.cell_count, 2);
    EXPECT_LE(a.cell_count, 4);
  }
  for (const Cell& c : w.cells) EXPECT_TRUE(ids.insert(std::string(c.text())).second);
  EXPECT_EQ(w.areas_by_type[static_cast<int>(AreaType::kAirport)].size(), 1u);
}

TEST(World, SchedulesStartAtMidnightAndWorkersReachWorkOnWeekdays) {
  const World& w = TestWorld();
  size_t workers = 0, at_work = 0;
  for (PersonId s = 0; s < w.subscribers; ++s) {
    DaySchedule d = BuildDaySchedule(w, s, 2, 2);  // a Wednesday
    ASSERT_GE(d.count, 1);
    EXPECT_EQ(d.start_minute[0], 0);
    for (int i = 1; i < d.count; ++i) EXPECT_GT(d.start_minute[i], d.start_minute[i - 1]);
    EXPECT_EQ(BuildDaySchedule(w, s, 2, 2).AreaAt(600), d.AreaAt(600));  // rebuilt identically
    if (w.persons[s].role == Role::kWorker) {
      ++workers;
      at_work += d.AreaAt(11 * 60) == w.persons[s].day_area;
    }
  }
  EXPECT_GT(static_cast<double>(at_work) / workers, 0.85);
}

}  // namespace
}  // namespace ripple::sim
