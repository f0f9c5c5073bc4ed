// TieSignals: close and weakening ties read from ties.csv, adoptions passed to close ties.
#include "decide/tie_signals.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace ripple::decide {
namespace {

class TieSignalsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ripple-tie-signals-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& text) {
    const std::string path = (dir_ / "ties.csv").string();
    std::ofstream(path) << text;
    return path;
  }
  // Parties "p0".."p9" are subscribers 0..9; anything else is not a subscriber.
  static uint32_t Party(std::string_view p) {
    return p.size() == 2 && p[0] == 'p' ? static_cast<uint32_t>(p[1] - '0') : UINT32_MAX;
  }
  std::filesystem::path dir_;
};

TEST_F(TieSignalsTest, KeepsCloseTiesAndFindsWeakeningOnesFromRecency) {
  // p0-p1 close family, talking; p0-p2 intimate friend; p0-p3 regular work (not close);
  // p4-p5: strength 0.2 after 28 silent days = 0.8 before the silence: weakening;
  // p6-p7: 14 silent days but 0.3 before (0.15 now): never close, not weakening;
  // p0-offnet close: not a subscriber, dropped; p8-p9 close "service": no scene, dropped.
  const auto signals = TieSignals::Load(Write("a,b,strength,level,scenario,recency_days\n"
                                              "p0,p1,0.62,close,family,1.0\n"
                                              "p0,p2,0.81,intimate,friend,0.0\n"
                                              "p0,p3,0.35,regular,work,2.0\n"
                                              "p4,p5,0.20,shallow,friend,28.0\n"
                                              "p6,p7,0.15,shallow,family,14.0\n"
                                              "p0,x9,0.70,close,family,0.0\n"
                                              "p8,p9,0.70,close,service,0.0\n"),
                                        10, 0.5, Party);
  ASSERT_TRUE(signals.ok()) << signals.status().ToString();
  EXPECT_EQ((*signals)->close_ties(), 3u);
  EXPECT_EQ((*signals)->weakening_ties(), 1u);
  std::vector<TieSignal> out;
  (*signals)->Collect(4, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, TieSignal::kWeakening);
  EXPECT_EQ(out[0].scene, kSceneFriend);
  EXPECT_EQ(out[0].partner, 5u);
  out.clear();
  (*signals)->Collect(0, &out);
  EXPECT_TRUE(out.empty()) << "close ties that talk are no signal by themselves";
  (*signals)->Collect(6, &out);
  EXPECT_TRUE(out.empty());
}

TEST_F(TieSignalsTest, AnAdoptionReachesEveryCloseTieWithItsSceneAndAgesOut) {
  TieSignals signals(4, {{0, {1, kSceneFamily, false}},
                         {1, {0, kSceneFamily, false}},
                         {0, {2, kSceneWork, false}},
                         {2, {0, kSceneWork, false}}});
  signals.Adopted(0, 777, 100);
  std::vector<TieSignal> out;
  signals.Collect(1, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, TieSignal::kAdopted);
  EXPECT_EQ(out[0].product_key, 777u);
  EXPECT_EQ(out[0].scene, kSceneFamily);
  EXPECT_EQ(out[0].day, 100);
  EXPECT_EQ(out[0].partner, 0u);
  out.clear();
  signals.Collect(2, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].scene, kSceneWork);
  out.clear();
  signals.Collect(3, &out);
  EXPECT_TRUE(out.empty()) << "3 is nobody's tie";
  // A later adoption past kAdoptionDays drops the old one.
  signals.Adopted(0, 888, 100 + TieSignals::kAdoptionDays + 1);
  out.clear();
  signals.Collect(1, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].product_key, 888u);
}

TEST_F(TieSignalsTest, WithoutRecencyNoTieIsWeakening) {
  const auto signals = TieSignals::Load(
      Write("a,b,strength,level,scenario\np0,p1,0.62,close,family\np2,p3,0.1,shallow,friend\n"), 10,
      0.5, Party);
  ASSERT_TRUE(signals.ok());
  EXPECT_EQ((*signals)->close_ties(), 1u);
  EXPECT_EQ((*signals)->weakening_ties(), 0u);
}

TEST_F(TieSignalsTest, MalformedFilesNameFileAndLine) {
  auto bad_header = TieSignals::Load(Write("x,y\n"), 10, 0.5, Party);
  ASSERT_FALSE(bad_header.ok());
  EXPECT_NE(bad_header.status().message().find("ties.csv:1:"), std::string::npos)
      << bad_header.status().message();
  auto short_row = TieSignals::Load(
      Write("a,b,strength,level,scenario,recency_days\np0,p1,0.6,close,family,1\np0,p2,0.6\n"), 10,
      0.5, Party);
  ASSERT_FALSE(short_row.ok());
  EXPECT_NE(short_row.status().message().find("ties.csv:3:"), std::string::npos)
      << short_row.status().message();
  auto missing = TieSignals::Load((dir_ / "none.csv").string(), 10, 0.5, Party);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace ripple::decide
