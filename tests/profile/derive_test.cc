// The built-in derivations of derive.h over hand-built activity: home (night presence with the
// residential prior), home cell, work / study (weekday daytime, night shifts, thresholds, age),
// home-work distance, frequent area types, interests, terminal and channel.
// Activity uses NoDecay(), so every record weighs 1 and the expected values are whole counts.
#include "profile/derive.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "profile_test_util.h"
#include "state/subscriber_state.h"

namespace ripple::profile {
namespace {

using namespace ::ripple::profile::testing;  // NOLINT
using ::ripple::testing::TempDir;

// Ages on 2026-11-02: 46, 18, 22 (exactly adult), 21.
constexpr char kSubscribers[] =
    "13800138001,M,1980,Shenzhen,P58,58,2020-03-15\n"
    "13800138002,F,2008,Shenzhen,P18,18,2024-01-01\n"
    "13800138003,F,2004,Shenzhen,P38,38,2023-01-01\n"
    "13800138004,M,2005,Shenzhen,P38,38,2023-01-01\n";
// Two cells in each of the HOME and OFFICE areas; H1 and O1 lie 0.1 degree apart on a meridian.
constexpr char kCells[] =
    "H1,22.5,114.0,HOME,residential\n"
    "H2,22.52,114.0,HOME,residential\n"
    "O1,22.6,114.0,OFFICE,office\n"
    "O2,22.61,114.0,OFFICE,office\n"
    "M1,22.55,114.05,MALL,mall\n"
    "R2,22.45,113.95,FRIEND,residential\n"
    "X1,22.7,114.1,DOWNTOWN,other\n"
    "C1,22.58,113.9,CAMPUS,campus\n"
    "S1,22.4,114.2,PARK,scenic\n"
    "T1,22.65,114.15,STADIUM,stadium\n"
    "P1,22.5,114.1,HOSP,hospital\n"
    "M2,22.56,114.06,MALL2,mall\n";

// Days of Day0()'s week: Monday 0 .. Sunday 6.
constexpr int kMon = 0, kTue = 1, kFri = 4, kSat = 5, kSun = 6;

class DeriveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ref_ = LoadReference(dir_, {kSubscribers, kCells});
    ASSERT_NE(ref_, nullptr);
  }
  CellId Cell(const char* name) const { return ref_->FindCell(name); }

  // `n` location records of `s` at `cell` on day `day` from hh:00, a minute apart.
  void Loc(SubscriberId s, const char* cell, int day, int hh, int n) {
    ASSERT_NE(Cell(cell), kNoCell) << cell;
    for (int i = 0; i < n; ++i) activity_.Apply(Location(At(day, hh, i), s, Cell(cell)), -1);
  }
  // `n` records at night (Monday 23:00) and on a weekday daytime (Tuesday 10:00).
  void Nights(SubscriberId s, const char* cell, int n) { Loc(s, cell, kMon, 23, n); }
  void Daytime(SubscriberId s, const char* cell, int n) { Loc(s, cell, kTue, 10, n); }
  void Sessions(SubscriberId s, int16_t category, int n) {
    for (int i = 0; i < n; ++i) activity_.Apply(Data(At(kMon, 12, i), s), category);
  }

  DerivedProfile Run(SubscriberId s) {
    DerivedProfile out;
    Run(s, &out);
    return out;
  }
  void Run(SubscriberId s, DerivedProfile* out) {
    const DeriveContext ctx{ref_.get(), &state_, &activity_, general_, Day0() + kSun, options_};
    DeriveProfile(ctx, s, out);
  }

  TempDir dir_;
  std::unique_ptr<ingest::ReferenceData> ref_;
  std::vector<uint64_t> pseudonyms_ = Pseudonyms(4);
  state::SubscriberState state_{pseudonyms_};
  // Category 0 is a general category (portals): never an interest.
  ProfileActivity activity_{4, NoDecay(), {"general", "music", "video", "news", "games", "shop"}};
  std::vector<bool> general_ = {true, false, false, false, false, false};
  // The thresholds the expected values are computed for, written out so that tuning the
  // defaults (measured on the simulator) does not silently change what these tests check.
  DeriveOptions options_ = [] {
    DeriveOptions o;
    o.residential_prior = 1.3;
    o.home_rest_weight = 0.5;
    o.min_night_weight = 1.0;
    o.min_work_share = 0.4;
    o.min_work_weight = 3.0;
    o.adult_age = 22;
    o.min_interest_share = 0.08;
    o.min_interest_weight = 3.0;
    o.min_area_type_share = 0.03;
    o.min_area_type_weight = 2.0;
    return o;
  }();
};

