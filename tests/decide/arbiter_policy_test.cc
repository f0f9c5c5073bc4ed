// The arbiter's eligibility checks (state, valid dates at the local offset, slot schedule,
// target, trigger) and contact policy (opt-out, do-not-disturb, quiet hours, channel and weekly
// caps, dismiss rest, quota). Times are local at +08:00; 2026-11-09 is a Monday.
#include <gtest/gtest.h>

#include <cmath>
#include <roaring/roaring.hh>

#include "decide/decide_fixture.h"
#include "profile/tag_table.h"
#include "support/test_support.h"

namespace ripple::decide {
namespace {

using testing::BaseModel;
using testing::Harness;
using testing::kMonday10;
using testing::MakeCampaign;
using testing::Ms;
using testing::PhoneOf;

TEST(ArbiterEligibility, CampaignsNotActiveAreNotEligible) {
  Harness h;
  MarketingModel m = BaseModel();
  for (auto [id, state] : {std::pair{"draft", CampaignState::kDraft},
                           {"paused", CampaignState::kPaused},
                           {"ended", CampaignState::kEnded}}) {
    m.campaigns.push_back(MakeCampaign(id, 100, {"app/banner"}));
    m.campaigns.back().state = state;
  }
  m.campaigns.push_back(MakeCampaign("live", 1, {"app/banner"}));
  ASSERT_OK(h.Load(m));
  const Decision d = h.Decide(1, "app", "banner", kMonday10);
  EXPECT_EQ(Harness::Winner(d), "live");
  EXPECT_TRUE(d.shown());
  EXPECT_EQ(Harness::VerdictOf(d, "draft"), "not_active");
  EXPECT_EQ(Harness::VerdictOf(d, "paused"), "not_active");
  EXPECT_EQ(Harness::VerdictOf(d, "ended"), "not_active");
  EXPECT_EQ(Harness::VerdictOf(d, "live"), "winner");
}

TEST(ArbiterEligibility, ValidDatesAreLocalDaysAtTheOffset) {
  Harness h;
  MarketingModel m = BaseModel(100, 100, 1000);
  m.campaigns.push_back(MakeCampaign("early", 1, {"app/banner"}));
  m.campaigns.back().valid_from = "2026-11-10";
  m.campaigns.push_back(MakeCampaign("late", 1, {"app/offers"}));
  m.campaigns.back().valid_to = "2026-11-30";
  ASSERT_OK(h.Load(m));
  auto early = [&](std::string_view t) {
    return Harness::VerdictOf(h.Decide(1, "app", "banner", Ms(t)), "early");
  };
  auto late = [&](std::string_view t) {
    return Harness::VerdictOf(h.Decide(2, "app", "offers", Ms(t)), "late");
  };
  // valid from 2026-11-10 starts at 2026-11-10T00:00+08:00 = 2026-11-09T16:00Z.
  EXPECT_EQ(early("2026-11-09T23:59:59+08:00"), "not_yet_valid");
  EXPECT_EQ(early("2026-11-09T15:59:59.999Z"), "not_yet_valid");
  EXPECT_EQ(early("2026-11-09T16:00:00Z"), "winner");
  EXPECT_EQ(early("2026-11-10T00:00:00+08:00"), "winner");
  // valid to 2026-11-30 (inclusive) ends at 2026-12-01T00:00+08:00 = 2026-11-30T16:00Z.
  EXPECT_EQ(late("2026-11-30T23:59:59.999+08:00"), "winner");
  EXPECT_EQ(late("2026-11-30T15:59:59Z"), "winner");
  EXPECT_EQ(late("2026-11-30T16:00:00Z"), "expired");
  EXPECT_EQ(late("2026-12-01T00:00:00+08:00"), "expired");
}

TEST(ArbiterEligibility, ClosedSlotScheduleByDayAndHour) {
  Harness h;
  MarketingModel m = BaseModel(100, 100, 1000);
  Slot& banner = m.channels[0].slots[0];
  banner.weekdays = 0x1f;  // mon-fri
  banner.hours = DayWindow{9 * 60, 18 * 60};
  m.campaigns.push_back(MakeCampaign("c1", 1, {"app/banner"}));
  ASSERT_OK(h.Load(m));
  auto at = [&](std::string_view t) {
    return Harness::VerdictOf(h.Decide(1, "app", "banner", Ms(t)), "c1");
  };
  EXPECT_EQ(at("2026-11-09T08:59:59+08:00"), "slot_closed");  // Monday, before 09:00
  EXPECT_EQ(at("2026-11-09T09:00:00+08:00"), "winner");
  EXPECT_EQ(at("2026-11-09T17:59:00+08:00"), "winner");
  EXPECT_EQ(at("2026-11-09T18:00:00+08:00"), "slot_closed");
  EXPECT_EQ(at("2026-11-13T12:00:00+08:00"), "winner");       // Friday
  EXPECT_EQ(at("2026-11-14T12:00:00+08:00"), "slot_closed");  // Saturday
  EXPECT_EQ(at("2026-11-15T12:00:00+08:00"), "slot_closed");  // Sunday
  // Monday 02:00Z is 10:00 local: open, though the UTC hour is not.
  EXPECT_EQ(at("2026-11-09T02:00:00Z"), "winner");
}

TEST(ArbiterEligibility, TriggerRequiredMissingOrPresent) {
  Harness h;
  MarketingModel m = BaseModel(100, 100, 1000);
  m.campaigns.push_back(MakeCampaign("airport", 10, {"app/banner"}));
  m.campaigns.back().trigger = "at_airport";
  m.campaigns.push_back(MakeCampaign("fallback", 1, {"app/banner"}));
  ASSERT_OK(h.Load(m));
  Decision d = h.Decide(1, "app", "banner", kMonday10);
  EXPECT_EQ(Harness::VerdictOf(d, "airport"), "no_trigger");
  EXPECT_EQ(Harness::Winner(d), "fallback");
  const std::vector<std::string> other{"roaming_started"};
  d = h.Decide(1, "app", "banner", kMonday10, other);
  EXPECT_EQ(Harness::VerdictOf(d, "airport"), "no_trigger");
  const std::vector<std::string> live{"roaming_started", "at_airport"};
  d = h.Decide(1, "app", "banner", kMonday10, live);
  EXPECT_EQ(Harness::Winner(d), "airport");
  EXPECT_EQ(Harness::VerdictOf(d, "fallback"), "outranked");
}

TEST(ArbiterEligibility, TargetHoldsOnlyForItsRows) {
  profile::TagTable table({101, 102, 103, 104}, {PhoneOf(0), PhoneOf(1), PhoneOf(2), PhoneOf(3)},
                          0);
  profile::TagColumn& age =
      table.AddColumn("age", profile::Dimension::kBasic, profile::TagType::kNumber);
  age.numbers = {25.0f, 30.0f, 45.0f, std::nanf("")};
  Harness h(4);
  MarketingModel m = BaseModel(100, 100, 1000);
  m.campaigns.push_back(MakeCampaign("thirties", 1, {"app/banner"}));
  m.campaigns.back().target = "age >= 30";
  m.campaigns.push_back(MakeCampaign("everyone", 1, {"app/offers"}));
  m.campaigns.back().target = "all";
  ASSERT_OK(h.Load(m, &table));
  const char* expected[] = {"not_in_target", "winner", "winner", "not_in_target"};
  for (uint32_t sub = 0; sub < 4; ++sub) {
    EXPECT_EQ(Harness::VerdictOf(h.Decide(sub, "app", "banner", kMonday10), "thirties"),
              expected[sub])
        << sub;
    EXPECT_EQ(Harness::VerdictOf(h.Decide(sub, "app", "offers", kMonday10), "everyone"), "winner")
        << sub;
  }
}

TEST(ArbiterEligibility, SegmentsNamedInTheModelOrSavedInTheSnapshotAndWithATarget) {
  profile::TagTable table({101, 102, 103, 104}, {PhoneOf(0), PhoneOf(1), PhoneOf(2), PhoneOf(3)},
                          0);
  profile::TagColumn& age =
      table.AddColumn("age", profile::Dimension::kBasic, profile::TagType::kNumber);
  age.numbers = {25.0f, 30.0f, 45.0f, 60.0f};
  Roaring saved;  // a saved segment of the snapshot: subscribers 0 and 3
  saved.add(0);
  saved.add(3);
  Harness h(4);
  MarketingModel m = BaseModel(100, 100, 1000);
  m.segments.push_back({"young", "age < 40", ""});
  m.campaigns.push_back(MakeCampaign("by_named", 1, {"app/banner"}));
  m.campaigns.back().segment = "young";  // rows 0, 1
  m.campaigns.push_back(MakeCampaign("by_saved", 1, {"app/offers"}));
  m.campaigns.back().segment = "vip";  // rows 0, 3
  m.campaigns.push_back(MakeCampaign("both", 1, {"sms/text"}));
  m.campaigns.back().segment = "vip";
  m.campaigns.back().target = "age >= 50";  // and: row 3 only
  CompiledModel::Inputs in;
  in.tags = &table;
  in.saved_segments = {{"vip", &saved}};
  auto compiled = CompiledModel::Compile(m, in, h.ledger, h.counters);
  ASSERT_TRUE(compiled.ok()) << compiled.status().ToString();
  h.arbiter.Swap(*compiled);
  const char* named[] = {"winner", "winner", "not_in_target", "not_in_target"};
  const char* saved_v[] = {"winner", "not_in_target", "not_in_target", "winner"};
  const char* both[] = {"not_in_target", "not_in_target", "not_in_target", "winner"};
  for (uint32_t sub = 0; sub < 4; ++sub) {
    EXPECT_EQ(Harness::VerdictOf(h.Decide(sub, "app", "banner", kMonday10), "by_named"),
              named[sub])
        << sub;
    EXPECT_EQ(Harness::VerdictOf(h.Decide(sub, "app", "offers", kMonday10), "by_saved"),
              saved_v[sub])
        << sub;
    EXPECT_EQ(Harness::VerdictOf(h.Decide(sub, "sms", "text", kMonday10), "both"), both[sub])
        << sub;
  }
  // A segment nobody defined is an error naming the field and the segments there are.
  m.campaigns.back().segment = "nope";
  auto bad = CompiledModel::Compile(m, in, h.ledger, h.counters);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("segment: no segment 'nope'"), std::string::npos)
      << bad.status().message();
  EXPECT_NE(bad.status().message().find("young, vip"), std::string::npos)
      << bad.status().message();
}

TEST(ArbiterEligibility, TargetWithoutTagsDoesNotCompileAndNamesTheField) {
  Harness h;
  MarketingModel m = BaseModel();
  m.campaigns.push_back(MakeCampaign("c1", 1, {"app/banner"}));
  m.campaigns.back().target = "age >= 30";
  const Status s = h.Load(m);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message().rfind("campaigns[0] (c1).target: needs the profile snapshot", 0), 0u)
      << s.message();
}

