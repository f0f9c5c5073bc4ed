// Feedback into adaptive ranking: a conversion of a shown decision adds one conversion to the
// arm of its campaign in its cell, once however often it is posted; a control decision's
// conversion counts for the uplift, not for the arm; and a conversion rests the campaign for
// that subscriber for the policy's converted_rest_days.
#include <gtest/gtest.h>

#include <roaring/roaring.hh>

#include "decide/decide_fixture.h"
#include "feedback/feedback_recorder.h"
#include "feedback/feedback_world.h"
#include "support/test_support.h"

namespace ripple::feedback {
namespace {

using decide::testing::BaseModel;
using decide::testing::Harness;
using decide::testing::MakeCampaign;
using decide::testing::PhoneOf;
using testing::World;

constexpr int kRestDays = 30;
// Monday 10:00 (not named kMonday10: feedback_test.cc has one, and a unity build may compile the
// two files as one).
const int64_t kMonday = decide::testing::kMonday10;

// app/banner is adaptive (no exploration) and learns by "fans", the odd subscribers; "promo"
// (control share `control_share`) and "backup" are on it.
struct Adaptive : World {
  explicit Adaptive(double control_share = 0) {
    for (uint32_t s = 1; s < kSubscribers; s += 2) fans.add(s);
    decide::MarketingModel m = BaseModel(/*app_cap=*/100, 100, /*weekly_cap=*/1000);
    m.policy.converted_rest_days = kRestDays;
    decide::Slot& banner = m.channels[0].slots[0];
    banner.ranking = decide::Ranking::kAdaptive;
    banner.exploration = 0;
    banner.learn_by = {"fans"};
    m.campaigns.push_back(MakeCampaign("promo", 1, {"app/banner"}));
    m.campaigns.back().control_share = control_share;
    m.campaigns.push_back(MakeCampaign("backup", 1, {"app/banner"}));
    decide::CompiledModel::Inputs in;
    in.saved_segments = {{"fans", &fans}};
    EXPECT_TRUE(h.Load(m, in).ok());
    // Promo is known to convert everywhere, backup never: promo wins whenever it may.
    Arms("promo").Load(0, 10000, 1000);
    Arms("promo").Load(1, 10000, 1000);
    Arms("backup").Load(0, 10000, 0);
    Arms("backup").Load(1, 10000, 0);
    Arms("promo").Refit(0.02);
    Arms("backup").Refit(0.02);
  }
  decide::ArmSet& Arms(std::string_view campaign) {
    return *h.arbiter.model()->FindArms("app", "banner", campaign, 0);
  }
  decide::Decision Decide(uint32_t sub, int64_t now_ms = kMonday) {
    return h.Decide(sub, "app", "banner", now_ms);
  }