// Home score = (night + home_rest_weight 0.5 x rest) x (1.3 if residential), where rest is the
// presence neither at night nor on weekday 09-17.
TEST_F(DeriveTest, HomeIsTheAreaWithTheMostNightPresence) {
  Nights(0, "H1", 10);        // 13
  Nights(0, "X1", 4);         // 4 + 0.5 x 8 = 8
  Loc(0, "X1", kSat, 15, 8);  // more presence overall (12 > 10), but in the afternoon
  Daytime(0, "X1", 20);       // weekday daytime does not count for home at all
  EXPECT_EQ(Run(0).home_cell, Cell("H1"));
}

TEST_F(DeriveTest, TimeOffWorkCountsHalfForHome) {
  Nights(0, "H1", 10);  // 13
  Nights(0, "X1", 4);
  Loc(0, "X1", kSat, 15, 20);  // 4 + 0.5 x 20 = 14
  EXPECT_EQ(Run(0).home_cell, Cell("X1"));
  options_.home_rest_weight = 0;
  EXPECT_EQ(Run(0).home_cell, Cell("H1")) << "nights alone: 13 against 4";
}

TEST_F(DeriveTest, TheResidentialPriorWinsANearTie) {
  Nights(0, "H1", 10);  // residential: 10 x 1.3 = 13
  Nights(0, "X1", 12);  // other: 12
  EXPECT_EQ(Run(0).home_cell, Cell("H1"));
  options_.residential_prior = 1.0;
  EXPECT_EQ(Run(0).home_cell, Cell("X1")) << "without the prior the raw night count decides";
}

TEST_F(DeriveTest, ClearlyMoreNightsElsewhereBeatThePrior) {
  Nights(0, "H1", 10);  // 13
  Nights(0, "X1", 14);  // 14
  EXPECT_EQ(Run(0).home_cell, Cell("X1"));
}

TEST_F(DeriveTest, NoHomeBelowTheMinimumNightWeight) {
  Nights(0, "H1", 1);
  Loc(0, "X1", kSat, 15, 30);  // much time off work, but never a night
  EXPECT_EQ(Run(0).home_cell, Cell("H1"));
  options_.min_night_weight = 1.5;
  EXPECT_EQ(Run(0).home_cell, kNoCell);
  EXPECT_EQ(Run(1).home_cell, kNoCell) << "no presence at all";
}

// Handover spreads a home over neighbouring cells: the cell seen most (all day) is the home cell.
TEST_F(DeriveTest, HomeCellIsTheHomeAreaCellSeenMost) {
  Nights(0, "H1", 3);
  Loc(0, "H1", kSat, 14, 10);  // H1: the most presence (13); H2: the most nights (7)
  Nights(0, "H2", 7);
  Nights(0, "X1", 9);          // 9 < (10 + 0.5 x 10) x 1.3: not home
  Loc(0, "X1", kSun, 14, 20);  // seen most of all cells, but outside the home area
  EXPECT_EQ(Run(0).home_cell, Cell("H1"));
  Loc(0, "H2", kSun, 15, 7);  // H2: 14 > 13
  EXPECT_EQ(Run(0).home_cell, Cell("H2"));
}

TEST_F(DeriveTest, WorkIsTheDominantWeekdayDaytimeArea) {
  Nights(0, "H1", 10);
  Daytime(0, "O1", 5);
  Daytime(0, "O2", 2);  // OFFICE holds 7 of 9 weekday daytime records
  Daytime(0, "H1", 1);
  Daytime(0, "M1", 1);
  const DerivedProfile p = Run(0);
  EXPECT_EQ(p.home_cell, Cell("H1"));
  EXPECT_EQ(p.work_cell, Cell("O1")) << "the OFFICE cell with the most weekday daytime";
  EXPECT_EQ(p.study_cell, kNoCell);
  // 0.1 degree of latitude: 6371 km * 0.1 * pi / 180 = 11.11949 km.
  EXPECT_NEAR(p.home_work_km, 11.11949, 0.01);
}