TEST(ArbiterEligibility, UnknownChannelOrSlotIsNotFound) {
  Harness h;
  MarketingModel m = BaseModel();
  m.campaigns.push_back(MakeCampaign("c1", 1, {"app/banner"}));
  ASSERT_OK(h.Load(m));
  DecisionRequest r;
  r.subscriber = 1;
  r.phone = PhoneOf(1);
  r.now_ms = kMonday10;
  r.channel = "web";
  r.slot = "banner";
  auto d = h.arbiter.Decide(r);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(d.status().message(), "no channel 'web'");
  r.channel = "app";
  r.slot = "nope";
  d = h.arbiter.Decide(r);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(d.status().message(), "channel 'app' has no slot 'nope'");
}

// Policy ------------------------------------------------------------------------------------

MarketingModel AppAndSmsModel(int app_cap = 3, int sms_cap = 3, int weekly_cap = 7) {
  MarketingModel m = BaseModel(app_cap, sms_cap, weekly_cap);
  m.campaigns.push_back(MakeCampaign("on_app", 1, {"app/banner", "app/offers"}));
  m.campaigns.push_back(MakeCampaign("on_sms", 1, {"sms/text"}));
  m.campaigns.push_back(MakeCampaign("draft", 5, {"app/banner", "sms/text"}));
  m.campaigns.back().state = CampaignState::kDraft;
  return m;
}

