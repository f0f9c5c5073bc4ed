// The planted world is visible in the written feeds: households sleep at home, colleagues call in
// office hours, friends share interests, traffic follows interests, and every record is valid
// against the reference tables. Checked from the files alone, the way inference will see them.
#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

#include "sim_test_support.h"

namespace ripple::sim::testing {
namespace {

class PlantedWorld : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    Simulate(dir_->path().string(),
             {"--subscribers", "1500", "--days", "7", "--seed", "11", "--dirty", "0"});
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string Path(const std::string& name) { return *dir_ / name; }
  static std::string Dir() { return dir_->path().string(); }

  static std::unordered_map<std::string, std::string> CellArea() {
    std::unordered_map<std::string, std::string> area;
    for (const auto& row : ReadCsv(Path("cells.csv")).rows) area[row[0]] = row[3];
    return area;
  }
  static std::set<std::string> Subscribers() {
    std::set<std::string> subs;
    for (const auto& row : ReadCsv(Path("subscribers.csv")).rows) subs.insert(row[0]);
    return subs;
  }
  // Unordered pair -> scenario from truth/ties.csv.
  static std::map<std::pair<std::string, std::string>, std::string> Ties() {
    std::map<std::pair<std::string, std::string>, std::string> ties;
    for (const auto& row : ReadCsv(Path("truth/ties.csv")).rows) {
      ties[{std::min(row[0], row[1]), std::max(row[0], row[1])}] = row[2];
    }
    return ties;
  }

