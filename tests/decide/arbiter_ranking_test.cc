// The arbiter's ranking (priority, expected value from feedback), round robin among equals,
// control groups, and caps and quotas under concurrent decisions.
#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "decide/decide_fixture.h"
#include "support/test_support.h"

namespace ripple::decide {
namespace {

using testing::BaseModel;
using testing::Harness;
using testing::kMonday10;
using testing::MakeCampaign;
using testing::MakeChannel;
using testing::MakeSlot;
using testing::Ms;
using testing::PhoneOf;

double ScoreOf(const Decision& d, std::string_view id) {
  for (const Considered& k : d.considered) {
    if (d.model->campaigns()[k.campaign].def.id == id) return k.score;
  }
  return -1;
}

TEST(ArbiterRanking, HighestPriorityWins) {
  Harness h;
  MarketingModel m = BaseModel();
  m.campaigns.push_back(MakeCampaign("low", 1, {"app/banner"}));
  m.campaigns.push_back(MakeCampaign("high", 5, {"app/banner"}));
  m.campaigns.push_back(MakeCampaign("mid", 3, {"app/banner"}));
  ASSERT_OK(h.Load(m));
  const Decision d = h.Decide(1, "app", "banner", kMonday10);
  EXPECT_EQ(Harness::Winner(d), "high");
  EXPECT_EQ(d.ranking, Ranking::kPriority);
  EXPECT_EQ(d.equals, 1);
  EXPECT_EQ(Harness::VerdictOf(d, "low"), "outranked");
  EXPECT_EQ(Harness::VerdictOf(d, "mid"), "outranked");
  EXPECT_EQ(ScoreOf(d, "low"), 1);
  EXPECT_EQ(ScoreOf(d, "high"), 5);
  EXPECT_EQ(ScoreOf(d, "mid"), 3);
}

TEST(ArbiterRanking, ExpectedValueFollowsTheFeedback) {
  Harness h;
  MarketingModel m = BaseModel(100, 100, 1000);
  m.channels[0].slots[1].ranking = Ranking::kExpectedValue;           // app/offers
  m.campaigns.push_back(MakeCampaign("cheap", 100, {"app/offers"}));  // priority plays no part
  m.campaigns.back().value = 100;
  m.campaigns.push_back(MakeCampaign("dear", 1, {"app/offers"}));
  m.campaigns.back().value = 150;
  ASSERT_OK(h.Load(m));
  // No feedback: both at the base rate 0.02, so 0.02 x 100 = 2 against 0.02 x 150 = 3.
  Decision d = h.Decide(1, "app", "offers", kMonday10);
  EXPECT_EQ(d.ranking, Ranking::kExpectedValue);
  EXPECT_EQ(Harness::Winner(d), "dear");
  EXPECT_NEAR(ScoreOf(d, "cheap"), 2.0, 1e-9);
  EXPECT_NEAR(ScoreOf(d, "dear"), 3.0, 1e-9);
  // 20 conversions in 200 impressions: (20 + 0.02 x 200) / (200 + 200) = 0.06, x 100 = 6 > 3.
  CampaignCounters* cheap = h.counters.Get("cheap");
  cheap->impressions = 200;
  cheap->conversions = 20;
  d = h.Decide(2, "app", "offers", kMonday10);
  EXPECT_EQ(Harness::Winner(d), "cheap");
  EXPECT_NEAR(ScoreOf(d, "cheap"), 6.0, 1e-9);
  EXPECT_NEAR(ScoreOf(d, "dear"), 3.0, 1e-9);
  EXPECT_EQ(Harness::VerdictOf(d, "dear"), "outranked");
}

TEST(ArbiterRanking, EqualsRotateRoundRobinPerSubscriber) {
  Harness h;
  MarketingModel m = BaseModel(/*app_cap=*/100, 100, /*weekly_cap=*/1000);
  for (const char* id : {"a", "b", "c"}) m.campaigns.push_back(MakeCampaign(id, 5, {"app/banner"}));
  m.campaigns.push_back(MakeCampaign("lesser", 4, {"app/banner"}));
  ASSERT_OK(h.Load(m));
  std::map<std::string, int> picks;
  const char* order[] = {"a", "b", "c"};
  for (int i = 0; i < 30; ++i) {
    const Decision d = h.Decide(1, "app", "banner", kMonday10);
    ASSERT_TRUE(d.shown());
    EXPECT_EQ(Harness::Winner(d), order[i % 3]) << i;
    EXPECT_EQ(d.equals, 3);
    EXPECT_EQ(d.rotation, i % 3);
    EXPECT_EQ(Harness::VerdictOf(d, "lesser"), "outranked");
    ++picks[Harness::Winner(d)];
  }
  EXPECT_EQ(picks, (std::map<std::string, int>{{"a", 10}, {"b", 10}, {"c", 10}}));
  // Another subscriber has a round robin of their own: starts at the first.
  EXPECT_EQ(Harness::Winner(h.Decide(2, "app", "banner", kMonday10)), "a");
}

TEST(ArbiterRanking, RotationAdvancesOnlyOnShownOffers) {
  Harness h;
  MarketingModel m = BaseModel(/*app_cap=*/1, 100, 1000);
  for (const char* id : {"a", "b"}) m.campaigns.push_back(MakeCampaign(id, 5, {"app/banner"}));
  ASSERT_OK(h.Load(m));
  EXPECT_EQ(Harness::Winner(h.Decide(1, "app", "banner", kMonday10)), "a");
  for (int i = 0; i < 3; ++i)
    EXPECT_FALSE(h.Decide(1, "app", "banner", kMonday10).shown());  // capped
  EXPECT_EQ(Harness::Winner(h.Decide(1, "app", "banner", Ms("2026-11-10T10:00:00+08:00"))), "b");
}

TEST(ControlGroup, DeterministicPerPhoneAndCampaign) {
  const uint32_t key = CampaignKey("spring_data");
  for (uint32_t i = 0; i < 1000; ++i) {
    const PhoneKey p = PhoneOf(i);
    EXPECT_EQ(Arbiter::InControlGroup(p, key, 0.1), Arbiter::InControlGroup(p, key, 0.1));
    EXPECT_FALSE(Arbiter::InControlGroup(p, key, 0.0));
    // A larger share keeps everyone a smaller one held out.
    if (Arbiter::InControlGroup(p, key, 0.1)) {
      EXPECT_TRUE(Arbiter::InControlGroup(p, key, 0.3));
    }
  }
}

TEST(ControlGroup, ShareIsWithinOnePercentOverManyPhones) {
  const uint32_t a = CampaignKey("spring_data"), b = CampaignKey("roaming_pack");
  constexpr int kPhones = 100000;
  int in_a = 0, in_b = 0, in_both = 0;
  for (uint32_t i = 0; i < kPhones; ++i) {
    const PhoneKey p = PhoneOf(i);
    const bool x = Arbiter::InControlGroup(p, a, 0.1), y = Arbiter::InControlGroup(p, b, 0.1);
    in_a += x;
    in_b += y;
    in_both += x && y;
  }
  EXPECT_NEAR(in_a / double(kPhones), 0.1, 0.01);
  EXPECT_NEAR(in_b / double(kPhones), 0.1, 0.01);
  // Independent per campaign: about 0.1 x 0.1 of the phones are in both.
  EXPECT_NEAR(in_both / double(kPhones), 0.01, 0.005);
}

TEST(ControlGroup, ControlDecisionIsRecordedButNotAContactNorAgainstTheQuota) {
  Harness h(2000);
  MarketingModel m = BaseModel();
  m.campaigns.push_back(MakeCampaign("held", 10, {"app/banner"}));
  m.campaigns.back().control_share = 0.5;
  m.campaigns.back().quota = 1;
  m.campaigns.push_back(MakeCampaign("other", 1, {"app/banner"}));
  ASSERT_OK(h.Load(m));
  const uint32_t key = CampaignKey("held");
  uint32_t control = 0, treated = 0;
  while (!Arbiter::InControlGroup(PhoneOf(control), key, 0.5)) ++control;
  while (Arbiter::InControlGroup(PhoneOf(treated), key, 0.5)) ++treated;
  ASSERT_LT(control, 2000u);
  ASSERT_LT(treated, 2000u);

  const std::string before = ContactLedger::Encode(h.ledger.Entry(control));
  const Decision d = h.Decide(control, "app", "banner", kMonday10);
  EXPECT_TRUE(d.control);
  EXPECT_FALSE(d.shown());
  EXPECT_EQ(Harness::Winner(d), "held");
  EXPECT_EQ(Harness::VerdictOf(d, "held"), "control");
  EXPECT_EQ(Harness::VerdictOf(d, "other"), "outranked");  // nothing else is shown instead
  EXPECT_EQ(ContactLedger::Encode(h.ledger.Entry(control)), before);
  CampaignCounters* held = h.counters.Get("held");
  EXPECT_EQ(held->controls.load(), 1);
  EXPECT_EQ(held->contacts.load(), 0);

  // The quota of 1 is still there for a treated subscriber.
  const Decision t = h.Decide(treated, "app", "banner", kMonday10);
  EXPECT_TRUE(t.shown());
  EXPECT_FALSE(t.control);
  EXPECT_EQ(Harness::Winner(t), "held");
  EXPECT_EQ(held->contacts.load(), 1);
  EXPECT_EQ(h.ledger.Entry(treated).ChannelToday(0, LocalDay(kMonday10, 480)), 1);
}

TEST(ArbiterConcurrency, CapsAndQuotaHoldUnderManyThreads) {
  MarketingModel m;
  m.channels.push_back(MakeChannel("app", false, /*daily_cap=*/2, {MakeSlot("banner")}));
  m.channels.push_back(MakeChannel("web", false, /*daily_cap=*/3, {MakeSlot("home")}));
  m.policy.weekly_cap = 5;
  m.campaigns.push_back(MakeCampaign("limited", 10, {"app/banner", "web/home"}));
  m.campaigns.back().quota = 7;
  m.campaigns.push_back(MakeCampaign("filler", 1, {"app/banner", "web/home"}));
  Harness h(5);
  ASSERT_OK(h.Load(m));

  constexpr int kThreads = 8, kPerThread = 2000, kSubscribers = 5;
  struct Shown {
    uint32_t sub;
    bool web;
    std::string campaign;
  };
  std::vector<std::vector<Shown>> shown(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const uint32_t sub = static_cast<uint32_t>((i + t) % kSubscribers);
        const bool web = ((i / kSubscribers) + t) % 2 == 1;
        const Decision d = h.Decide(sub, web ? "web" : "app", web ? "home" : "banner", kMonday10);
        if (d.shown()) shown[t].push_back({sub, web, Harness::Winner(d)});
      }
    });
  }
  for (auto& th : threads) th.join();

  int app[kSubscribers] = {}, web[kSubscribers] = {};
  std::map<std::string, int> by_campaign;
  for (const auto& list : shown) {
    for (const Shown& s : list) {
      (s.web ? web : app)[s.sub]++;
      ++by_campaign[s.campaign];
    }
  }
  for (int s = 0; s < kSubscribers; ++s) {
    // 3,200 tries each: the caps are reached, never passed.
    EXPECT_EQ(app[s], 2) << s;
    EXPECT_EQ(web[s], 3) << s;
    EXPECT_EQ(h.ledger.Entry(s).LastSevenDays(LocalDay(kMonday10, 480)), 5) << s;
  }
  EXPECT_EQ(by_campaign["limited"], 7);
  EXPECT_EQ(by_campaign["filler"], 5 * kSubscribers - 7);
  EXPECT_EQ(h.counters.Get("limited")->contacts.load(), 7);
}

}  // namespace
}  // namespace ripple::decide