TEST(ArbiterPolicy, OptedOutPerChannelOrEveryChannel) {
  Harness h;
  ASSERT_OK(h.Load(AppAndSmsModel()));
  h.lists.AddOptOut(PhoneOf(1), "sms");
  h.lists.AddOptOut(PhoneOf(2), "*");
  h.lists.AddOptOut(PhoneOf(3), "");  // empty: every channel
  Decision d = h.Decide(1, "sms", "text", kMonday10);
  EXPECT_EQ(Harness::VerdictOf(d, "on_sms"), "opted_out");
  EXPECT_EQ(Harness::VerdictOf(d, "draft"), "not_active");  // eligibility comes first
  EXPECT_EQ(d.winner, -1);
  EXPECT_EQ(Harness::Winner(h.Decide(1, "app", "banner", kMonday10)), "on_app");
  EXPECT_EQ(Harness::VerdictOf(h.Decide(2, "sms", "text", kMonday10), "on_sms"), "opted_out");
  EXPECT_EQ(Harness::VerdictOf(h.Decide(2, "app", "banner", kMonday10), "on_app"), "opted_out");
  EXPECT_EQ(Harness::VerdictOf(h.Decide(3, "app", "banner", kMonday10), "on_app"), "opted_out");
  EXPECT_EQ(Harness::Winner(h.Decide(4, "sms", "text", kMonday10)), "on_sms");
}

