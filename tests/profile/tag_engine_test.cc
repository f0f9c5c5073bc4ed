// ComputeTags over a hand-written catalog and three hand-made subscribers: window sums ending on
// the as-of day, flags, bands, scalars (decayed activity counts included), every builtin; and
// WriteTagsCsv with and without reveal (one row per set value, CSV quoting).
#include "profile/tag_engine.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "core/identity.h"
#include "core/phone_number.h"
#include "profile/tag_catalog.h"
#include "profile_test_util.h"
#include "state/subscriber_state.h"

namespace ripple::profile {
namespace {

using namespace ::ripple::profile::testing;  // NOLINT
using ::ripple::testing::ReadFile;
using ::ripple::testing::TempDir;

// Row 0: adult with home, work, a mall, two interests, a handset change, two recharges, visits.
// Row 1: 18, a student; only an international call 14 days before the as-of day and a recharge.
// Row 2: joined on the as-of day, nothing else. Region and plan exercise CSV quoting.
constexpr char kEngineSubscribers[] =
    "13800138001,M,1990,\"Shenzhen, Futian\",P58,58.5,2026-10-01\n"
    "13800138002,F,2008,Guangzhou,\"P\"\"18\",18,2020-01-01\n"
    "13800138003,U,1975,Dongguan,P128,128,2026-11-08\n";
constexpr char kEngineCells[] =
    "H1,22.5,114.0,HOME,residential\n"
    "O1,22.6,114.0,OFFICE,office\n"
    "M1,22.55,114.05,MALL,mall\n"
    "C1,22.58,113.9,CAMPUS,campus\n";

constexpr char kEngineCatalog[] =
    "tags:\n"
    "  - {id: calls_1d, dimension: communication, expr: 'sum(calls_out, 1d)'}\n"
    "  - {id: calls_7d, dimension: communication, expr: 'sum(calls_out, 7d)'}\n"
    "  - {id: active_7d, dimension: usage, expr: 'active_days(7d)'}\n"
    "  - {id: busy, dimension: communication, expr: 'sum(calls_out, 7d) >= 3'}\n"
    "  - id: call_band\n"
    "    dimension: communication\n"
    "    expr: sum(calls_out, 7d)\n"
    "    bands:\n"
    "      - {below: 1, label: silent}\n"
    "      - {below: 3, label: light}\n"
    "      - {label: heavy}\n"
    "  - {id: age, dimension: basic, expr: age}\n"
    "  - {id: tenure, dimension: basic, expr: tenure_days}\n"
    "  - {id: fee, dimension: plan, expr: monthly_fee}\n"
    "  - {id: intl, dimension: communication, expr: intl_calls}\n"
    "  - {id: km, dimension: location, expr: home_work_km}\n"
    "  - {id: gender, dimension: basic, builtin: gender}\n"
    "  - {id: region, dimension: basic, builtin: region}\n"
    "  - {id: plan, dimension: plan, builtin: plan}\n"
    "  - {id: home, dimension: location, builtin: home_cell}\n"
    "  - {id: home_area, dimension: location, builtin: home_area}\n"
    "  - {id: work, dimension: location, builtin: work_cell}\n"
    "  - {id: work_type, dimension: location, builtin: work_area_type}\n"
    "  - {id: study, dimension: location, builtin: study_cell}\n"
    "  - {id: places, dimension: location, builtin: frequent_area_types}\n"
    "  - {id: interests, dimension: interest, builtin: interest}\n"
    "  - {id: brand, dimension: terminal, builtin: handset_brand}\n"
    "  - {id: model, dimension: terminal, builtin: handset_model}\n"
    "  - {id: tier, dimension: terminal, builtin: handset_price_tier}\n"
    "  - {id: cycle, dimension: terminal, builtin: device_change_cycle_days}\n"
    "  - {id: recharge, dimension: consumption, builtin: recharge_pattern}\n"
    "  - {id: channel, dimension: channel, builtin: preferred_channel}\n"
    "  - {id: time, dimension: channel, builtin: preferred_time}\n"
    "  - {id: handset_age, dimension: terminal, expr: handset_age_years}\n";

constexpr int kAsOf = 6;  // Sunday 2026-11-08: the newest day, windows end on it

class TagEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ref_ = LoadReference(dir_, {kEngineSubscribers, kEngineCells});
    ASSERT_NE(ref_, nullptr);
    auto catalog =
        ParseTagCatalog(kEngineCatalog, "t.yaml", ProfileFeatureSchema(35), ProfileBuiltins());
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    catalog_ = std::move(catalog).value();
    for (const Record& r : Records()) {
      state_.Apply(r);
      // A data record's host category is the minute of its time (see Records()).
      const auto minute = static_cast<int16_t>(ToLocal(r.ts_ms, kOffset).minute);
      activity_.Apply(r, r.feed == Feed::kData ? minute : kNoCategory);
    }
  }