  Roaring fans;
};

TEST(FeedbackArms, AConversionOfAShownDecisionCountsOnceOnItsCellsArm) {
  Adaptive w;
  const decide::Decision d = w.Decide(7);  // a fan: cell 1
  ASSERT_TRUE(d.shown());
  ASSERT_EQ(Harness::Winner(d), "promo");
  ASSERT_EQ(d.cell, 1u);
  decide::ArmSet& arms = w.Arms("promo");
  ASSERT_EQ(arms.arms[1].conversions.load(), 1000);

  auto first = w.Post(d.id, FeedbackEvent::kConvert);
  ASSERT_OK(first);
  EXPECT_FALSE(first->duplicate);
  EXPECT_EQ(first->decision.cell, 1u);
  auto again = w.Post(d.id, FeedbackEvent::kConvert);
  ASSERT_OK(again);
  EXPECT_TRUE(again->duplicate);

  EXPECT_EQ(arms.arms[1].conversions.load(), 1001);
  EXPECT_EQ(arms.arms[0].conversions.load(), 1000);
  EXPECT_EQ(arms.all.conversions.load(), 2001);
  EXPECT_EQ(w.Arms("backup").all.conversions.load(), 0);
  EXPECT_EQ(w.h.counters.Get("promo")->conversions.load(), 1);
}

TEST(FeedbackArms, OtherEventsLeaveTheArmAlone) {
  Adaptive w;
  const decide::Decision d = w.Decide(4);  // cell 0
  ASSERT_EQ(Harness::Winner(d), "promo");
  ASSERT_EQ(d.cell, 0u);
  const int64_t shown = w.Arms("promo").all.shown.load();
  for (const FeedbackEvent e :
       {FeedbackEvent::kImpression, FeedbackEvent::kClick, FeedbackEvent::kDismiss}) {
    ASSERT_OK(w.Post(d.id, e));
  }
  EXPECT_EQ(w.Arms("promo").all.conversions.load(), 2000);
  EXPECT_EQ(w.Arms("promo").all.shown.load(), shown);
  ASSERT_OK(w.Post(d.id, FeedbackEvent::kConvert));
  EXPECT_EQ(w.Arms("promo").arms[0].conversions.load(), 1001);
}

TEST(FeedbackArms, AControlConversionCountsForTheUpliftNotForTheArm) {
  Adaptive w(/*control_share=*/0.5);
  uint32_t sub = 0;
  while (!decide::Arbiter::InControlGroup(PhoneOf(sub), decide::CampaignKey("promo"), 0.5)) ++sub;
  ASSERT_LT(sub, World::kSubscribers);
  const decide::Decision d = w.Decide(sub);
  ASSERT_TRUE(d.control);
  ASSERT_EQ(Harness::Winner(d), "promo");
  const int64_t conversions = w.Arms("promo").all.conversions.load();
  const int64_t shown = w.Arms("promo").all.shown.load();

  ASSERT_OK(w.Post(d.id, FeedbackEvent::kConvert));
  EXPECT_EQ(w.Arms("promo").all.conversions.load(), conversions);
  EXPECT_EQ(w.Arms("promo").arms[d.cell].conversions.load(), 1000);
  EXPECT_EQ(w.Arms("promo").all.shown.load(), shown);
  decide::CampaignCounters* c = w.h.counters.Get("promo");
  EXPECT_EQ(c->control_conversions.load(), 1);
  EXPECT_EQ(c->conversions.load(), 0);
  // Nothing was shown: nothing to rest, the next decision holds them out again.
  EXPECT_EQ(Harness::VerdictOf(w.Decide(sub, kMonday + kMillisPerMinute), "promo"), "control");
}

TEST(FeedbackArms, AConversionRestsTheCampaignForConvertedRestDays) {
  Adaptive w;
  const decide::Decision d = w.Decide(9);
  ASSERT_EQ(Harness::Winner(d), "promo");
  ASSERT_OK(w.Post(d.id, FeedbackEvent::kConvert, kMonday));

  decide::Decision next = w.Decide(9, kMonday + kMillisPerMinute);
  EXPECT_EQ(Harness::VerdictOf(next, "promo"), "resting");
  EXPECT_EQ(Harness::Winner(next), "backup");
  // Still resting a minute before the 30 days are up, and a day before.
  next = w.Decide(9, kMonday + (kRestDays - 1) * kMillisPerDay);
  EXPECT_EQ(Harness::VerdictOf(next, "promo"), "resting");
  next = w.Decide(9, kMonday + kRestDays * kMillisPerDay - kMillisPerMinute);
  EXPECT_EQ(Harness::VerdictOf(next, "promo"), "resting");
  // A day after, offered again.
  next = w.Decide(9, kMonday + (kRestDays + 1) * kMillisPerDay);
  EXPECT_EQ(Harness::Winner(next), "promo");
  // Someone else never rested.
  EXPECT_EQ(Harness::Winner(w.Decide(11, kMonday + kMillisPerMinute)), "promo");
}

TEST(FeedbackArms, TheRestRunsFromTheConversionNotTheDecision) {
  Adaptive w;
  const decide::Decision d = w.Decide(13);
  ASSERT_EQ(Harness::Winner(d), "promo");
  const int64_t converted = kMonday + 5 * kMillisPerDay;  // reported five days later
  ASSERT_OK(w.Post(d.id, FeedbackEvent::kConvert, converted));
  decide::Decision next = w.Decide(13, kMonday + (kRestDays + 1) * kMillisPerDay);
  EXPECT_EQ(Harness::VerdictOf(next, "promo"), "resting");
  next = w.Decide(13, converted + kRestDays * kMillisPerDay);
  EXPECT_EQ(Harness::Winner(next), "promo");
}

}  // namespace
}  // namespace ripple::feedback
