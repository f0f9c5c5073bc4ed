// The marketing model's validator (ModelFromJson) and YAML loader (ParseMarketingConfig): a
// valid model round-trips; every error names the field by path and, from YAML, FILE:LINE:COL;
// day windows across midnight.
#include "decide/model_config.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "decide/model.h"
#include "support/test_support.h"

namespace ripple::decide {
namespace {

using json = nlohmann::json;

// Lines 1-16; tests append lines from 17 on (a campaign's fields at 4 spaces, or a new campaign).
constexpr std::string_view kBase =
    "channels:\n"                   // 1
    "  - id: app\n"                 // 2
    "    daily_cap: 3\n"            // 3
    "    slots:\n"                  // 4
    "      - id: home_banner\n"     // 5
    "        days: mon-fri\n"       // 6
    "        hours: 09:00-18:00\n"  // 7
    "      - offers\n"              // 8
    "policy:\n"                     // 9
    "  weekly_cap: 5\n"             // 10
    "  quiet_hours: 21:00-08:00\n"  // 11
    "campaigns:\n"                  // 12
    "  - id: c1\n"                  // 13
    "    product: p1\n"             // 14
    "    slots:\n"                  // 15
    "      - app/home_banner\n";    // 16

std::string Yaml(std::string_view extra = "", std::string_view from = "",
                 std::string_view to = "") {
  std::string s(kBase);
  if (!from.empty()) {
    const size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    s.replace(at, from.size(), to);
  }
  return s + std::string(extra);
}

// The error text of parsing `yaml` as "t.yaml" ("" when it parsed).
std::string YamlError(const std::string& yaml) {
  auto r = ParseMarketingConfig(yaml, "t.yaml");
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  return r.status().message();
}

TEST(ModelYaml, ValidFileParsesEveryField) {
  auto r = ParseMarketingConfig(Yaml("    priority: 10\n    control_share: 0.1\n    state: active\n"
                                     "    valid:\n      from: 2026-11-01\n      to: 2026-11-30\n"),
                                "t.yaml");
  ASSERT_OK(r);
  const MarketingModel& m = *r;
  ASSERT_EQ(m.channels.size(), 1u);
  EXPECT_EQ(m.channels[0].daily_cap, 3);
  ASSERT_EQ(m.channels[0].slots.size(), 2u);
  EXPECT_EQ(m.channels[0].slots[0].weekdays, 0x1f);  // mon..fri = bits 0..4
  EXPECT_EQ(m.channels[0].slots[0].hours.start_minute, 9 * 60);
  EXPECT_EQ(m.channels[0].slots[0].hours.end_minute, 18 * 60);
  EXPECT_EQ(m.channels[0].slots[1].id, "offers");
  EXPECT_EQ(m.channels[0].slots[1].weekdays, 0x7f);
  EXPECT_EQ(m.policy.weekly_cap, 5);
  EXPECT_EQ(m.policy.quiet_hours.start_minute, 21 * 60);
  EXPECT_EQ(m.policy.quiet_hours.end_minute, 8 * 60);
  ASSERT_EQ(m.campaigns.size(), 1u);
  const Campaign& c = m.campaigns[0];
  EXPECT_EQ(c.priority, 10);
  EXPECT_DOUBLE_EQ(c.control_share, 0.1);
  EXPECT_EQ(c.state, CampaignState::kActive);
  EXPECT_EQ(c.valid_from, "2026-11-01");
  EXPECT_EQ(c.valid_to, "2026-11-30");
  EXPECT_EQ(c.slots, std::vector<std::string>{"app/home_banner"});
}

TEST(ModelJson, ValidModelRoundTripsThroughModelToJson) {
  auto r = ParseMarketingConfig(
      Yaml("    priority: 10\n    value: 25.5\n    quota: 1000\n    control_share: 0.1\n"
           "    state: paused\n    trigger: at_airport\n    valid:\n      from: 2026-11-01\n"
           "      to: 2026-11-30\n    creative:\n      image: img7\n      copy: Hi\n",
           "  quiet_hours: 21:00-08:00\n", "  quiet_hours: none\n  dismiss_cooldown_days: 3\n"),
      "t.yaml");
  ASSERT_OK(r);
  r->version = 4;
  const json first = ModelToJson(*r);
  MarketingModel back;
  const auto err = ModelFromJson(first, &back);
  ASSERT_FALSE(err.has_value()) << err->path << ": " << err->message;
  EXPECT_EQ(ModelToJson(back), first);
  EXPECT_EQ(back.version, 4u);
  EXPECT_TRUE(back.policy.quiet_hours.empty());
  EXPECT_EQ(back.policy.dismiss_cooldown_days, 3);
  EXPECT_EQ(back.campaigns[0].state, CampaignState::kPaused);
  EXPECT_EQ(back.campaigns[0].quota, 1000);
  EXPECT_EQ(back.campaigns[0].creative.copy, "Hi");
  EXPECT_EQ(first["channels"][0]["slots"][0]["days"], "mon,tue,wed,thu,fri");
  EXPECT_EQ(first["channels"][0]["slots"][0]["hours"], "09:00-18:00");
  EXPECT_EQ(first["channels"][0]["slots"][1]["hours"], "00:00-24:00");
}

TEST(ModelJson, WrongTypeNamesTheFieldPath) {
  json j = json::parse(R"({"channels":[{"id":"app","slots":["a"]}],
      "campaigns":[{"id":"c1","product":"p1","slots":["app/a"]},
                   {"id":"c2","product":"p1","slots":["app/a"],"priority":"high"}]})");
  MarketingModel m;
  const auto err = ModelFromJson(j, &m);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->path, "campaigns[1].priority");
  EXPECT_EQ(err->message, "expected a whole number");
}