  std::vector<Record> Records() const;

  ProfileInputs Inputs() const {
    ProfileInputs in;
    in.reference = ref_.get();
    in.state = &state_;
    in.activity = &activity_;
    in.pseudonyms = &pseudonyms_;
    return in;
  }
  TagTable Compute() {
    auto table = ComputeTags(catalog_, Inputs(), Day0() + kAsOf);
    EXPECT_TRUE(table.ok()) << table.status().ToString();
    return table.ok() ? std::move(table).value() : TagTable();
  }
  CellId Cell(const char* name) const { return ref_->FindCell(name); }

  TempDir dir_;
  std::unique_ptr<ingest::ReferenceData> ref_;
  TagCatalog catalog_;
  std::vector<uint64_t> pseudonyms_ = Pseudonyms(3);
  state::SubscriberState state_{pseudonyms_};
  ProfileActivity activity_{3, ActivityOptions(), {"general", "video", "games"}};
};

std::vector<Record> TagEngineTest::Records() const {
  std::vector<Record> out;
  // Row 0. Calls out (off-net callee, no cell): 2 on the as-of day, 1 on day 2, 1 the day before
  // the 7-day window, 1 twenty days before.
  for (int d : {kAsOf, kAsOf, 2, -1, -20}) out.push_back(Call(At(d, 11), 0, kNoSubscriber));
  for (int d = 1; d <= 5; ++d) out.push_back(Location(At(d, 23), 0, Cell("H1")));  // nights
  for (int d = 0; d <= 4; ++d) out.push_back(Location(At(d, 10), 0, Cell("O1")));  // Mon-Fri
  for (int i = 0; i < 3; ++i) out.push_back(Location(At(5, 15, i), 0, Cell("M1")));
  out.push_back(Device(At(0, 10), 0, kImeiApple));
  out.push_back(Device(At(kAsOf, 12), 0, kImeiHuawei));
  out.push_back(Recharge(At(3, 9), 0, 3000));
  out.push_back(Recharge(At(-10, 9), 0, 3000));
  for (int i = 0; i < 2; ++i) out.push_back(Visit(At(kAsOf, 9, i), 0, Channel::kApp));
  out.push_back(Visit(At(kAsOf, 19), 0, Channel::kWeb));
  // Data sessions on the as-of day (weight 1); the category is in the minute: 0 general,
  // 1 video (4 sessions), 2 games (3 sessions).
  for (int m : {0, 0, 1, 1, 1, 1, 2, 2, 2}) out.push_back(Data(At(kAsOf, 13, m), 0));
  // Row 1: home and campus nine and more days back, then the international call on day -8.
  for (int d = -12; d <= -9; ++d) out.push_back(Location(At(d, 23), 1, Cell("H1")));
  for (int d = -12; d <= -10; ++d) {
    for (int i = 0; i < 2; ++i) out.push_back(Location(At(d, 10, i), 1, Cell("C1")));
  }
  Record intl = Call(At(-8, 12), 1, kNoSubscriber);
  intl.to = ParsePhoneNumber("+447911123456");
  out.push_back(intl);
  out.push_back(Recharge(At(-5, 9), 1, 10000));
  return out;
}

TEST_F(TagEngineTest, TheAsOfDayIsTheNewestDayOfAnySubscriber) {
  EXPECT_EQ(NewestDay(state_), Day0() + kAsOf);
  const std::vector<uint64_t> none = Pseudonyms(2);
  state::SubscriberState empty(none);
  EXPECT_EQ(NewestDay(empty), INT64_MIN);
}

// The value of tag `id` of row `r` as tags.csv writes it ("" when it has none).
std::string Value(const TagTable& t, const std::string& id, Row r) {
  const int c = t.Find(id);
  EXPECT_GE(c, 0) << id;
  return c < 0 ? "?" : t.columns()[c].ValueText(r);
}