TEST_F(DeriveTest, NoWorkWhenWeekdayDaytimeIsAtHome) {
  Nights(0, "H1", 10);
  Daytime(0, "H1", 8);
  Daytime(0, "O1", 2);  // 2 of 10: below both the share (0.4) and the weight (3)
  const DerivedProfile p = Run(0);
  EXPECT_EQ(p.home_cell, Cell("H1"));
  EXPECT_EQ(p.work_cell, kNoCell);
  EXPECT_EQ(p.study_cell, kNoCell);
  EXPECT_TRUE(std::isnan(p.home_work_km));
}

TEST_F(DeriveTest, NoWorkWhenWeekdayDaytimeIsSpreadThin) {
  Nights(0, "H1", 10);
  for (const char* c : {"O1", "M1", "X1", "P1"}) Daytime(0, c, 3);  // each 3/12 = 0.25 < 0.4
  EXPECT_EQ(Run(0).work_cell, kNoCell);
  options_.min_work_share = 0.25;
  EXPECT_EQ(Run(0).work_cell, Cell("O1")) << "at the share: the first of the equal areas";
}

TEST_F(DeriveTest, NoWorkBelowTheMinimumWeight) {
  Nights(0, "H1", 10);
  Daytime(0, "O1", 2);  // all of the weekday daytime, but only 2 < 3
  EXPECT_EQ(Run(0).work_cell, kNoCell);
  Daytime(0, "O1", 1);
  EXPECT_EQ(Run(0).work_cell, Cell("O1")) << "3 reaches min_work_weight";
}

// Works Monday-Friday nights at the office, sleeps at home in the day, spends the weekend at
// home: one record an hour of every part of life. The office has the most nights (5 shifts x 8
// hours = 40 against 10 weekend night hours at home); the home's time off work decides:
// home (10 + 0.5 x (122 - 10 - 40)) x 1.3 = 59.8 against the office's 40.
TEST_F(DeriveTest, ANightShiftWorkerLivesAtHomeAndWorksAtTheOffice) {
  for (int day = kMon; day <= kFri; ++day) {
    for (int hh : {22, 23, 0, 1, 2, 3, 4, 5}) {
      // The shift of the night that starts on `day`: after midnight it is the next day.
      Loc(0, "O1", hh >= 22 ? day : day + 1, hh, 1);
    }
    for (int hh = 6; hh < 22; ++hh) Loc(0, "H1", day, hh, 1);  // sleep and evenings at home
  }
  for (int day : {kSat, kSun}) {
    for (int hh = 0; hh < 24; ++hh) {
      if (day == kSat && hh < 6) continue;  // Friday's shift ends Saturday 06:00
      Loc(0, "H1", day, hh, 1);
    }
  }
  const DerivedProfile p = Run(0);
  EXPECT_EQ(p.home_cell, Cell("H1"));
  EXPECT_EQ(p.work_cell, Cell("O1")) << "the night-shift branch: 40 of 50 night records";
  options_.home_rest_weight = 0;
  const DerivedProfile nights_only = Run(0);
  EXPECT_EQ(nights_only.home_cell, Cell("O1")) << "why the rest weight exists";
  EXPECT_EQ(nights_only.work_cell, Cell("H1"));
}

// The night-shift branch itself, when the home is clear: most nights at home, the weekday
// daytime at home too, and a non-home area holding enough of the night presence.
TEST_F(DeriveTest, ANonHomeAreaWithManyNightsIsWorkWhenDaytimeNamesNone) {
  Nights(0, "H1", 10);  // 13 with the prior
  Nights(0, "O1", 8);   // 8 of 18 night records: share 0.44 >= 0.4
  Daytime(0, "H1", 5);
  const DerivedProfile p = Run(0);
  EXPECT_EQ(p.home_cell, Cell("H1"));
  EXPECT_EQ(p.work_cell, Cell("O1"));
}

TEST_F(DeriveTest, SomeoneYoungerThanTheAdultAgeStudies) {
  for (SubscriberId s : {1u, 2u, 3u}) {
    Nights(s, "H1", 10);
    Daytime(s, "C1", 6);
  }
  const DerivedProfile age18 = Run(1), age22 = Run(2), age21 = Run(3);
  EXPECT_EQ(age18.study_cell, Cell("C1"));
  EXPECT_EQ(age18.work_cell, kNoCell);
  EXPECT_TRUE(std::isnan(age18.home_work_km)) << "a distance to work only";
  EXPECT_EQ(age21.study_cell, Cell("C1"));
  EXPECT_EQ(age22.work_cell, Cell("C1")) << "22 is adult";
  EXPECT_EQ(age22.study_cell, kNoCell);
}