TEST(ModelJson, UnknownTopLevelKeyIsRejected) {
  MarketingModel m;
  const auto err =
      ModelFromJson(json{{"channels", json::array()}, {"campains", json::array()}}, &m);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->path, "campains");
  EXPECT_EQ(err->message.rfind("unknown key 'campains'", 0), 0u) << err->message;
}

TEST(ModelYaml, WrongTypeIsReportedAtTheValue) {
  // Line 17 `    priority: "high"`: the value starts at column 15.
  EXPECT_EQ(YamlError(Yaml("    priority: \"high\"\n")),
            "t.yaml:17:15: campaigns[0].priority: expected a whole number");
}

TEST(ModelYaml, UnknownKeyIsReportedAtTheKeyAndListsTheKnownOnes) {
  const std::string e = YamlError(Yaml("    prority: 5\n"));
  EXPECT_EQ(e.rfind("t.yaml:17:5: campaigns[0].prority: unknown key 'prority' (known: ", 0), 0u)
      << e;
  EXPECT_NE(e.find("priority"), std::string::npos) << e;
}

TEST(ModelYaml, BadIdNamesTheId) {
  // Line 17 `  - id: Bad`: the value at column 9.
  EXPECT_EQ(
      YamlError(Yaml("  - id: Bad\n    product: p1\n    slots: [app/offers]\n")),
      "t.yaml:17:9: campaigns[1].id: 'Bad' is not an id: use a-z, 0-9, '_' and '-' (at most 64)");
}

TEST(ModelYaml, MissingSlotIsNamedWithTheSlotsThatExist) {
  // Line 20 `      - app/nope`: the item at column 9.
  EXPECT_EQ(YamlError(Yaml("  - id: c2\n    product: p1\n    slots:\n      - app/nope\n")),
            "t.yaml:20:9: campaigns[1].slots[0]: channel 'app' has no slot 'nope' "
            "(slots: home_banner, offers)");
  EXPECT_EQ(YamlError(Yaml("  - id: c2\n    product: p1\n    slots:\n      - web/home\n")),
            "t.yaml:20:9: campaigns[1].slots[0]: no channel 'web' (channels: app)");
}

TEST(ModelYaml, MissingProductIsReportedWhereTheCampaignStarts) {
  // The campaign's mapping starts at `id` on line 17, column 5.
  EXPECT_EQ(YamlError(Yaml("  - id: c2\n    slots: [app/offers]\n")),
            "t.yaml:17:5: campaigns[1].product: required");
}

TEST(ModelYaml, ControlShareOutOfRange) {
  // `    control_share: 0.9`: the value at column 20.
  EXPECT_EQ(YamlError(Yaml("    control_share: 0.9\n")),
            "t.yaml:17:20: campaigns[0].control_share: must be between 0.0 and 0.5, got 0.9");
}