TEST_F(TagEngineTest, ComputesEveryTagOfTheCatalogPerRow) {
  const TagTable t = Compute();
  ASSERT_EQ(t.rows(), 3u);
  ASSERT_EQ(t.columns().size(), catalog_.tags.size());
  EXPECT_EQ(t.as_of_day(), Day0() + kAsOf);
  EXPECT_EQ(t.pseudonym(1), pseudonyms_[1]);
  EXPECT_EQ(t.msisdn(2), ParsePhoneNumber("13800138003"));
  // The 7-day window is days 0..6: the call of day -1 is outside, day 2 inside.
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {
      {"calls_1d", {"2", "0", "0"}},
      {"calls_7d", {"3", "0", "0"}},
      {"active_7d", {"7", "0", "0"}},  // row 0 has a record every day of the week
      {"busy", {"1", "", ""}},
      {"call_band", {"heavy", "silent", "silent"}},
      {"age", {"36", "18", "51"}},
      {"tenure", {"38", "2503", "0"}},  // 2020-01-01 .. 2026-11-08 = 2192 + 311 days
      {"fee", {"58.5", "18", "128"}},
      {"intl", {"0", "0.5", "0"}},  // one call, a half-life before the as-of day
      {"km", {"11.1195", "", ""}},  // H1-O1: 0.1 degree of a meridian
      {"gender", {"M", "F", "U"}},
      {"region", {"Shenzhen, Futian", "Guangzhou", "Dongguan"}},
      {"plan", {"P58", "P\"18", "P128"}},
      {"home", {"H1", "H1", ""}},
      {"home_area", {"HOME", "HOME", ""}},
      {"work", {"O1", "", ""}},
      {"work_type", {"office", "", ""}},
      {"study", {"", "C1", ""}},
      {"places", {"mall", "", ""}},
      {"interests", {"video|games", "", ""}},
      {"brand", {"Huawei", "", ""}},
      {"model", {"Mate 60", "", ""}},
      {"tier", {"high", "", ""}},
      {"cycle", {"6", "", ""}},  // Apple on day 0, Huawei on day 6: one change in 6 days
      {"recharge", {"regular_small", "monthly_large", ""}},
      {"channel", {"app", "", ""}},
      {"time", {"morning", "", ""}},
      {"handset_age", {"5", "", ""}},  // 2026 - 2021
  };
  ASSERT_EQ(expected.size(), catalog_.tags.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(t.columns()[i].id, expected[i].first) << "catalog order";
    for (Row r = 0; r < 3; ++r) {
      EXPECT_EQ(Value(t, expected[i].first, r), expected[i].second[r])
          << expected[i].first << ", row " << r;
    }
  }
}

TEST_F(TagEngineTest, ColumnsCarryCodesAndScores) {
  const TagTable t = Compute();
  const TagColumn& home = t.columns()[t.Find("home")];
  EXPECT_EQ(home.type, TagType::kText);
  EXPECT_EQ(home.codes[0], Cell("H1")) << "cell builtins use the dense cell id as code";
  EXPECT_EQ(home.dictionary.size(), ref_->cell_count());
  EXPECT_EQ(home.codes[2], kNoCode);

  const TagColumn& interests = t.columns()[t.Find("interests")];
  EXPECT_EQ(interests.dictionary, (std::vector<std::string>{"general", "video", "games"}));
  EXPECT_EQ(interests.set_offsets, (std::vector<uint32_t>{0, 2, 2, 2}));
  EXPECT_EQ(interests.set_codes, (std::vector<uint32_t>{1, 2}));
  EXPECT_NEAR(interests.set_scores[0], 4.0 / 7, 1e-6);
  EXPECT_NEAR(interests.set_scores[1], 3.0 / 7, 1e-6);

  // Row 0's cells, in weights relative to its newest day 6 (half-life 14 days).
  auto w = [](int day) { return std::exp2(-(kAsOf - day) / 14.0); };
  const double nights = w(1) + w(2) + w(3) + w(4) + w(5);
  const double office = w(0) + w(1) + w(2) + w(3) + w(4);
  const double mall = 3 * w(5);
  const TagColumn& places = t.columns()[t.Find("places")];
  ASSERT_EQ(places.set_scores.size(), 1u);
  EXPECT_NEAR(places.set_scores[0], mall / (nights + office + mall), 1e-6);

  const TagColumn& busy = t.columns()[t.Find("busy")];
  EXPECT_EQ(busy.type, TagType::kFlag);
  EXPECT_EQ(busy.numbers[0], 1.0f);
  EXPECT_TRUE(std::isnan(busy.numbers[1])) << "a flag that does not hold is NaN";
}

