// The simulated world: geography, people, households, workplaces, friend circles, ties, contacts
// and phone numbers. It is built once from (subscribers, seed) by BuildWorld and then only read,
// so day generation can run on many threads over it.
//
// Invariants:
// - People 0..subscribers-1 are on-net (their numbers are in subscribers.csv); the rest are
//   off-net people of other operators. Parties are people, then service numbers, then
//   international numbers; party_text holds one written number per party, all distinct.
// - ties are sorted by (a, b) with a < b, one per unordered pair; a tie with a on-net is owned
//   (its calls and SMS are generated) by a, so tie_first indexes the owned ties of each subscriber.
// - Every area has 2-4 cells, the first of which is its primary cell.
// - Areas from first_roaming_area on are abroad (RoamingDestinations(), in that order) and come
//   last; they are in no areas_by_type list, so only a trip abroad (schedule.h) reaches them.
// Thread-safety: immutable after BuildWorld; safe to share across threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "sim/catalog.h"
#include "sim/handset_catalog.h"
#include "sim/host_catalog.h"

namespace ripple::sim {

using PersonId = uint32_t;
using PartyId = uint32_t;
using AreaId = uint32_t;
using CellIndex = uint32_t;
constexpr uint32_t kNone = UINT32_MAX;

struct Area {
  CellIndex first_cell;
  uint8_t cell_count;
  AreaType type;
  uint8_t region;
};

struct Cell {
  AreaId area;
  float lat, lon;
  char id[12];  // "LAC-CI", e.g. "4601-10234"
  uint8_t id_len;
  std::string_view text() const { return {id, id_len}; }
};

enum class Role : uint8_t { kWorker, kNightWorker, kStudent, kHome };

struct Person {
  uint32_t household = kNone;
  uint32_t workplace = kNone;
  AreaId home_area = kNone;
  AreaId day_area = kNone;      // work or campus area; kNone for people at home
  AreaId transit_area = kNone;  // roads between home and the day area
  int32_t join_day = 0;         // local days since 1970-01-01
  uint16_t birth_year = 0;
  uint8_t age = 0;
  char gender = 'U';
  Role role = Role::kHome;
  uint8_t region = 0;
  uint8_t interest_count = 0;
  uint8_t interests[3] = {};
  uint8_t plan = 0;
  bool prepaid = false;
  uint8_t recharges_per_month = 0;
  float wealth = 0;         // 0..1, drives plans and handsets
  float data_sessions = 0;  // mean data sessions per day
};

enum class TieKind : uint8_t { kFamily, kWork, kFriend };
std::string_view TieKindName(TieKind kind);

struct Tie {
  PersonId a, b;  // a < b
  TieKind kind;
  float rate;  // multiplier of the kind's call rate for this pair
};

struct PartyText {
  char text[23];
  uint8_t len;
  std::string_view view() const { return {text, len}; }
};

// A compressed list of lists (CSR): members of group g are items[first[g] .. first[g+1]).
struct Groups {
  std::vector<uint32_t> first{0};
  std::vector<uint32_t> items;
  uint32_t size() const { return static_cast<uint32_t>(first.size() - 1); }
  const uint32_t* begin(uint32_t g) const { return items.data() + first[g]; }
  const uint32_t* end(uint32_t g) const { return items.data() + first[g + 1]; }
  uint32_t count(uint32_t g) const { return first[g + 1] - first[g]; }
  void Close() { first.push_back(static_cast<uint32_t>(items.size())); }
};

struct World {
  uint64_t seed = 0;
  uint32_t subscribers = 0;  // on-net people
  uint32_t people = 0;       // on-net + off-net
  int64_t start_day = 0;     // local day of the simulation's first day (for ages and join dates)

  // Geography.
  std::vector<Area> areas;
  std::vector<Cell> cells;
  std::vector<std::vector<AreaId>> areas_by_type;                      // [type]
  std::vector<std::vector<std::vector<AreaId>>> areas_by_type_region;  // [type][region]
  AreaId first_roaming_area = 0;

  // Population and structure.
  std::vector<Person> persons;
  std::vector<std::vector<PersonId>> people_by_region;
  Groups households;  // members; household_area[h] is their home
  std::vector<AreaId> household_area;
  Groups workplaces;  // members
  std::vector<AreaId> workplace_area;
  Groups circles;  // members; circle_interest[c]
  std::vector<uint8_t> circle_interest;
  std::vector<Tie> ties;
  std::vector<uint32_t> tie_first;  // [subscribers + 1]: owned ties of each subscriber
  Groups weak_contacts;             // per subscriber: parties called now and then

  // Numbers.
  std::vector<PartyText> party_text;  // [people + services + internationals]
  PartyId first_service = 0;
  PartyId first_international = 0;

  // Catalogues.
  HostCatalog hosts;
  HandsetCatalog handsets;

  bool IsOnNet(PartyId p) const { return p < subscribers; }
  std::string_view Number(PartyId p) const { return party_text[p].view(); }
  std::string_view CellText(CellIndex c) const { return cells[c].text(); }
  CellIndex PrimaryCell(AreaId a) const { return areas[a].first_cell; }
  bool IsRoaming(AreaId a) const { return a >= first_roaming_area && a < areas.size(); }
};

// Builds the world for `subscribers` on-net people (>= 1) and a seed. `start_day` is the local day
// of the first simulated day. Deterministic: same arguments, same world.
Result<std::unique_ptr<World>> BuildWorld(uint32_t subscribers, uint64_t seed, int64_t start_day);

// Steps of BuildWorld, each in its own file.
void BuildGeography(World& world);
void BuildPopulation(World& world);
void BuildWorkplaces(World& world);
void BuildCircles(World& world);
void BuildTies(World& world);
void BuildWeakContacts(World& world);
void BuildPhoneNumbers(World& world);

// Helpers shared by the steps.
AreaId PickArea(const World& world, AreaType type, int region, uint64_t draw);

}  // namespace ripple::sim
