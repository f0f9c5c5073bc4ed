// The arbiter's adaptive ranking (Thompson sampling per campaign and cell), its exploration
// floor, rotation and random ranking, the arms that shown decisions count against, and the
// eligibility of relationship campaigns (circle, reason to call) from tie signals.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <roaring/roaring.hh>

#include "decide/decide_fixture.h"
#include "decide/decide_store.h"
#include "decide/explain.h"
#include "support/test_support.h"

namespace ripple::decide {
namespace {

using testing::BaseModel;
using testing::Harness;
using testing::kMonday10;
using testing::MakeCampaign;

constexpr uint32_t kSubscribers = 400;

// app/banner ranked `ranking` and learning by one saved segment, "fans": the odd subscribers
// (cell 1); the even ones are cell 0. Caps high enough never to matter.
struct Adaptive {
  explicit Adaptive(Ranking ranking = Ranking::kAdaptive, double exploration = 0)
      : h(kSubscribers) {
    for (uint32_t s = 1; s < kSubscribers; s += 2) fans.add(s);
    model = BaseModel(/*app_cap=*/100, 100, /*weekly_cap=*/100000);
    Slot& banner = model.channels[0].slots[0];
    banner.ranking = ranking;
    banner.exploration = exploration;
    banner.learn_by = {"fans"};
  }
  Status Load() {
    CompiledModel::Inputs in;
    in.saved_segments = {{"fans", &fans}};
    in.bandits = &bandits;
    return h.Load(model, in);
  }
  ArmSet& Arms(std::string_view campaign) {
    ArmSet* set = h.arbiter.model()->FindArms("app", "banner", campaign, 0);
    EXPECT_NE(set, nullptr) << campaign;
    return *set;
  }
  // A converts 10 % in cell 1 and 1 % in cell 0; B the reverse. 5,000 shows each.
  void TeachAFansAndBTheRest() {
    Arms("a").Load(1, 5000, 500);
    Arms("a").Load(0, 5000, 50);
    Arms("b").Load(1, 5000, 50);
    Arms("b").Load(0, 5000, 500);
    bandits.RefitAll();
  }
  Decision Decide(uint32_t sub) { return h.Decide(sub, "app", "banner", kMonday10); }