  static TempDir* dir_;
};
TempDir* PlantedWorld::dir_ = nullptr;

TEST_F(PlantedWorld, EveryFileHasTheContractHeader) {
  const std::map<std::string, std::string> headers = {
      {"subscribers.csv", "msisdn,gender,birth_year,region,plan_id,monthly_fee,join_date"},
      {"cells.csv", "cell_id,lat,lon,area_id,area_type"},
      {"hosts.csv", "pattern,match,category"},
      {"tac.csv", "tac,brand,model,release_year,price_tier"},
      {"products.csv", "product_id,name,category,price"},
      {"calls.csv", "ts,caller,callee,duration_s,cell_id"},
      {"sms.csv", "ts,sender,receiver,cell_id"},
      {"data.csv", "ts,msisdn,host,app,bytes_up,bytes_down,duration_s,cell_id"},
      {"locations.csv", "ts,msisdn,cell_id"},
      {"orders.csv", "ts,msisdn,product_id,action,channel"},
      {"devices.csv", "ts,msisdn,imei"},
      {"recharges.csv", "ts,msisdn,amount"},
      {"visits.csv", "ts,msisdn,channel,page"},
      {"truth/households.csv", "msisdn,household_id"},
      {"truth/workplaces.csv", "msisdn,workplace_id"},
      {"truth/circles.csv", "msisdn,circle_id,interest"},
      {"truth/ties.csv", "a,b,scenario"},
      {"truth/interests.csv", "msisdn,interest"},
      {"truth/home_work.csv", "msisdn,home_cell,work_cell"},
      {"truth/injected.csv", "file,line,kind"},
      {"truth/moments.csv", "msisdn,moment,start_ts,end_ts"},
  };
  for (const auto& [file, header] : headers) {
    std::vector<std::string> lines = ReadLines(Path(file));
    ASSERT_FALSE(lines.empty()) << file;
    EXPECT_EQ(lines[0], header) << file;
    for (size_t i = 1; i < lines.size(); ++i) {
      ASSERT_EQ(SplitCsv(lines[i]).size(), SplitCsv(header).size()) << file << ":" << i + 1;
      ASSERT_EQ(lines[i].find('"'), std::string::npos) << file << ":" << i + 1;
    }
  }
}

TEST_F(PlantedWorld, EveryLineIsValidAgainstTheContract) {
  // No duplicates, no unknown subscriber or cell, no bad value: only the listed late records
  // stand out.
  auto injected = ReadInjected(Dir());
  for (const std::string& stem : EventFiles()) {
    ContractValidator validator(Dir());
    CsvTable t = ReadCsv(Path(stem + ".csv"));
    size_t late = 0;
    for (size_t i = 0; i < t.rows.size(); ++i) {
      auto it = injected.find({stem + ".csv", i + 2});
      std::string expected = it == injected.end() ? "" : it->second;
      ASSERT_EQ(validator.Check(stem, t.rows[i], t.header.size()), expected)
          << stem << ".csv:" << i + 2;
      late += expected == "late";
    }
    if (stem == "locations") {
      // ~0.05 % of location records arrive hours late.
      EXPECT_GT(late, 0u);
      EXPECT_LT(late, t.rows.size() / 500);
    } else {
      EXPECT_EQ(late, 0u) << stem;
    }
  }
}

TEST_F(PlantedWorld, HouseholdMembersSleepInTheirHouseholdsHomeArea) {
  auto area = CellArea();
  std::unordered_map<std::string, std::string> home_area;
  for (const auto& row : ReadCsv(Path("truth/home_work.csv")).rows)
    home_area[row[0]] = area[row[1]];
  std::unordered_map<std::string, std::map<std::string, int>> night;
  auto count_night = [&](const std::string& stem, size_t cell_column) {
    for (const auto& row : CleanRows(Dir(), stem)) {
      int hour = Local(Ts(row[0])).hour;
      if (hour >= 22 || hour < 7) ++night[row[1]][area[row[cell_column]]];
    }
  };
  count_night("locations", 2);
  count_night("data", 7);
  size_t agree = 0;
  for (const auto& [msisdn, areas] : night) {
    auto top = std::max_element(areas.begin(), areas.end(),
                                [](const auto& a, const auto& b) { return a.second < b.second; });
    agree += top->first == home_area[msisdn];
  }
  ASSERT_GT(night.size(), 1400u);
  EXPECT_GE(static_cast<double>(agree) / night.size(), 0.9);

  // On-net members of one household share its home cell.
  std::map<std::string, std::set<std::string>> household_homes;
  std::unordered_map<std::string, std::string> home_cell;
  for (const auto& row : ReadCsv(Path("truth/home_work.csv")).rows) home_cell[row[0]] = row[1];
  for (const auto& row : ReadCsv(Path("truth/households.csv")).rows) {
    if (home_cell.count(row[0])) household_homes[row[1]].insert(home_cell[row[0]]);
  }
  for (const auto& [household, homes] : household_homes) EXPECT_EQ(homes.size(), 1u) << household;
}

TEST_F(PlantedWorld, HouseholdSizesFollowTheTargetShares) {
  std::map<std::string, int> size;
  for (const auto& row : ReadCsv(Path("truth/households.csv")).rows) ++size[row[1]];
  std::map<int, double> share;
  for (const auto& [h, n] : size) share[n] += 1.0 / size.size();
  const std::map<int, double> target = {{1, 0.25}, {2, 0.30}, {3, 0.25}, {4, 0.15}, {5, 0.05}};
  for (const auto& [n, s] : share) {
    ASSERT_TRUE(target.count(n)) << "household of " << n;
    EXPECT_NEAR(s, target.at(n), 0.05) << "households of " << n;
  }
}

// Share of tie calls of a scenario that satisfy `when`.
template <typename When>
double ShareOfTieCalls(const std::vector<std::vector<std::string>>& calls,
                       const std::map<std::pair<std::string, std::string>, std::string>& ties,
                       const std::string& scenario, When when, size_t* count) {
  size_t n = 0, hit = 0;
  for (const auto& row : calls) {
    auto it = ties.find({std::min(row[1], row[2]), std::max(row[1], row[2])});
    if (it == ties.end() || it->second != scenario) continue;
    ++n;
    hit += when(Local(Ts(row[0])));
  }
  *count = n;
  return n == 0 ? 0 : static_cast<double>(hit) / n;
}

TEST_F(PlantedWorld, ColleaguesCallMostlyInWeekdayOfficeHours) {
  size_t n = 0;
  double share = ShareOfTieCalls(
      CleanRows(Dir(), "calls"), Ties(), "work",
      [](const LocalTime& t) { return t.weekday < 5 && t.hour >= 9 && t.hour < 18; }, &n);
  EXPECT_GT(n, 500u);
  EXPECT_GE(share, 0.8);
}

TEST_F(PlantedWorld, FamilyAndFriendsCallMostlyEveningsAndWeekends) {
  auto evening_or_weekend = [](const LocalTime& t) {
    return t.weekday >= 5 || (t.hour >= 18 && t.hour < 24);
  };
  auto calls = CleanRows(Dir(), "calls");
  auto ties = Ties();
  size_t n = 0;
  EXPECT_GE(ShareOfTieCalls(calls, ties, "family", evening_or_weekend, &n), 0.75);
  EXPECT_GT(n, 500u);
  EXPECT_GE(ShareOfTieCalls(calls, ties, "friend", evening_or_weekend, &n), 0.7);
  EXPECT_GT(n, 500u);
}

TEST_F(PlantedWorld, TiesCallInBothDirections) {
  auto ties = Ties();
  std::map<std::pair<std::string, std::string>, std::pair<int, int>> directions;
  for (const auto& row : CleanRows(Dir(), "calls")) {
    auto key = std::make_pair(std::min(row[1], row[2]), std::max(row[1], row[2]));
    if (!ties.count(key)) continue;
    (row[1] == key.first ? directions[key].first : directions[key].second)++;
  }
  int forward = 0, backward = 0;
  for (const auto& [pair, d] : directions) {
    forward += d.first;
    backward += d.second;
  }
  EXPECT_NEAR(static_cast<double>(forward) / (forward + backward), 0.5, 0.1);
}

TEST_F(PlantedWorld, ServiceNumbersTalkOneWay) {
  // Short codes and 400/800/106 numbers: nearly all their traffic goes one way.
  std::map<std::string, std::pair<int, int>> traffic;  // out, in
  auto is_service = [](const std::string& n) {
    return n.size() <= 5 || n.rfind("400", 0) == 0 || n.rfind("800", 0) == 0 ||
           n.rfind("106", 0) == 0;
  };
  for (const std::string stem : {"calls", "sms"}) {
    for (const auto& row : CleanRows(Dir(), stem)) {
      if (is_service(row[1])) ++traffic[row[1]].first;
      if (is_service(row[2])) ++traffic[row[2]].second;
    }
  }
  ASSERT_GE(traffic.size(), 30u);
  for (const auto& [number, t] : traffic) {
    double one_way = static_cast<double>(std::max(t.first, t.second)) / (t.first + t.second);
    EXPECT_GE(one_way, 0.9) << number;
  }
}

TEST_F(PlantedWorld, FriendsHoldTheirCirclesInterest) {
  std::set<std::pair<std::string, std::string>> interests;
  std::map<std::string, int> per_person;
  for (const auto& row : ReadCsv(Path("truth/interests.csv")).rows) {
    interests.insert({row[0], row[1]});
    ++per_person[row[0]];
  }
  auto circles = ReadCsv(Path("truth/circles.csv")).rows;
  ASSERT_GT(circles.size(), 1500u);
  for (const auto& row : circles) {
    EXPECT_TRUE(interests.count({row[0], row[2]})) << row[0] << " in " << row[1];
  }
  for (const auto& [msisdn, n] : per_person) {
    EXPECT_GE(n, 1);
    EXPECT_LE(n, 3);
  }
}

TEST_F(PlantedWorld, InterestHostsDominateNonGeneralTraffic) {
  HostMatcher hosts(Path("hosts.csv"));
  std::map<std::string, std::set<std::string>> interests;
  for (const auto& row : ReadCsv(Path("truth/interests.csv")).rows)
    interests[row[0]].insert(row[1]);
  size_t general = 0, own = 0, other = 0, unmatched = 0, no_app = 0, total = 0;
  std::map<std::string, std::set<std::string>> categories_of_host;
  for (const auto& row : CleanRows(Dir(), "data")) {
    ++total;
    no_app += row[3].empty();
    std::set<std::string> categories = hosts.Categories(row[2]);
    ASSERT_LE(categories.size(), 1u) << row[2] << " matches rules of several categories";
    if (categories.empty()) {
      ++unmatched;
      continue;
    }
    const std::string& category = *categories.begin();
    if (category == "general") {
      ++general;
    } else if (interests[row[1]].count(category)) {
      ++own;
    } else {
      ++other;
    }
  }
  EXPECT_NEAR(static_cast<double>(general) / total, 0.52, 0.05);
  EXPECT_LT(static_cast<double>(unmatched) / total, 0.06);
  EXPECT_GE(static_cast<double>(own) / (own + other), 0.7);
  EXPECT_NEAR(static_cast<double>(no_app) / total, 0.15, 0.05);
}

TEST_F(PlantedWorld, EveryImeiPassesLuhnAndHasAKnownTac) {
  std::set<std::string> tacs;
  for (const auto& row : ReadCsv(Path("tac.csv")).rows) {
    EXPECT_EQ(row[0].size(), 8u);
    tacs.insert(row[0]);
  }
  EXPECT_GE(tacs.size(), 140u);
  std::set<std::string> with_device;
  auto devices = CleanRows(Dir(), "devices");
  for (const auto& row : devices) {
    ASSERT_EQ(row[2].size(), 15u) << row[2];
    EXPECT_TRUE(LuhnOk(row[2])) << row[2];
    EXPECT_TRUE(tacs.count(row[2].substr(0, 8))) << row[2];
    with_device.insert(row[1]);
  }
  // Everyone's handset is reported on the first day, in its first hour.
  EXPECT_EQ(with_device, Subscribers());
  size_t first_hour = 0;
  for (const auto& row : devices) first_hour += Local(Ts(row[0])).hour == 0;
  EXPECT_GE(first_hour, Subscribers().size());
}

TEST_F(PlantedWorld, EveryReferencedCellExists) {
  auto area = CellArea();
  const std::map<std::string, size_t> cell_column = {
      {"calls", 4}, {"sms", 3}, {"data", 7}, {"locations", 2}};
  for (const auto& [stem, column] : cell_column) {
    for (const auto& row : CleanRows(Dir(), stem)) {
      if (row[column].empty()) continue;
      ASSERT_TRUE(area.count(row[column])) << stem << ": " << row[column];
    }
  }
  for (const auto& row : ReadCsv(Path("truth/home_work.csv")).rows) {
    EXPECT_TRUE(area.count(row[1]));
    if (!row[2].empty()) {
      EXPECT_TRUE(area.count(row[2]));
    }
  }
  // Every area has 2-4 cells.
  std::map<std::string, int> cells_per_area;
  for (const auto& [cell, a] : area) ++cells_per_area[a];
  for (const auto& [a, n] : cells_per_area) {
    EXPECT_GE(n, 2) << a;
    EXPECT_LE(n, 4) << a;
  }
}

TEST_F(PlantedWorld, CellIsTheCallersWhenOnNetAndEmptyOtherwise) {
  auto subs = Subscribers();
  for (const std::string stem : {"calls", "sms"}) {
    size_t cell = stem == "calls" ? 4 : 3, off_net_callers = 0;
    for (const auto& row : CleanRows(Dir(), stem)) {
      bool caller_on = subs.count(row[1]) > 0;
      ASSERT_TRUE(caller_on || subs.count(row[2])) << stem << " without a subscriber";
      EXPECT_EQ(row[cell].empty(), !caller_on) << stem << " " << row[1];
      off_net_callers += !caller_on;
    }
    EXPECT_GT(off_net_callers, 0u) << stem;
  }
}

TEST_F(PlantedWorld, BothTimestampFormsAppearInEveryEventFile) {
  for (const std::string& stem : EventFiles()) {
    size_t iso = 0, total = 0;
    for (const auto& row : CleanRows(Dir(), stem)) {
      ++total;
      iso += row[0].find('-') != std::string::npos;
    }
    bool iso_mostly =
        stem == "orders" || stem == "devices" || stem == "recharges" || stem == "visits";
    double share = static_cast<double>(iso) / total;
    EXPECT_GT(iso, 0u) << stem;
    EXPECT_LT(iso, total) << stem;
    EXPECT_NEAR(share, iso_mostly ? 0.95 : 0.05, 0.03) << stem;
  }
}

TEST_F(PlantedWorld, VolumesAreNearTheTargetPerSubscriberDay) {
  const double subscriber_days = 1500.0 * 7;
  std::map<std::string, double> per_day;
  double total = 0;
  for (const std::string& stem : EventFiles()) {
    per_day[stem] = CleanRows(Dir(), stem).size() / subscriber_days;
    total += per_day[stem];
  }
  EXPECT_GE(total, 28);
  EXPECT_LE(total, 40);
  EXPECT_GE(per_day["data"], 10);
  EXPECT_LE(per_day["data"], 15);
  EXPECT_GE(per_day["locations"], 9);
  EXPECT_LE(per_day["locations"], 13);
  EXPECT_GE(per_day["calls"], 3);
  EXPECT_LE(per_day["calls"], 6);
  EXPECT_GE(per_day["sms"], 1.5);
  EXPECT_LE(per_day["sms"], 3);
  EXPECT_LT(per_day["visits"] + per_day["recharges"] + per_day["orders"] + per_day["devices"], 1.5);
}

TEST_F(PlantedWorld, WorkersAreAtTheirWorkAreaInWeekdayOfficeHours) {
  auto area = CellArea();
  std::unordered_map<std::string, std::string> work_area;
  for (const auto& row : ReadCsv(Path("truth/home_work.csv")).rows) {
    if (!row[2].empty()) work_area[row[0]] = area[row[2]];
  }
  ASSERT_GT(work_area.size(), 400u);
  size_t n = 0, at_work = 0;
  for (const auto& row : CleanRows(Dir(), "locations")) {
    auto it = work_area.find(row[1]);
    LocalTime t = Local(Ts(row[0]));
    if (it == work_area.end() || t.weekday >= 5 || t.hour < 10 || t.hour >= 17) continue;
    ++n;
    at_work += area[row[2]] == it->second;
  }
  EXPECT_GE(static_cast<double>(at_work) / n, 0.75);
}

TEST_F(PlantedWorld, TruthIncludesOffNetPeople) {
  auto subs = Subscribers();
  size_t off_net_members = 0, mixed_ties = 0;
  for (const auto& row : ReadCsv(Path("truth/households.csv")).rows)
    off_net_members += !subs.count(row[0]);
  for (const auto& row : ReadCsv(Path("truth/ties.csv")).rows) {
    mixed_ties += subs.count(row[0]) != subs.count(row[1]);
  }
  EXPECT_GT(off_net_members, 200u);
  EXPECT_GT(mixed_ties, 500u);
  // Off-net numbers come in several forms: +86 mobiles and landlines among them.
  bool plus86 = false, landline = false;
  for (const auto& row : ReadCsv(Path("truth/households.csv")).rows) {
    plus86 |= row[0].rfind("+86", 0) == 0;
    landline |= row[0][0] == '0';
  }
  EXPECT_TRUE(plus86);
  EXPECT_TRUE(landline);
}

TEST_F(PlantedWorld, SubscribersAreDistinctMobilesWithTheirPlansFee) {
  std::set<std::string> seen;
  const std::map<std::string, std::string> fee = {
      {"P18", "18.00"},   {"P38", "38.00"},   {"P58", "58.00"},  {"P88", "88.00"},
      {"P128", "128.00"}, {"P188", "188.00"}, {"P288", "288.00"}};
  for (const auto& row : ReadCsv(Path("subscribers.csv")).rows) {
    EXPECT_TRUE(seen.insert(row[0]).second) << row[0];
    EXPECT_EQ(row[0].size(), 11u);
    EXPECT_EQ(row[0][0], '1');
    EXPECT_TRUE(row[1] == "M" || row[1] == "F" || row[1] == "U");
    ASSERT_TRUE(fee.count(row[4])) << row[4];
    EXPECT_EQ(row[5], fee.at(row[4]));
    EXPECT_TRUE(ParseLocalDate(row[6], 480).has_value()) << row[6];
  }
  EXPECT_EQ(seen.size(), 1500u);
}

}  // namespace
}  // namespace ripple::sim::testing