TEST(ArbiterPolicy, ListsFromFilesDoNotDisturbOnlyOnPushChannels) {
  ripple::testing::TempDir dir;
  ripple::testing::WriteFile(dir / "dnd.csv", "msisdn\n13800000001\n");
  ripple::testing::WriteFile(dir / "optout.csv", "msisdn,channel\n13800000002, app\n");
  auto lists = ContactLists::Load("optout.csv", "dnd.csv", dir.path().string(), PhoneNumberRules{});
  ASSERT_OK(lists);
  EXPECT_EQ(lists->dnd_size(), 1u);
  EXPECT_EQ(lists->opt_out_size(), 1u);
  Harness h;
  h.lists = std::move(*lists);
  ASSERT_OK(h.Load(AppAndSmsModel()));
  EXPECT_EQ(Harness::VerdictOf(h.Decide(1, "sms", "text", kMonday10), "on_sms"), "do_not_disturb");
  EXPECT_EQ(Harness::Winner(h.Decide(1, "app", "banner", kMonday10)), "on_app");  // app is not push
  EXPECT_EQ(Harness::VerdictOf(h.Decide(2, "app", "banner", kMonday10), "on_app"), "opted_out");
  EXPECT_EQ(Harness::Winner(h.Decide(2, "sms", "text", kMonday10)), "on_sms");
}