TEST(ModelYaml, BadQuietHours) {
  // Line 11 `  quiet_hours: 25:00-08:00`: the value at column 16.
  EXPECT_EQ(YamlError(Yaml("", "21:00-08:00", "25:00-08:00")),
            "t.yaml:11:16: policy.quiet_hours: expected HH:MM-HH:MM or none, got '25:00-08:00'");
}

TEST(ModelYaml, BadDays) {
  // Line 6 `        days: mon-xyz`: the value at column 15.
  EXPECT_EQ(YamlError(Yaml("", "mon-fri", "mon-xyz")),
            "t.yaml:6:15: channels[0].slots[0].days: expected days like mon-fri or sat,sun, got "
            "'mon-xyz'");
}

TEST(ModelYaml, ValidToBeforeValidFrom) {
  // Line 19 `      to: 2026-11-01`: the value at column 11.
  EXPECT_EQ(YamlError(Yaml("    valid:\n      from: 2026-11-10\n      to: 2026-11-01\n")),
            "t.yaml:19:11: campaigns[0].valid.to: ends before it starts");
  // The same day is a one-day campaign, not an error.
  EXPECT_EQ(YamlError(Yaml("    valid:\n      from: 2026-11-10\n      to: 2026-11-10\n")), "");
}

TEST(ModelYaml, DuplicateCampaignIds) {
  EXPECT_EQ(YamlError(Yaml("  - id: c1\n    product: p1\n    slots: [app/offers]\n")),
            "t.yaml:17:9: campaigns[1].id: duplicate campaign 'c1'");
}

TEST(ModelYaml, BadDateAndBadStateNameTheField) {
  EXPECT_EQ(YamlError(Yaml("    valid:\n      from: 2026-13-01\n")),
            "t.yaml:18:13: campaigns[0].valid.from: expected a date YYYY-MM-DD, got '2026-13-01'");
  EXPECT_EQ(YamlError(Yaml("    state: live\n")),
            "t.yaml:17:12: campaigns[0].state: 'live' is not one of draft, active, paused, ended");
}

TEST(ModelYaml, InvalidYamlSyntaxHasAPosition) {
  const std::string e = YamlError("campaigns: [a, b\n");
  EXPECT_EQ(e.rfind("t.yaml:", 0), 0u) << e;
  EXPECT_NE(e, "");
}

TEST(DayWindow, QuietHoursAcrossMidnight) {
  const auto w = ParseDayWindow("21:00-08:00");
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->start_minute, 1260);
  EXPECT_EQ(w->end_minute, 480);
  EXPECT_FALSE(w->empty());
  EXPECT_TRUE(w->Contains(21 * 60));
  EXPECT_TRUE(w->Contains(23 * 60 + 59));
  EXPECT_TRUE(w->Contains(0));
  EXPECT_TRUE(w->Contains(7 * 60 + 59));
  EXPECT_FALSE(w->Contains(8 * 60));
  EXPECT_FALSE(w->Contains(20 * 60 + 59));
  EXPECT_FALSE(w->Contains(12 * 60));
  EXPECT_EQ(FormatDayWindow(*w), "21:00-08:00");
}

TEST(DayWindow, WholeDayAndEmpty) {
  const auto all = ParseDayWindow("00:00-24:00");
  ASSERT_TRUE(all.has_value());
  EXPECT_FALSE(all->empty());
  EXPECT_TRUE(all->Contains(0));
  EXPECT_TRUE(all->Contains(12 * 60));
  EXPECT_TRUE(all->Contains(23 * 60 + 59));

  const auto none = ParseDayWindow("10:00-10:00");
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
  for (int m : {0, 9 * 60 + 59, 10 * 60, 10 * 60 + 1, 23 * 60 + 59})
    EXPECT_FALSE(none->Contains(m)) << m;

  const auto day = ParseDayWindow("09:00-18:00");
  ASSERT_TRUE(day.has_value());
  EXPECT_FALSE(day->Contains(8 * 60 + 59));
  EXPECT_TRUE(day->Contains(9 * 60));
  EXPECT_TRUE(day->Contains(17 * 60 + 59));
  EXPECT_FALSE(day->Contains(18 * 60));
}

TEST(DayWindow, MalformedWindowsAreRefused) {
  for (const char* bad : {"25:00-08:00", "24:00-08:00", "21:60-08:00", "21:00", "9:00-18:00",
                          "21:00-24:01", "aa:bb-cc:dd", ""}) {
    EXPECT_FALSE(ParseDayWindow(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace ripple::decide