  Roaring fans;
  BanditRegistry bandits;
  MarketingModel model;
  Harness h;
};

TEST(AdaptiveRanking, EachCellGetsTheCampaignThatConvertsThere) {
  Adaptive t;
  t.model.campaigns.push_back(MakeCampaign("a", 1, {"app/banner"}));
  t.model.campaigns.push_back(MakeCampaign("b", 9, {"app/banner"}));  // priority plays no part
  ASSERT_OK(t.Load());
  t.TeachAFansAndBTheRest();
  const int64_t shown_before = t.Arms("a").all.shown + t.Arms("b").all.shown;
  int decisions[2] = {}, expected[2] = {};
  for (int round = 0; round < 5; ++round) {
    for (uint32_t s = 0; s < kSubscribers; ++s) {
      const Decision d = t.Decide(s);
      ASSERT_TRUE(d.shown()) << s;
      EXPECT_EQ(d.ranking, Ranking::kAdaptive);
      EXPECT_EQ(d.cell, s & 1) << s;
      EXPECT_FALSE(d.explored);
      ++decisions[s & 1];
      expected[s & 1] += Harness::Winner(d) == ((s & 1) ? "a" : "b");
    }
  }
  EXPECT_GE(expected[1], 0.95 * decisions[1]) << expected[1] << " of " << decisions[1];
  EXPECT_GE(expected[0], 0.95 * decisions[0]) << expected[0] << " of " << decisions[0];
  // One show per decision, on the winner's arm only.
  EXPECT_EQ(t.Arms("a").all.shown + t.Arms("b").all.shown - shown_before, 5 * kSubscribers);
}

TEST(AdaptiveRanking, TheScoreIsTheDrawnRateOfTheCell) {
  Adaptive t;
  t.model.campaigns.push_back(MakeCampaign("a", 1, {"app/banner"}));
  t.model.campaigns.push_back(MakeCampaign("b", 1, {"app/banner"}));
  ASSERT_OK(t.Load());
  t.TeachAFansAndBTheRest();
  double a_in_fans = 0, b_in_fans = 0;
  constexpr int kN = 200;
  for (uint32_t s = 1; s < 2 * kN; s += 2) {
    const Decision d = t.Decide(s);
    for (const Considered& k : d.considered) {
      (d.model->campaigns()[k.campaign].def.id == "a" ? a_in_fans : b_in_fans) += k.score;
    }
  }
  EXPECT_NEAR(a_in_fans / kN, 0.10, 0.01);
  EXPECT_NEAR(b_in_fans / kN, 0.01, 0.003);
}

TEST(AdaptiveRanking, FullExplorationPicksEachEligibleCampaignAboutHalfTheTime) {
  Adaptive t(Ranking::kAdaptive, /*exploration=*/1.0);
  t.model.campaigns.push_back(MakeCampaign("a", 1, {"app/banner"}));
  t.model.campaigns.push_back(MakeCampaign("b", 1, {"app/banner"}));
  ASSERT_OK(t.Load());
  t.TeachAFansAndBTheRest();  // what was learnt does not matter when exploring
  int a[2] = {}, n[2] = {};
  for (int round = 0; round < 10; ++round) {
    for (uint32_t s = 0; s < kSubscribers; ++s) {
      const Decision d = t.Decide(s);
      ASSERT_TRUE(d.shown());
      EXPECT_TRUE(d.explored);
      a[d.cell] += Harness::Winner(d) == "a";
      ++n[d.cell];
    }
  }
  for (int cell = 0; cell < 2; ++cell) {
    EXPECT_NEAR(static_cast<double>(a[cell]) / n[cell], 0.5, 0.05)
        << a[cell] << " of " << n[cell] << " in cell " << cell;
  }
}

TEST(AdaptiveRanking, AnExplorationFloorExploresItsShareOfDecisions) {
  Adaptive t(Ranking::kAdaptive, /*exploration=*/0.2);
  t.model.campaigns.push_back(MakeCampaign("a", 1, {"app/banner"}));
  t.model.campaigns.push_back(MakeCampaign("b", 1, {"app/banner"}));
  ASSERT_OK(t.Load());
  t.TeachAFansAndBTheRest();
  int explored = 0, wrong = 0, n = 0;
  for (int round = 0; round < 10; ++round) {
    for (uint32_t s = 0; s < kSubscribers; ++s) {
      const Decision d = t.Decide(s);
      explored += d.explored;
      const bool right = Harness::Winner(d) == ((s & 1) ? "a" : "b");
      wrong += !right;
      if (!d.explored) {
        EXPECT_TRUE(right) << s;
      }
      ++n;
    }
  }
  EXPECT_NEAR(static_cast<double>(explored) / n, 0.2, 0.03);
  EXPECT_NEAR(static_cast<double>(wrong) / n, 0.1, 0.025);  // half the explored ones
}

TEST(AdaptiveRanking, ShownDecisionsCountOnTheWinnersArmInTheirCellAndControlsDoNot) {
  Adaptive t;
  t.model.campaigns.push_back(MakeCampaign("a", 1, {"app/banner"}));
  t.model.campaigns.back().control_share = 0.5;
  ASSERT_OK(t.Load());
  int64_t shown[2] = {}, controls = 0;
  for (uint32_t s = 0; s < 200; ++s) {
    const Decision d = t.Decide(s);
    ASSERT_EQ(Harness::Winner(d), "a");
    ArmSet& arms = t.Arms("a");
    if (d.control) {
      ++controls;
    } else {
      ++shown[d.cell];
    }
    ASSERT_EQ(arms.arms[0].shown.load(), shown[0]) << s;
    ASSERT_EQ(arms.arms[1].shown.load(), shown[1]) << s;
  }
  ArmSet& arms = t.Arms("a");
  EXPECT_EQ(arms.all.shown.load(), shown[0] + shown[1]);
  EXPECT_EQ(arms.all.conversions.load(), 0);
  EXPECT_GT(controls, 50);  // both kinds happened
  EXPECT_GT(shown[0], 25);
  EXPECT_GT(shown[1], 25);
}

TEST(AdaptiveRanking, ArmsAreKeptAcrossARecompileWithTheSameLearnBy) {
  Adaptive t;
  t.model.campaigns.push_back(MakeCampaign("a", 1, {"app/banner"}));
  ASSERT_OK(t.Load());
  t.Arms("a").Load(1, 70, 7);
  t.model.version = 2;
  t.model.campaigns.push_back(MakeCampaign("b", 1, {"app/banner"}));
  ASSERT_OK(t.Load());
  EXPECT_EQ(t.Arms("a").arms[1].shown.load(), 70);
  EXPECT_EQ(t.Arms("a").arms[1].conversions.load(), 7);
  // Another learn_by: the cells mean something else, learning starts over.
  t.model.version = 3;
  t.model.channels[0].slots[0].learn_by = {};
  ASSERT_OK(t.Load());
  EXPECT_EQ(t.Arms("a").arms.size(), 1u);
  EXPECT_EQ(t.Arms("a").all.shown.load(), 0);
}

TEST(RotationRanking, CyclesThroughTheEligibleCampaignsPerSubscriber) {
  Adaptive t(Ranking::kRotation);
  for (const char* id : {"a", "b", "c"}) {
    t.model.campaigns.push_back(MakeCampaign(id, id[0] == 'b' ? 9 : 1, {"app/banner"}));
  }
  t.model.campaigns.push_back(MakeCampaign("off", 1, {"app/banner"}));
  t.model.campaigns.back().state = CampaignState::kPaused;
  ASSERT_OK(t.Load());
  const char* order[] = {"a", "b", "c"};
  for (int i = 0; i < 9; ++i) {
    const Decision d = t.Decide(7);
    EXPECT_EQ(d.ranking, Ranking::kRotation);
    EXPECT_EQ(Harness::Winner(d), order[i % 3]) << i;
    EXPECT_EQ(d.equals, 3);
    EXPECT_EQ(Harness::VerdictOf(d, "off"), "not_active");
  }
  // Another subscriber's round robin is their own.
  EXPECT_EQ(Harness::Winner(t.Decide(8)), "a");
  EXPECT_EQ(Harness::Winner(t.Decide(7)), "a");
}

TEST(RandomRanking, PicksEachEligibleCampaignAboutEqually) {
  Adaptive t(Ranking::kRandom);
  for (const char* id : {"a", "b", "c"}) {
    t.model.campaigns.push_back(MakeCampaign(id, id[0] == 'a' ? 9 : 1, {"app/banner"}));
  }
  ASSERT_OK(t.Load());
  std::map<std::string, int> picks;
  std::vector<std::string> last(kSubscribers);
  int next_in_turn = 0, repeats = 0;  // a subscriber's pick after the one before
  constexpr int kRounds = 8;
  for (int round = 0; round < kRounds; ++round) {
    for (uint32_t s = 0; s < kSubscribers; ++s) {
      const Decision d = t.Decide(s);
      EXPECT_EQ(d.ranking, Ranking::kRandom);
      const std::string w = Harness::Winner(d);
      ++picks[w];
      if (round > 0) {
        next_in_turn += w[0] == (last[s] == "c" ? 'a' : last[s][0] + 1);
        repeats += w == last[s];
      }
      last[s] = w;
    }
  }
  ASSERT_EQ(picks.size(), 3u);
  for (const auto& [id, n] : picks) {
    EXPECT_NEAR(n / double(kRounds * kSubscribers), 1.0 / 3, 0.03) << id;
  }
  // Not a round robin in disguise: the next pick is any of the three, the same one included.
  const double pairs = (kRounds - 1) * kSubscribers;
  EXPECT_NEAR(next_in_turn / pairs, 1.0 / 3, 0.04);
  EXPECT_NEAR(repeats / pairs, 1.0 / 3, 0.04);
}

// Relationship campaigns -----------------------------------------------------------------------

// app/offers (priority): "circle" (the family bundle FAM3 when a family tie took it in the last
// 30 days, priority 10), "call" (shared minutes for a weakening family or friend tie, 5) and
// "plain" (an offer for everyone, 1).
struct Relationships {
  Relationships() : h(64) {
    MarketingModel m = BaseModel(/*app_cap=*/100, 100, /*weekly_cap=*/100000);
    Campaign circle = MakeCampaign("circle", 10, {"app/offers"});
    circle.product = "FAM3";
    circle.kind = CampaignKind::kCircle;
    circle.scenes = kSceneFamily;
    circle.within_days = 30;
    Campaign call = MakeCampaign("call", 5, {"app/offers"});
    call.product = "VOICE300";
    call.kind = CampaignKind::kReasonToCall;
    call.scenes = kSceneFamily | kSceneFriend;
    m.campaigns = {circle, call, MakeCampaign("plain", 1, {"app/offers"})};
    EXPECT_TRUE(h.Load(m).ok());
  }
  Decision Decide(std::vector<TieSignal> ties) {
    return h.Decide(next_++, "app", "offers", kMonday10, {}, ties);
  }
  static TieSignal Adopted(std::string_view product, uint8_t scene, int days_ago) {
    return {TieSignal::kAdopted, scene, Today() - days_ago, CampaignKey(product), 42};
  }
  static TieSignal Weakening(uint8_t scene) {
    return {TieSignal::kWeakening, scene, Today(), 0, 43};
  }
  // The reason the explanation gives for `campaign` not being eligible ("" if it was).
  static std::string Reason(const Decision& d, std::string_view campaign) {
    const nlohmann::json e = ExplainDecision(ToRecord(d), d.model.get());
    for (const auto& x : e["not_eligible"]) {
      if (x["campaign"] == campaign) return x["reason"];
    }
    return "";
  }