TEST(DeriveDistance, IsTheGreatCircleDistance) {
  // R = 6371 km: one degree of arc is 6371 * pi / 180 = 111.19493 km.
  EXPECT_NEAR(DistanceKm(0, 0, 0, 1), 111.19493, 0.01);
  EXPECT_NEAR(DistanceKm(0, 0, 1, 0), 111.19493, 0.01);
  EXPECT_NEAR(DistanceKm(22.5, 114.0, 22.6, 114.0), 11.11949, 0.01);
  // Along a parallel at 60 degrees the chord angle is smaller: 2 asin(cos 60 sin 0.5 deg)
  // = 2 asin(0.5 * 0.00872654) = 0.00872654 rad -> 55.596 km.
  EXPECT_NEAR(DistanceKm(60, 0, 60, 1), 55.596, 0.01);
  EXPECT_NEAR(DistanceKm(0, 0, 0, 180), 20015.087, 0.01) << "antipodes: pi * R";
  EXPECT_EQ(DistanceKm(22.5, 114.0, 22.5, 114.0), 0.0);
}

TEST(DeriveAge, IsTheAsOfYearMinusTheBirthYear) {
  EXPECT_EQ(AgeAt(DaysFromCivil(2026, 11, 2), 2004), 22);
  EXPECT_EQ(AgeAt(DaysFromCivil(2026, 1, 1), 2004), 22) << "whole years of the as-of year";
  EXPECT_EQ(AgeAt(DaysFromCivil(2025, 12, 31), 2004), 21);
  EXPECT_TRUE(std::isnan(AgeAt(DaysFromCivil(2026, 1, 1), 0)));
}

TEST_F(DeriveTest, FrequentAreaTypesAreSharesOfAllPresenceBesidesHomeAndWork) {
  Nights(0, "H1", 10);
  Daytime(0, "O1", 5);
  Loc(0, "M1", kSat, 15, 3);
  Loc(0, "M2", kSat, 17, 2);  // a second mall area: mall = 5
  Loc(0, "R2", kSun, 19, 3);  // a friend's flat: residential, though home's type is too
  Loc(0, "S1", kSun, 10, 2);
  Loc(0, "P1", kSat, 11, 1);  // weight 1 < min_area_type_weight 2
  // Total presence 10 + 5 + 5 + 3 + 2 + 1 = 26.
  const DerivedProfile p = Run(0);
  ASSERT_EQ(p.work_cell, Cell("O1"));
  ASSERT_EQ(p.area_types.size(), 3u);
  auto type = [&](size_t i) { return std::string(ref_->texts().Text(p.area_types[i].area_type)); };
  EXPECT_EQ(type(0), "mall");
  EXPECT_NEAR(p.area_types[0].share, 5.0 / 26, 1e-6);
  EXPECT_EQ(type(1), "residential");
  EXPECT_NEAR(p.area_types[1].share, 3.0 / 26, 1e-6);
  EXPECT_EQ(type(2), "scenic");
  EXPECT_NEAR(p.area_types[2].share, 2.0 / 26, 1e-6);
}

TEST_F(DeriveTest, FrequentAreaTypesNeedTheMinimumShare) {
  Nights(0, "H1", 100);
  Loc(0, "T1", kSat, 15, 2);  // 2 / 106 = 0.019 < 0.03
  Loc(0, "M1", kSat, 18, 4);  // 4 / 106 = 0.038
  const DerivedProfile p = Run(0);
  ASSERT_EQ(p.area_types.size(), 1u);
  EXPECT_EQ(ref_->texts().Text(p.area_types[0].area_type), "mall");
  EXPECT_NEAR(p.area_types[0].share, 4.0 / 106, 1e-6);
}

TEST_F(DeriveTest, InterestsAreSharesOfTheNonGeneralSessions) {
  // Categories: 0 general, 1 music, 2 video, 3 news, 4 games, 5 shop.
  Sessions(0, 0, 100);  // general: neither an interest nor part of the denominator
  Sessions(0, 2, 30);
  Sessions(0, 4, 6);
  Sessions(0, 5, 4);
  Sessions(0, 3, 2);  // share 2/45 = 0.044 and weight 2 < 3: out
  Sessions(0, 1, 3);  // weight 3 but share 3/45 = 0.067 < 0.08: out
  const DerivedProfile p = Run(0);
  ASSERT_EQ(p.interests.size(), 3u);
  EXPECT_EQ(p.interests[0].category, 2);
  EXPECT_NEAR(p.interests[0].score, 30.0 / 45, 1e-6);
  EXPECT_EQ(p.interests[1].category, 4);
  EXPECT_NEAR(p.interests[1].score, 6.0 / 45, 1e-6);
  EXPECT_EQ(p.interests[2].category, 5);
  EXPECT_NEAR(p.interests[2].score, 4.0 / 45, 1e-6);
}