TEST_F(TagEngineTest, WritesOneRowPerValueWithPseudonyms) {
  const TagTable t = Compute();
  auto rows = WriteTagsCsv(t, dir_ / "tags.csv", /*reveal=*/false);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  const std::string p0 = Pseudonymizer::ToHex(pseudonyms_[0]);
  const std::string p1 = Pseudonymizer::ToHex(pseudonyms_[1]);
  const std::string p2 = Pseudonymizer::ToHex(pseudonyms_[2]);
  std::string expected = "subscriber,tag,value\n";
  for (const char* line : {"calls_1d,2",
                           "calls_7d,3",
                           "active_7d,7",
                           "busy,1",
                           "call_band,heavy",
                           "age,36",
                           "tenure,38",
                           "fee,58.5",
                           "intl,0",
                           "km,11.1195",
                           "gender,M",
                           "region,\"Shenzhen, Futian\"",
                           "plan,P58",
                           "home,H1",
                           "home_area,HOME",
                           "work,O1",
                           "work_type,office",
                           "places,mall",
                           "interests,video",
                           "interests,games",
                           "brand,Huawei",
                           "model,Mate 60",
                           "tier,high",
                           "cycle,6",
                           "recharge,regular_small",
                           "channel,app",
                           "time,morning",
                           "handset_age,5"}) {
    expected += p0 + "," + line + "\n";
  }
  for (const char* line :
       {"calls_1d,0", "calls_7d,0", "active_7d,0", "call_band,silent", "age,18", "tenure,2503",
        "fee,18", "intl,0.5", "gender,F", "region,Guangzhou", "plan,\"P\"\"18\"", "home,H1",
        "home_area,HOME", "study,C1", "recharge,monthly_large"}) {
    expected += p1 + "," + line + "\n";
  }
  for (const char* line :
       {"calls_1d,0", "calls_7d,0", "active_7d,0", "call_band,silent", "age,51", "tenure,0",
        "fee,128", "intl,0", "gender,U", "region,Dongguan", "plan,P128"}) {
    expected += p2 + "," + line + "\n";
  }
  EXPECT_EQ(ReadFile(dir_ / "tags.csv"), expected);
  EXPECT_EQ(*rows, 28u + 15u + 11u);
}

TEST_F(TagEngineTest, RevealWritesTheNumbers) {
  const TagTable t = Compute();
  auto rows = WriteTagsCsv(t, dir_ / "tags.csv", /*reveal=*/true);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  const auto lines = ::ripple::testing::ReadLines(dir_ / "tags.csv");
  ASSERT_EQ(lines.size(), 1 + *rows);
  EXPECT_EQ(lines[0], "msisdn,tag,value");
  EXPECT_EQ(lines[1], "13800138001,calls_1d,2");
  EXPECT_EQ(lines[19], "13800138001,interests,video");
  EXPECT_EQ(lines[20], "13800138001,interests,games");
  EXPECT_EQ(lines[29], "13800138002,calls_1d,0");
  EXPECT_EQ(lines.back(), "13800138003,plan,P128");
}

TEST_F(TagEngineTest, AnUnwritableFolderIsAnError) {
  const TagTable t = Compute();
  auto rows = WriteTagsCsv(t, dir_ / "missing/tags.csv", false);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), StatusCode::kIoError);
  EXPECT_NE(rows.status().message().find("missing/tags.csv"), std::string::npos);
}

TEST_F(TagEngineTest, InputsOfDifferentSizesAreRefused) {
  ProfileActivity small(2, ActivityOptions(), {});
  ProfileInputs in = Inputs();
  in.activity = &small;
  auto t = ComputeTags(catalog_, in, Day0());
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(TagEngineTest, AnUnknownBuiltinIsRefused) {
  TagCatalog c;
  c.tags.emplace_back();
  c.tags[0].id = "x";
  c.tags[0].builtin = "no_such_builtin";
  c.tags[0].type = TagType::kText;
  auto t = ComputeTags(c, Inputs(), Day0());
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("no_such_builtin"), std::string::npos);
}

TEST_F(TagEngineTest, GeneralCategoriesAreNamedByTheInputs) {
  ProfileInputs in = Inputs();
  in.general_categories = {"general", "games"};  // games too is not an interest now
  auto t = ComputeTags(catalog_, in, Day0() + kAsOf);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(Value(*t, "interests", 0), "video");
}

TEST_F(TagEngineTest, TheShippedCatalogComputesOverTheSameInputs) {
  auto shipped = LoadProfileCatalog("", 35);
  ASSERT_TRUE(shipped.ok()) << shipped.status().ToString();
  auto t = ComputeTags(*shipped, Inputs(), Day0() + kAsOf);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->columns().size(), shipped->tags.size());
  for (const TagColumn& c : t->columns()) {
    if (c.type == TagType::kSet) {
      EXPECT_EQ(c.set_offsets.size(), 4u) << c.id;
    } else if (c.type == TagType::kText) {
      EXPECT_EQ(c.codes.size(), 3u) << c.id;
    } else {
      EXPECT_EQ(c.numbers.size(), 3u) << c.id;
    }
  }
  const int gender = t->Find("gender");
  ASSERT_GE(gender, 0);
  EXPECT_EQ(t->columns()[gender].ValueText(1), "F");
}

}  // namespace
}  // namespace ripple::profile
