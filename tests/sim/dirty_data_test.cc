// Planted defects: every line listed in truth/injected.csv is at that line and deserves exactly
// the listed reason, every other line is clean, and all kinds of the contract occur.
#include <map>
#include <set>

#include "sim_test_support.h"

namespace ripple::sim::testing {
namespace {

class DirtyFeeds : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    // The default fraction: every feed still gets every kind that applies to it.
    Simulate(dir_->path().string(), {"--subscribers", "2000", "--days", "3", "--seed", "5"});
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string Dir() { return dir_->path().string(); }
  static TempDir* dir_;
};
TempDir* DirtyFeeds::dir_ = nullptr;

TEST_F(DirtyFeeds, EveryLineGetsExactlyTheReasonTheTruthClaims) {
  auto injected = ReadInjected(Dir());
  size_t checked = 0;
  for (const std::string& stem : EventFiles()) {
    ContractValidator validator(Dir());
    CsvTable t = ReadCsv(Dir() + "/" + stem + ".csv");
    for (size_t i = 0; i < t.rows.size(); ++i) {
      auto it = injected.find({stem + ".csv", i + 2});
      std::string expected = it == injected.end() ? "" : it->second;
      ASSERT_EQ(validator.Check(stem, t.rows[i], t.header.size()), expected)
          << stem << ".csv:" << i + 2 << ": "
          << ::ripple::testing::ReadLines(Dir() + "/" + stem + ".csv")[i + 1];
      checked += !expected.empty();
    }
  }
  EXPECT_EQ(checked, injected.size());  // every listed line exists in its file
}

TEST_F(DirtyFeeds, EveryKindOfTheContractIsPlanted) {
  std::map<std::string, std::map<std::string, int>> by_file;  // kind -> file -> count
  for (const auto& [where, kind] : ReadInjected(Dir())) ++by_file[kind][where.first];
  for (const char* kind :
       {"wrong_field_count", "missing_field", "bad_timestamp", "timestamp_out_of_range",
        "bad_number", "unknown_subscriber", "no_subscriber_party", "bad_integer", "bad_amount",
        "unknown_cell", "unknown_product", "bad_imei", "bad_value", "duplicate", "late"}) {
    EXPECT_TRUE(by_file.count(kind)) << kind;
  }
  // Feed-specific kinds land in their feeds; generic kinds in every feed.
  auto files_of = [&](const char* kind) {
    std::set<std::string> files;
    for (const auto& [file, n] : by_file[kind]) files.insert(file);
    return files;
  };
  EXPECT_EQ(files_of("bad_imei"), std::set<std::string>{"devices.csv"});
  EXPECT_EQ(files_of("bad_amount"), std::set<std::string>{"recharges.csv"});
  EXPECT_EQ(files_of("unknown_product"), std::set<std::string>{"orders.csv"});
  EXPECT_EQ(files_of("late"), std::set<std::string>{"locations.csv"});
  EXPECT_EQ(files_of("no_subscriber_party"), (std::set<std::string>{"calls.csv", "sms.csv"}));
  EXPECT_EQ(files_of("bad_integer"), (std::set<std::string>{"calls.csv", "data.csv"}));
  EXPECT_EQ(files_of("bad_value"), (std::set<std::string>{"data.csv", "orders.csv", "visits.csv"}));
  for (const char* kind : {"wrong_field_count", "missing_field", "bad_timestamp",
                           "timestamp_out_of_range", "bad_number", "duplicate"}) {
    EXPECT_EQ(by_file[kind].size(), 8u) << kind;
  }
  EXPECT_EQ(files_of("unknown_subscriber").size(), 6u);
  EXPECT_EQ(files_of("unknown_cell").size(), 4u);
}

TEST(DirtyData, DirtyShareIsNearTheRequestedFraction) {
  TempDir dir;
  Simulate(dir.path().string(), {"--subscribers", "1000", "--days", "2", "--dirty", "0.02"});
  std::map<std::string, int> dirty;
  for (const auto& [where, kind] : ReadInjected(dir.path().string())) {
    if (kind != "late") ++dirty[where.first];
  }
  for (const std::string stem : {"calls", "data", "locations"}) {
    double lines = static_cast<double>(ReadLines(dir / (stem + ".csv")).size() - 1);
    EXPECT_NEAR(dirty[stem + ".csv"] / lines, 0.02, 0.004) << stem;
  }
  // Every line the truth lists is where it says, and deserves what it says.
  auto injected = ReadInjected(dir.path().string());
  for (const std::string& stem : EventFiles()) {
    ContractValidator validator(dir.path().string());
    CsvTable t = ReadCsv(dir / (stem + ".csv"));
    for (size_t i = 0; i < t.rows.size(); ++i) {
      auto it = injected.find({stem + ".csv", i + 2});
      ASSERT_EQ(validator.Check(stem, t.rows[i], t.header.size()),
                it == injected.end() ? "" : it->second)
          << stem << ".csv:" << i + 2;
    }
  }
}

TEST_F(DirtyFeeds, DuplicatesRepeatARecordAFewLinesBackInEitherTimestampForm) {
  auto injected = ReadInjected(Dir());
  bool same_form = false, other_form = false;
  for (const auto& [where, kind] : injected) {
    if (kind != "duplicate") continue;
    std::vector<std::string> lines = ReadLines(Dir() + "/" + where.first);
    const std::vector<std::string> copy = SplitCsv(lines[where.second - 1]);
    bool found = false;
    for (uint64_t back = 1; back <= 5 && back < where.second - 1; ++back) {
      std::vector<std::string> earlier = SplitCsv(lines[where.second - 1 - back]);
      if (earlier.size() != copy.size() || Ts(earlier[0]) != Ts(copy[0])) continue;
      if (!std::equal(earlier.begin() + 1, earlier.end(), copy.begin() + 1)) continue;
      found = true;
      (earlier[0] == copy[0] ? same_form : other_form) = true;
    }
    EXPECT_TRUE(found) << where.first << ":" << where.second;
  }
  EXPECT_TRUE(same_form);
  EXPECT_TRUE(other_form);
}

TEST(DirtyData, ZeroFractionPlantsOnlyLateRecords) {
  TempDir dir;
  Simulate(dir.path().string(), {"--subscribers", "800", "--days", "2", "--dirty", "0"});
  for (const auto& [where, kind] : ReadInjected(dir.path().string())) {
    EXPECT_EQ(kind, "late") << where.first << ":" << where.second;
  }
}

}  // namespace
}  // namespace ripple::sim::testing