TEST_F(DeriveTest, OnlyGeneralSessionsHoldNoInterest) {
  Sessions(0, 0, 50);
  EXPECT_TRUE(Run(0).interests.empty());
  options_.min_interest_weight = 10;
  Sessions(1, 1, 9);
  EXPECT_TRUE(Run(1).interests.empty()) << "share 1 but weight 9 < 10";
}

TEST_F(DeriveTest, TerminalIsTheStatesLastHandsetAndTheChangeCycle) {
  const std::vector<Record> recs = {
      Device(At(0, 9), 0, kImeiApple), Device(At(30, 9), 0, kImeiHuawei),
      Device(At(90, 9), 0, kImeiApple), Device(At(2, 9), 1, kImeiHuawei),
      Device(At(3, 9), 2, kImeiUnknownTac)};
  for (const Record& r : recs) {
    state_.Apply(r);
    activity_.Apply(r, -1);
  }
  ASSERT_EQ(state_.Header(0).device_changes, 2);
  const DerivedProfile p0 = Run(0);
  ASSERT_NE(p0.handset, nullptr);
  EXPECT_EQ(p0.handset->brand, "Apple");
  EXPECT_EQ(p0.handset->model, "iPhone 15");
  EXPECT_EQ(p0.handset->price_tier, "flagship");
  EXPECT_FLOAT_EQ(p0.change_cycle_days, 45.0f) << "(day 90 - day 0) / 2 changes";

  const DerivedProfile p1 = Run(1);
  ASSERT_NE(p1.handset, nullptr);
  EXPECT_EQ(p1.handset->model, "Mate 60");
  EXPECT_TRUE(std::isnan(p1.change_cycle_days)) << "one handset: no cycle";
  EXPECT_EQ(Run(2).handset, nullptr) << "TAC not in tac.csv";
  EXPECT_EQ(Run(3).handset, nullptr);
}

TEST_F(DeriveTest, ChannelAndDaypartArePreferredSeparately) {
  for (int i = 0; i < 3; ++i) activity_.Apply(Visit(At(kMon, 9, i), 0, Channel::kApp), -1);
  for (int i = 0; i < 2; ++i) activity_.Apply(Visit(At(kMon, 19, i), 0, Channel::kWeb), -1);
  for (int i = 0; i < 2; ++i) activity_.Apply(Order(At(kTue, 20, i), 0, Channel::kShop), -1);
  const DerivedProfile p = Run(0);
  EXPECT_EQ(p.preferred_channel, 0) << "app: 3 of 7";
  EXPECT_EQ(p.preferred_daypart, 3) << "evening: 4 of 7";
  const DerivedProfile none = Run(1);
  EXPECT_EQ(none.preferred_channel, -1);
  EXPECT_EQ(none.preferred_daypart, -1);
}

TEST_F(DeriveTest, AReusedOutputHoldsOnlyTheLatestSubscriber) {
  Nights(0, "H1", 10);
  Daytime(0, "O1", 5);
  Loc(0, "M1", kSat, 15, 3);
  Sessions(0, 2, 10);
  activity_.Apply(Visit(At(kMon, 9), 0, Channel::kApp), -1);
  const Record dev = Device(At(0, 9), 0, kImeiApple);
  state_.Apply(dev);
  DerivedProfile out;
  Run(0, &out);
  ASSERT_NE(out.home_cell, kNoCell);
  ASSERT_FALSE(out.area_types.empty());
  ASSERT_FALSE(out.interests.empty());
  ASSERT_NE(out.handset, nullptr);
  Run(3, &out);  // nothing known about 3
  EXPECT_EQ(out.home_cell, kNoCell);
  EXPECT_EQ(out.work_cell, kNoCell);
  EXPECT_TRUE(std::isnan(out.home_work_km));
  EXPECT_TRUE(out.area_types.empty());
  EXPECT_TRUE(out.interests.empty());
  EXPECT_EQ(out.handset, nullptr);
  EXPECT_TRUE(std::isnan(out.change_cycle_days));
  EXPECT_EQ(out.preferred_channel, -1);
}

}  // namespace
}  // namespace ripple::profile
