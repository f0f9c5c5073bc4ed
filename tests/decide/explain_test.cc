// ExplainDecision: campaigns sorted into eligible / filtered (with the policy rule) /
// not_eligible (with the reason), and why the winner won.
#include "decide/explain.h"

#include <gtest/gtest.h>

#include "decide/decide_fixture.h"
#include "support/test_support.h"

namespace ripple::decide {
namespace {

using json = nlohmann::json;
using testing::BaseModel;
using testing::Harness;
using testing::kMonday10;
using testing::MakeCampaign;
using testing::Ms;

MarketingModel FourCampaigns() {
  MarketingModel m = BaseModel(/*app_cap=*/3);
  m.campaigns.push_back(MakeCampaign("best", 10, {"app/banner"}));
  m.campaigns.push_back(MakeCampaign("capped", 8, {"app/banner"}));
  m.campaigns.push_back(MakeCampaign("sleepy", 20, {"app/banner"}));
  m.campaigns.back().state = CampaignState::kDraft;
  m.campaigns.push_back(MakeCampaign("runner_up", 3, {"app/banner"}));
  return m;
}

DecisionRecord Record(int equals = 1, int rotation = 0) {
  DecisionRecord r;
  r.id = 7;
  r.channel = "app";
  r.slot = "banner";
  r.campaign = "best";
  r.equals = equals;
  r.rotation = rotation;
  r.considered = {{"best", Verdict::kWinner, 10},
                  {"capped", Verdict::kChannelCap, 0},
                  {"sleepy", Verdict::kNotActive, 0},
                  {"runner_up", Verdict::kOutranked, 3}};
  return r;
}

TEST(Explain, WinnerFilteredAndNotEligibleAreSortedWithTheirRules) {
  Harness h;
  ASSERT_OK(h.Load(FourCampaigns()));
  const json e = ExplainDecision(Record(), h.arbiter.model().get());
  EXPECT_EQ(e["ranking"], "priority");
  EXPECT_EQ(e["eligible"], json::parse(R"([
      {"campaign": "best", "priority": 10.0, "result": "winner"},
      {"campaign": "runner_up", "priority": 3.0, "result": "outranked"}])"));
  EXPECT_EQ(e["filtered"], json::parse(R"([
      {"campaign": "capped", "rule": "channel_cap", "detail": "daily cap of 3 on app reached"}])"));
  EXPECT_EQ(e["not_eligible"], json::parse(R"([
      {"campaign": "sleepy", "reason": "not_active", "detail": "state is draft"}])"));
  EXPECT_EQ(e["winner"]["campaign"], "best");
  EXPECT_EQ(e["winner"]["control"], false);
  EXPECT_EQ(e["winner"]["why"], "highest priority (10)");
  EXPECT_EQ(e["summary"], "offer best: highest priority (10)");
}

TEST(Explain, TieMentionsTheRoundRobin) {
  Harness h;
  ASSERT_OK(h.Load(FourCampaigns()));
  const json e = ExplainDecision(Record(3, 1), h.arbiter.model().get());
  EXPECT_EQ(
      e["winner"]["why"],
      "highest priority (10); tied with 2 other(s), the subscriber's round robin picked 2 of 3");
}

TEST(Explain, WithoutTheModelVerdictsAloneExplain) {
  const json e = ExplainDecision(Record(), nullptr);
  EXPECT_EQ(e["filtered"][0]["detail"], "daily channel cap reached");
  EXPECT_EQ(e["not_eligible"][0]["detail"], "not active");
  EXPECT_EQ(e["winner"]["why"], "highest priority (10)");
}

TEST(Explain, ExpectedValueWinnerShowsPropensityTimesValue) {
  Harness h;
  MarketingModel m = BaseModel();
  m.channels[0].slots[1].ranking = Ranking::kExpectedValue;
  m.campaigns.push_back(MakeCampaign("dear", 1, {"app/offers"}));
  m.campaigns.back().value = 150;
  ASSERT_OK(h.Load(m));
  const Decision d = h.Decide(1, "app", "offers", kMonday10);
  const json e = ExplainDecision(ToRecord(d), h.arbiter.model().get());
  EXPECT_EQ(e["ranking"], "expected_value");
  EXPECT_EQ(e["eligible"][0]["campaign"], "dear");
  EXPECT_NEAR(e["eligible"][0]["expected_value"].get<double>(), 3.0, 1e-9);
  EXPECT_EQ(e["winner"]["why"], "highest expected value (3) = propensity 0.02 x value 150");
}

TEST(Explain, ArbiterDecisionsWithRestControlAndNothingShown) {
  Harness h(4000);
  MarketingModel m = BaseModel(/*app_cap=*/1);
  m.campaigns.push_back(MakeCampaign("held", 10, {"app/banner"}));
  m.campaigns.back().control_share = 0.5;
  m.campaigns.push_back(MakeCampaign("other", 5, {"app/banner"}));
  ASSERT_OK(h.Load(m));
  uint32_t control = 0;
  while (!Arbiter::InControlGroup(testing::PhoneOf(control), CampaignKey("held"), 0.5)) ++control;
  ASSERT_LT(control, 4000u);

  json e = ExplainDecision(ToRecord(h.Decide(control, "app", "banner", kMonday10)),
                           h.arbiter.model().get());
  EXPECT_EQ(e["winner"]["control"], true);
  EXPECT_EQ(e["winner"]["why"],
            "highest priority (10); the subscriber is in this campaign's control group: recorded, "
            "nothing shown");
  EXPECT_EQ(e["summary"].get<std::string>().rfind("held out of held: ", 0), 0u);
  EXPECT_EQ(e["eligible"][0]["result"], "control");

  // Resting "held": "other" is shown, "held" filtered with the policy's cooldown.
  h.ledger.Entry(control).RecordDismiss(CampaignKey("held"),
                                        static_cast<uint32_t>(kMonday10 / kMillisPerMinute) + 60);
  e = ExplainDecision(ToRecord(h.Decide(control, "app", "banner", kMonday10)),
                      h.arbiter.model().get());
  EXPECT_EQ(e["filtered"], json::parse(R"([
      {"campaign": "held", "rule": "resting",
       "detail": "dismissed in the last 7 days, or taken in the last 90 days"}])"));
  EXPECT_EQ(e["winner"]["campaign"], "other");

  // The daily cap of 1 is now used: nothing shown, everything filtered.
  e = ExplainDecision(ToRecord(h.Decide(control, "app", "banner", kMonday10)),
                      h.arbiter.model().get());
  EXPECT_TRUE(e["winner"].is_null());
  EXPECT_TRUE(e["eligible"].empty());
  EXPECT_EQ(e["filtered"].size(), 2u);
  EXPECT_EQ(e["summary"], "every eligible campaign was filtered");
}

TEST(Explain, NothingAppliesOnTheSlot) {
  Harness h;
  MarketingModel m = BaseModel();
  m.campaigns.push_back(MakeCampaign("future", 1, {"app/banner"}));
  m.campaigns.back().valid_from = "2027-01-01";
  ASSERT_OK(h.Load(m));
  const json e =
      ExplainDecision(ToRecord(h.Decide(1, "app", "banner", kMonday10)), h.arbiter.model().get());
  EXPECT_EQ(e["not_eligible"], json::parse(R"([
      {"campaign": "future", "reason": "not_yet_valid", "detail": "valid from 2027-01-01"}])"));
  EXPECT_EQ(e["summary"], "no campaign on this slot applies");
}

TEST(Explain, ASlotClosedForEveryCampaignSaysSo) {
  Harness h;
  MarketingModel m = BaseModel();
  m.channels[0].slots[0].hours = DayWindow{9 * 60, 20 * 60};  // app/banner
  m.campaigns.push_back(MakeCampaign("a", 1, {"app/banner"}));
  m.campaigns.push_back(MakeCampaign("b", 2, {"app/banner"}));
  ASSERT_OK(h.Load(m));
  const json e = ExplainDecision(
      ToRecord(h.Decide(1, "app", "banner", Ms("2026-11-09T23:00:00+08:00"))),
      h.arbiter.model().get());
  EXPECT_EQ(e["not_eligible"].size(), 2u);
  EXPECT_EQ(e["not_eligible"][0]["reason"], "slot_closed");
  EXPECT_EQ(e["summary"], "the slot is closed at this time");
}

}  // namespace
}  // namespace ripple::decide
