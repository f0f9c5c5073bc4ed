// Feedback: the request body's errors name the field; FeedbackRecorder counts each event of a
// decision once, takes only a conversion for a control decision and nothing for a decision that
// showed nothing, and a dismiss rests the campaign for that subscriber.
#include <gtest/gtest.h>

#include "decide/decide_fixture.h"
#include "feedback/feedback_recorder.h"
#include "feedback/feedback_world.h"
#include "support/test_support.h"

namespace ripple::feedback {
namespace {

using decide::testing::BaseModel;
using decide::testing::Harness;
using decide::testing::MakeCampaign;
using decide::testing::Ms;
using decide::testing::PhoneOf;
using testing::World;

const int64_t kMonday10 = Ms("2026-11-09T10:00:00+08:00");

// ParseFeedback --------------------------------------------------------------------------------

FeedbackParseError ParseError(std::string_view body) {
  FeedbackRequest r;
  FeedbackParseError e;
  EXPECT_FALSE(ParseFeedback(body, 5, &r, &e)) << body;
  return e;
}

TEST(ParseFeedback, ValidBodies) {
  FeedbackRequest r;
  FeedbackParseError e;
  ASSERT_TRUE(ParseFeedback(R"({"decision_id":"0000010000000001","event":"click"})", 1234, &r, &e))
      << e.field << ": " << e.message;
  EXPECT_EQ(r.decision_id, (uint64_t{1} << 40) + 1);
  EXPECT_EQ(r.event, FeedbackEvent::kClick);
  EXPECT_EQ(r.ts_ms, 1234);  // no ts: now
  ASSERT_TRUE(ParseFeedback(
      R"({"decision_id":"00000100000000ff","event":"convert","ts":"2026-11-09T10:00:00+08:00"})", 0,
      &r, &e));
  EXPECT_EQ(r.decision_id, (uint64_t{1} << 40) + 255);
  EXPECT_EQ(r.event, FeedbackEvent::kConvert);
  EXPECT_EQ(r.ts_ms, kMonday10);
  ASSERT_TRUE(ParseFeedback(
      R"({"decision_id":"0000000000000002","event":"dismiss","ts":1762650000000})", 0, &r, &e));
  EXPECT_EQ(r.event, FeedbackEvent::kDismiss);
  EXPECT_EQ(r.ts_ms, 1762650000000);
}

TEST(ParseFeedback, ErrorsNameTheField) {
  FeedbackParseError e = ParseError(R"({"event":"click"})");
  EXPECT_EQ(e.field, "decision_id");
  EXPECT_EQ(e.message, "required");
  e = ParseError(R"({"decision_id":42,"event":"click"})");
  EXPECT_EQ(e.field, "decision_id");
  e = ParseError(R"({"decision_id":"xyz","event":"click"})");
  EXPECT_EQ(e.field, "decision_id");
  EXPECT_EQ(e.message, "not a decision id (16 hex digits)");
  e = ParseError(R"({"decision_id":"0000000000000001","event":"view"})");
  EXPECT_EQ(e.field, "event");
  EXPECT_EQ(e.message, "expected one of impression, click, convert, dismiss");
  e = ParseError(R"({"decision_id":"0000000000000001"})");
  EXPECT_EQ(e.field, "event");
  EXPECT_EQ(e.message, "required");
  e = ParseError(
      R"({"decision_id":"0000000000000001","event":"click","ts":"2026-11-09T10:00:00"})");
  EXPECT_EQ(e.field, "ts");  // no offset: ambiguous
  e = ParseError(R"({"decision_id":"0000000000000001","event":"click","ts":true})");
  EXPECT_EQ(e.field, "ts");
  e = ParseError(R"({"decision_id":"0000000000000001","event":"click","when":1})");
  EXPECT_EQ(e.field, "when");
  EXPECT_EQ(e.message, "unknown field 'when' (fields: decision_id, event, ts)");
  e = ParseError("decision_id=1");
  EXPECT_EQ(e.field, "");
  EXPECT_EQ(e.message, "the body is not JSON");
  e = ParseError("[1]");
  EXPECT_EQ(e.message, "expected a JSON object");
}

// FeedbackRecorder -----------------------------------------------------------------------------

decide::MarketingModel Model(double control_share = 0) {
  decide::MarketingModel m = BaseModel(/*app_cap=*/100, 100, /*weekly_cap=*/1000);
  m.policy.dismiss_cooldown_days = 7;
  m.campaigns.push_back(MakeCampaign("promo", 10, {"app/banner"}));
  m.campaigns.back().control_share = control_share;
  m.campaigns.push_back(MakeCampaign("backup", 1, {"app/banner"}));
  m.campaigns.push_back(MakeCampaign("sleepy", 1, {"app/offers"}));
  m.campaigns.back().state = decide::CampaignState::kDraft;
  return m;
}

TEST(FeedbackRecorder, ImpressionCountedOnceForTwoIdenticalPosts) {
  World w;
  ASSERT_OK(w.h.Load(Model()));
  const decide::Decision d = w.h.Decide(1, "app", "banner", kMonday10);
  ASSERT_TRUE(d.shown());
  auto first = w.Post(d.id, FeedbackEvent::kImpression);
  ASSERT_OK(first);
  EXPECT_FALSE(first->duplicate);
  EXPECT_EQ(first->decision.campaign, "promo");
  auto second = w.Post(d.id, FeedbackEvent::kImpression);
  ASSERT_OK(second);
  EXPECT_TRUE(second->duplicate);
  decide::CampaignCounters* c = w.h.counters.Get("promo");
  EXPECT_EQ(c->impressions.load(), 1);
  ASSERT_OK(w.Post(d.id, FeedbackEvent::kClick));
  ASSERT_OK(w.Post(d.id, FeedbackEvent::kConvert));
  EXPECT_EQ(c->clicks.load(), 1);
  EXPECT_EQ(c->conversions.load(), 1);
  EXPECT_EQ(c->control_conversions.load(), 0);
  EXPECT_EQ(w.h.counters.Get("backup")->impressions.load(), 0);
}

TEST(FeedbackRecorder, ControlDecisionTakesOnlyAConversion) {
  World w;
  ASSERT_OK(w.h.Load(Model(/*control_share=*/0.5)));
  uint32_t sub = 0;
  while (!decide::Arbiter::InControlGroup(PhoneOf(sub), decide::CampaignKey("promo"), 0.5)) ++sub;
  ASSERT_LT(sub, World::kSubscribers);
  const decide::Decision d = w.h.Decide(sub, "app", "banner", kMonday10);
  ASSERT_TRUE(d.control);

  auto impression = w.Post(d.id, FeedbackEvent::kImpression);
  ASSERT_FALSE(impression.ok());
  EXPECT_EQ(impression.status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(w.Post(d.id, FeedbackEvent::kClick).ok());
  EXPECT_FALSE(w.Post(d.id, FeedbackEvent::kDismiss).ok());

  auto convert = w.Post(d.id, FeedbackEvent::kConvert);
  ASSERT_OK(convert);
  EXPECT_FALSE(convert->duplicate);
  EXPECT_TRUE(convert->decision.control);
  decide::CampaignCounters* c = w.h.counters.Get("promo");
  EXPECT_EQ(c->control_conversions.load(), 1);
  EXPECT_EQ(c->conversions.load(), 0);
  EXPECT_EQ(c->impressions.load(), 0);
  EXPECT_EQ(c->clicks.load(), 0);
  EXPECT_EQ(c->dismisses.load(), 0);
}

TEST(FeedbackRecorder, DecisionThatShowedNothingRejectsEveryEvent) {
  World w;
  ASSERT_OK(w.h.Load(Model()));
  const decide::Decision d = w.h.Decide(1, "app", "offers", kMonday10);  // only a draft there
  ASSERT_EQ(d.winner, -1);
  auto click = w.Post(d.id, FeedbackEvent::kClick);
  ASSERT_FALSE(click.ok());
  EXPECT_EQ(click.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(click.status().message().find("showed no offer"), std::string::npos)
      << click.status().message();
  EXPECT_FALSE(w.Post(d.id, FeedbackEvent::kConvert).ok());
}

TEST(FeedbackRecorder, DismissRestsTheCampaignForTheCooldownForThatSubscriber) {
  World w;
  ASSERT_OK(w.h.Load(Model()));
  const decide::Decision d = w.h.Decide(1, "app", "banner", kMonday10);
  ASSERT_EQ(Harness::Winner(d), "promo");
  auto dismiss = w.Post(d.id, FeedbackEvent::kDismiss, kMonday10);
  ASSERT_OK(dismiss);
  EXPECT_EQ(w.h.counters.Get("promo")->dismisses.load(), 1);

  decide::Decision next = w.h.Decide(1, "app", "banner", kMonday10 + kMillisPerMinute);
  EXPECT_EQ(Harness::VerdictOf(next, "promo"), "resting");
  EXPECT_EQ(Harness::Winner(next), "backup");
  // 7 days = 10,080 minutes: resting one minute before, offered again at the minute.
  next = w.h.Decide(1, "app", "banner", kMonday10 + 7 * kMillisPerDay - kMillisPerMinute);
  EXPECT_EQ(Harness::VerdictOf(next, "promo"), "resting");
  next = w.h.Decide(1, "app", "banner", kMonday10 + 7 * kMillisPerDay);
  EXPECT_EQ(Harness::Winner(next), "promo");
  // Another subscriber is not affected.
  EXPECT_EQ(Harness::Winner(w.h.Decide(2, "app", "banner", kMonday10 + kMillisPerMinute)), "promo");
  // A repeated dismiss is a duplicate and counts nothing more.
  auto again = w.Post(d.id, FeedbackEvent::kDismiss, kMonday10 + kMillisPerDay);
  ASSERT_OK(again);
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(w.h.counters.Get("promo")->dismisses.load(), 1);
}

TEST(FeedbackRecorder, DismissIsStoredWithTheSubscribersEntry) {
  World w;
  ASSERT_OK(w.h.Load(Model()));
  const decide::Decision d = w.h.Decide(3, "app", "banner", kMonday10);
  ASSERT_OK(w.Post(d.id, FeedbackEvent::kDismiss));
  decide::ContactLedger restored(World::kSubscribers);
  ASSERT_OK(
      w.store->LoadLedger(restored, [](PhoneKey p) { return p == PhoneOf(3) ? 3u : UINT32_MAX; }));
  const uint32_t minute = static_cast<uint32_t>(kMonday10 / kMillisPerMinute);
  EXPECT_TRUE(restored.Entry(3).Resting(decide::CampaignKey("promo"), minute + 7 * 1440 - 1));
  EXPECT_FALSE(restored.Entry(3).Resting(decide::CampaignKey("promo"), minute + 7 * 1440));
  EXPECT_EQ(restored.Entry(3).ChannelToday(0, LocalDay(kMonday10, 480)), 1);  // the contact too
}

TEST(FeedbackRecorder, UnknownDecisionIsNotFound) {
  World w;
  ASSERT_OK(w.h.Load(Model()));
  auto r = w.Post(0x123456, FeedbackEvent::kImpression);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), "no decision 0000000000123456");
}

}  // namespace
}  // namespace ripple::feedback