  // The local day of kMonday10, which the signals' days count from.
  static int32_t Today() { return static_cast<int32_t>(LocalDay(kMonday10, 480)); }
  Harness h;
  uint32_t next_ = 0;
};

TEST(CircleCampaign, EligibleOnlyWhenAFamilyTieAdoptedItsProductInTheLastWithinDays) {
  Relationships r;
  Decision d = r.Decide({});
  EXPECT_EQ(Harness::Winner(d), "plain");
  EXPECT_EQ(Harness::VerdictOf(d, "circle"), "no_close_adopter");
  EXPECT_EQ(Relationships::Reason(d, "circle"), "no_close_adopter");

  for (const int days_ago : {0, 1, 30}) {
    d = r.Decide({Relationships::Adopted("FAM3", kSceneFamily, days_ago)});
    EXPECT_EQ(Harness::Winner(d), "circle") << days_ago;
    EXPECT_EQ(Relationships::Reason(d, "circle"), "") << days_ago;
  }
  // A day too old, the wrong scene, another product, a weakening tie: none makes it apply.
  const std::vector<std::pair<std::string, TieSignal>> cases = {
      {"31 days ago", Relationships::Adopted("FAM3", kSceneFamily, 31)},
      {"work tie", Relationships::Adopted("FAM3", kSceneWork, 0)},
      {"friend tie", Relationships::Adopted("FAM3", kSceneFriend, 0)},
      {"other product", Relationships::Adopted("FAM5", kSceneFamily, 0)},
      {"weakening", Relationships::Weakening(kSceneFamily)},
  };
  for (const auto& [name, tie] : cases) {
    d = r.Decide({tie});
    EXPECT_EQ(Harness::VerdictOf(d, "circle"), "no_close_adopter") << name;
    EXPECT_EQ(Relationships::Reason(d, "circle"), "no_close_adopter") << name;
    EXPECT_NE(Harness::Winner(d), "circle") << name;
  }
  // One matching signal among others is enough.
  d = r.Decide({Relationships::Adopted("FAM3", kSceneWork, 0),
                Relationships::Adopted("FAM3", kSceneFamily, 2)});
  EXPECT_EQ(Harness::Winner(d), "circle");
}

TEST(CircleCampaign, TheExplanationSaysWhatWasMissing) {
  Relationships r;
  const Decision d = r.Decide({Relationships::Adopted("FAM3", kSceneFamily, 31)});
  const nlohmann::json e = ExplainDecision(ToRecord(d), d.model.get());
  bool found = false;
  for (const auto& x : e["not_eligible"]) {
    if (x["campaign"] != "circle") continue;
    found = true;
    EXPECT_EQ(x["reason"], "no_close_adopter");
    EXPECT_EQ(x["detail"], "no close tie adopted FAM3 in the last 30 days");
  }
  EXPECT_TRUE(found) << e.dump();
}

TEST(ReasonToCallCampaign, EligibleOnlyWithAWeakeningTieInItsScenes) {
  Relationships r;
  Decision d = r.Decide({});
  EXPECT_EQ(Harness::VerdictOf(d, "call"), "no_weakening_tie");
  EXPECT_EQ(Relationships::Reason(d, "call"), "no_weakening_tie");

  for (const uint8_t scene : {uint8_t{kSceneFamily}, uint8_t{kSceneFriend}}) {
    d = r.Decide({Relationships::Weakening(scene)});
    EXPECT_EQ(Harness::Winner(d), "call") << int{scene};
    EXPECT_EQ(Relationships::Reason(d, "call"), "") << int{scene};
  }
  // A weakening work tie is outside its scenes; an adoption is no weakening.
  d = r.Decide({Relationships::Weakening(kSceneWork)});
  EXPECT_EQ(Harness::VerdictOf(d, "call"), "no_weakening_tie");
  EXPECT_EQ(Relationships::Reason(d, "call"), "no_weakening_tie");
  d = r.Decide({Relationships::Adopted("VOICE300", kSceneFamily, 0)});
  EXPECT_EQ(Harness::VerdictOf(d, "call"), "no_weakening_tie");
  EXPECT_EQ(Harness::Winner(d), "plain");

  // Both campaigns apply: the circle's priority wins, the call is outranked.
  d = r.Decide(
      {Relationships::Weakening(kSceneFriend), Relationships::Adopted("FAM3", kSceneFamily, 3)});
  EXPECT_EQ(Harness::Winner(d), "circle");
  EXPECT_EQ(Harness::VerdictOf(d, "call"), "outranked");
}

}  // namespace
}  // namespace ripple::decide