TEST(ArbiterPolicy, ContactListErrorsNameFileAndLine) {
  ripple::testing::TempDir dir;
  const std::string path = dir / "dnd.csv";
  ripple::testing::WriteFile(path, "13800000001\nnot-a-phone\n");
  auto lists = ContactLists::Load("", path, "", PhoneNumberRules{});
  ASSERT_FALSE(lists.ok());
  EXPECT_EQ(lists.status().message(), path + ":2: not a phone number: 'not-a-phone'");
  auto missing = ContactLists::Load(dir / "none.csv", "", "", PhoneNumberRules{});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST(ArbiterPolicy, QuietHoursOnPushChannelsAcrossMidnight) {
  Harness h;
  ASSERT_OK(h.Load(AppAndSmsModel()));
  uint32_t sub = 0;  // a new subscriber for every decision: no cap interferes
  auto sms = [&](std::string_view t) {
    return Harness::VerdictOf(h.Decide(++sub, "sms", "text", Ms(t)), "on_sms");
  };
  EXPECT_EQ(sms("2026-11-09T20:59:00+08:00"), "winner");
  EXPECT_EQ(sms("2026-11-09T21:00:00+08:00"), "quiet_hours");
  EXPECT_EQ(sms("2026-11-09T23:59:00+08:00"), "quiet_hours");
  EXPECT_EQ(sms("2026-11-10T00:00:00+08:00"), "quiet_hours");
  EXPECT_EQ(sms("2026-11-10T07:59:00+08:00"), "quiet_hours");
  EXPECT_EQ(sms("2026-11-10T08:00:00+08:00"), "winner");
  EXPECT_EQ(sms("2026-11-09T15:30:00Z"), "quiet_hours");  // 23:30 local
  EXPECT_EQ(sms("2026-11-09T23:59:00Z"), "quiet_hours");  // 07:59 local on the 10th
  EXPECT_EQ(sms("2026-11-10T00:00:00Z"), "winner");       // 08:00 local
  // Not a push channel: no quiet hours.
  EXPECT_EQ(Harness::Winner(h.Decide(++sub, "app", "banner", Ms("2026-11-09T23:30:00+08:00"))),
            "on_app");
}

TEST(ArbiterPolicy, ChannelDailyCapResetsOnTheNextLocalDay) {
  Harness h;
  ASSERT_OK(h.Load(AppAndSmsModel(/*app_cap=*/3)));
  EXPECT_TRUE(h.Decide(1, "app", "banner", kMonday10).shown());
  EXPECT_TRUE(h.Decide(1, "app", "offers", kMonday10).shown());  // one cap for the channel's slots
  EXPECT_TRUE(h.Decide(1, "app", "banner", kMonday10).shown());
  Decision d = h.Decide(1, "app", "banner", kMonday10);
  EXPECT_FALSE(d.shown());
  EXPECT_EQ(Harness::VerdictOf(d, "on_app"), "channel_cap");
  EXPECT_EQ(
      Harness::VerdictOf(h.Decide(1, "app", "offers", Ms("2026-11-09T23:59:59+08:00")), "on_app"),
      "channel_cap");
  EXPECT_TRUE(h.Decide(1, "sms", "text", kMonday10).shown());    // another channel
  EXPECT_TRUE(h.Decide(2, "app", "banner", kMonday10).shown());  // another subscriber
  // 2026-11-09T16:00Z is midnight of the 10th locally: a new day.
  EXPECT_TRUE(h.Decide(1, "app", "banner", Ms("2026-11-09T16:00:00Z")).shown());
}

TEST(ArbiterPolicy, WeeklyCapAcrossChannelsOverSevenLocalDays) {
  Harness h;
  ASSERT_OK(h.Load(AppAndSmsModel(3, 3, /*weekly_cap=*/4)));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(h.Decide(1, "app", "banner", kMonday10).shown());
  const int64_t tuesday = Ms("2026-11-10T10:00:00+08:00");
  ASSERT_TRUE(h.Decide(1, "sms", "text", tuesday).shown());  // the 4th contact of the week
  EXPECT_EQ(Harness::VerdictOf(h.Decide(1, "app", "banner", tuesday), "on_app"), "weekly_cap");
  EXPECT_EQ(Harness::VerdictOf(h.Decide(1, "sms", "text", tuesday), "on_sms"), "weekly_cap");
  // Sunday the 15th: Monday the 9th is 6 days back, still inside the week.
  EXPECT_EQ(
      Harness::VerdictOf(h.Decide(1, "app", "banner", Ms("2026-11-15T10:00:00+08:00")), "on_app"),
      "weekly_cap");
  // Monday the 16th: the 9th's three contacts leave the window, Tuesday's one stays.
  EXPECT_TRUE(h.Decide(1, "app", "banner", Ms("2026-11-16T10:00:00+08:00")).shown());
}

TEST(ArbiterPolicy, DismissedCampaignRestsUntilTheMinute) {
  Harness h;
  MarketingModel m = BaseModel(100, 100, 1000);
  m.campaigns.push_back(MakeCampaign("c1", 10, {"app/banner"}));
  m.campaigns.push_back(MakeCampaign("c2", 5, {"app/banner"}));
  ASSERT_OK(h.Load(m));
  const uint32_t minute = static_cast<uint32_t>(kMonday10 / kMillisPerMinute);
  h.ledger.Entry(1).RecordDismiss(CampaignKey("c1"), minute + 60);
  Decision d = h.Decide(1, "app", "banner", kMonday10);
  EXPECT_EQ(Harness::VerdictOf(d, "c1"), "resting");
  EXPECT_EQ(Harness::Winner(d), "c2");
  EXPECT_EQ(
      Harness::VerdictOf(h.Decide(1, "app", "banner", kMonday10 + 59 * kMillisPerMinute), "c1"),
      "resting");
  EXPECT_EQ(Harness::Winner(h.Decide(1, "app", "banner", kMonday10 + 60 * kMillisPerMinute)), "c1");
  EXPECT_EQ(Harness::Winner(h.Decide(2, "app", "banner", kMonday10)),
            "c1");  // only subscriber 1 rests
}

TEST(ArbiterPolicy, QuotaReachedGivesWayToTheNextBest) {
  Harness h;
  MarketingModel m = BaseModel();
  m.campaigns.push_back(MakeCampaign("limited", 10, {"app/banner"}));
  m.campaigns.back().quota = 2;
  m.campaigns.push_back(MakeCampaign("open", 1, {"app/banner"}));
  ASSERT_OK(h.Load(m));
  EXPECT_EQ(Harness::Winner(h.Decide(1, "app", "banner", kMonday10)), "limited");
  EXPECT_EQ(Harness::Winner(h.Decide(2, "app", "banner", kMonday10)), "limited");
  const Decision d = h.Decide(3, "app", "banner", kMonday10);
  EXPECT_EQ(Harness::VerdictOf(d, "limited"), "quota_reached");
  EXPECT_EQ(Harness::Winner(d), "open");
  EXPECT_EQ(h.counters.Get("limited")->contacts.load(), 2);
  EXPECT_EQ(h.counters.Get("open")->contacts.load(), 1);
}

}  // namespace
}  // namespace ripple::decide
