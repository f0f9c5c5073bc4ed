// The index of compiled conditions (which rules a record is shown to), and the conditions
// evaluated by the engine on hand-built records: precedence of not / and / or, each operator,
// units, local time, both parties of a call, the fields derived from the reference tables,
// missing values, and rules marked `disabled`. Expected triggers are worked out by hand.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine_fixture.h"

namespace ripple::cep::testing {
namespace {

using ingest::Channel;
using ingest::OrderAction;

constexpr int64_t kDayMs = 24 * kHour;

class RuleConditions : public EngineFixture {
 public:
  // The triggers so far by rule id: (subscriber 1..3, time), in firing order.
  std::map<std::string, Fires> ByRule() const {
    std::map<std::string, Fires> out;
    const Fires fired = Fired();
    for (size_t i = 0; i < fired.size(); ++i) {
      out[engine_->rules().rules()[sink_.triggers[i].rule].id].push_back(fired[i]);
    }
    return out;
  }
  ingest::Record Order(int64_t ts, int sub, const char* product, OrderAction action,
                       Channel channel) {
    ingest::Record r = Base(Feed::kOrders, ts, sub);
    r.product = reference_->FindProduct(product);
    r.action = action;
    r.channel = channel;
    return r;
  }
  // A call from an off-net number to subscriber `to` (the callee's cell is the serving one).
  ingest::Record CallFromOffNet(int64_t ts, const std::string& from, int to) {
    ingest::Record r;
    r.feed = Feed::kCalls;
    r.ts_ms = ts;
    r.from = ParsePhoneNumber(from);
    r.to = ParsePhoneNumber("1380000000" + std::to_string(to));
    r.to_sub = Sub(to);
    r.cell = Cell("OFF1");
    r.duration_s = 60;
    return r;
  }
};

constexpr int64_t kT = kDay0 + 9 * kHour;  // Monday 09:00 local

// The index: which rules a record of a feed is shown to.
class RuleIndex : public EngineFixture {};

TEST_F(RuleIndex, EqualityOnADiscreteFieldFilesTheRuleUnderItsValue) {
  auto set = Compile(R"(
rule eq on visits where page = "balance" emit t end
rule list on visits where page in ("plans", "shop") emit t end
rule also on visits where page = "balance" and hour >= 8 emit t end
)");
  ASSERT_OK(set);
  const RuleSet& s = **set;
  EXPECT_TRUE(s.always(Feed::kVisits).empty());
  EXPECT_EQ(s.keyed_fields(Feed::kVisits), (std::vector<FieldId>{FieldId::kPage}));
  EXPECT_EQ(s.keyed(Feed::kVisits, FieldId::kPage, texts_.Find("balance")),
            (std::vector<uint16_t>{0, 2}));
  EXPECT_EQ(s.keyed(Feed::kVisits, FieldId::kPage, texts_.Find("plans")),
            (std::vector<uint16_t>{1}));
  EXPECT_EQ(s.keyed(Feed::kVisits, FieldId::kPage, texts_.Find("shop")),
            (std::vector<uint16_t>{1}));
  EXPECT_TRUE(s.keyed(Feed::kVisits, FieldId::kPage, texts_.Intern("home")).empty());
  // Other feeds see none of them.
  EXPECT_TRUE(s.keyed(Feed::kOrders, FieldId::kPage, texts_.Find("balance")).empty());
  EXPECT_TRUE(s.keyed_fields(Feed::kData).empty());
}

TEST_F(RuleIndex, OnlyARequiredEqualityKeysARule) {
  auto set = Compile(R"(
rule either on visits where page = "a" or channel = web emit t end
rule hour_page on visits where hour > 3 and page = "a" emit t end
rule negated on visits where not page = "a" emit t end
rule unequal on visits where page != "a" emit t end
rule nested on visits where (page = "a" or page = "b") and channel = web emit t end
rule phone on calls where other = "13800000002" emit t end
rule bare on calls where new_contact emit t end
)");
  ASSERT_OK(set);
  const RuleSet& s = **set;
  EXPECT_EQ(s.always(Feed::kVisits), (std::vector<uint16_t>{0, 2, 3}));
  EXPECT_EQ(s.keyed_fields(Feed::kVisits),
            (std::vector<FieldId>{FieldId::kPage, FieldId::kChannel}));
  EXPECT_EQ(s.keyed(Feed::kVisits, FieldId::kPage, texts_.Find("a")), (std::vector<uint16_t>{1}));
  // The `or` is passed over; the other operand of the `and` keys it (web = 2).
  EXPECT_EQ(s.keyed(Feed::kVisits, FieldId::kChannel, 2), (std::vector<uint16_t>{4}));
  // Phone numbers and yes/no fields are not discrete values to file under.
  EXPECT_EQ(s.always(Feed::kCalls), (std::vector<uint16_t>{5, 6}));
  EXPECT_TRUE(s.keyed_fields(Feed::kCalls).empty());
}

TEST_F(RuleIndex, DwellIsKeyedForTheFourCellFeeds) {
  auto set = Compile("rule d dwell area_type = airport for 10m meanwhile data emit t end");
  ASSERT_OK(set);
  const RuleSet& s = **set;
  const uint64_t airport = reference_->texts().Find("airport");
  ASSERT_NE(airport, ingest::kNoString);
  for (const Feed f : {Feed::kCalls, Feed::kSms, Feed::kData, Feed::kLocations}) {
    EXPECT_TRUE(s.always(f).empty()) << FeedStem(f);
    EXPECT_EQ(s.keyed_fields(f), (std::vector<FieldId>{FieldId::kAreaType})) << FeedStem(f);
    EXPECT_EQ(s.keyed(f, FieldId::kAreaType, airport), (std::vector<uint16_t>{0})) << FeedStem(f);
  }
  for (const Feed f : {Feed::kOrders, Feed::kDevices, Feed::kRecharges, Feed::kVisits}) {
    EXPECT_TRUE(s.always(f).empty()) << FeedStem(f);
    EXPECT_TRUE(s.keyed_fields(f).empty()) << FeedStem(f);
  }
  // A dwell condition without an equality is looked at for every cell record.
  auto roaming = Compile("rule d dwell roaming for 10m emit t end");
  ASSERT_OK(roaming);
  for (const Feed f : {Feed::kCalls, Feed::kSms, Feed::kData, Feed::kLocations}) {
    EXPECT_EQ((*roaming)->always(f), (std::vector<uint16_t>{0})) << FeedStem(f);
  }
}

TEST_F(RuleConditions, NotBindsTighterThanAndWhichBindsTighterThanOr) {
  Start(R"(
rule p1 on visits where page = "a" or page = "b" and channel = web emit x end
rule p2 on visits where not page = "a" and channel = web emit x end
rule p3 on visits where (page = "a" or page = "b") and channel = web emit x end
rule p4 on visits where not (page = "a" or channel = web) emit x end
)");
  // Minute i: page a, a, b, b, c, c on channel app, web, app, web, app, web.
  std::vector<ingest::Record> records;
  for (int i = 0; i < 6; ++i) {
    const char* page = i < 2 ? "a" : i < 4 ? "b" : "c";
    records.push_back(Visit(kT + i * kMin, 1, i % 2 ? Channel::kWeb : Channel::kApp, page));
  }
  Run(records);
  auto at = [](std::vector<int> minutes) {
    Fires f;
    for (int m : minutes) f.emplace_back(1, kT + m * kMin);
    return f;
  };
  auto by = ByRule();
  EXPECT_EQ(by["p1"], at({0, 1, 3}));  // a or (b and web)
  EXPECT_EQ(by["p2"], at({3, 5}));     // (not a) and web
  EXPECT_EQ(by["p3"], at({1, 3}));
  EXPECT_EQ(by["p4"], at({2, 4}));
}

TEST_F(RuleConditions, InMatchesAnyListedValue) {
  Start(R"(
rule pages on visits where page in ("plans", "shop") emit x end
rule channels on visits where channel in (app, sms) emit x end
)");
  Run({Visit(kT, 1, Channel::kWeb, "plans"), Visit(kT + kMin, 1, Channel::kApp, "shop"),
       Visit(kT + 2 * kMin, 1, Channel::kSms, "home"),
       Visit(kT + 3 * kMin, 1, Channel::kWeb, "home")});
  auto by = ByRule();
  EXPECT_EQ(by["pages"], (Fires{{1, kT}, {1, kT + kMin}}));
  EXPECT_EQ(by["channels"], (Fires{{1, kT + kMin}, {1, kT + 2 * kMin}}));
}

TEST_F(RuleConditions, ContainsIsASubstringAndMatchesTheWholeText) {
  Start(R"R(
rule has on data where host contains "arena" emit x end
rule whole on data where host matches "(www\.)?ctrip\.com" emit x end
rule part on data where host matches "ctrip" emit x end
rule area on locations where area_type contains "air" emit x end
)R");
  const char* hosts[] = {"phonearena.com", "ctrip.com",    "www.phonearena.com", "www.ctrip.com",
                         "m.ctrip.com",    "ctrip.com.cn", "phonearena.com",     "ctrip.com"};
  std::vector<ingest::Record> records;
  for (int i = 0; i < 8; ++i) records.push_back(Data(kT + i * kMin, 1, "HOME1", hosts[i], 5));
  records.push_back(Location(kT + 8 * kMin, 2, "AIR2"));
  records.push_back(Location(kT + 9 * kMin, 2, "HOME1"));
  Run(records);
  auto by = ByRule();
  // Minutes 6 and 7 repeat texts already tested: the cached answers.
  EXPECT_EQ(by["has"], (Fires{{1, kT}, {1, kT + 2 * kMin}, {1, kT + 6 * kMin}}));
  EXPECT_EQ(by["whole"], (Fires{{1, kT + kMin}, {1, kT + 3 * kMin}, {1, kT + 7 * kMin}}));
  EXPECT_EQ(by["part"], Fires{});
  EXPECT_EQ(by["area"], (Fires{{2, kT + 8 * kMin}}));
}

TEST_F(RuleConditions, NumbersCompareWithTheirUnitsApplied) {
  Start(R"(
rule gt on data where bytes > 1.5MB emit x end
rule ge on data where bytes >= 1.5MB emit x end
rule lt on recharges where amount < 10.5 emit x end
rule le on recharges where amount <= 10.5 emit x end
rule eq on recharges where amount = 10.5 emit x end
rule ne on recharges where amount != 10.5 emit x end
rule listed on recharges where amount in (5, 10.5) emit x end
)");
  // 1.5MB = 1,572,864 bytes; amounts in cents.
  Run({Data(kT, 1, "HOME1", "news.cn", 1572864), Data(kT + kMin, 1, "HOME1", "news.cn", 1572865),
       Data(kT + 2 * kMin, 1, "HOME1", "news.cn", 1572863), Recharge(kT + 3 * kMin, 2, 1049),
       Recharge(kT + 4 * kMin, 2, 1050), Recharge(kT + 5 * kMin, 2, 1051),
       Recharge(kT + 6 * kMin, 2, 500)});
  auto by = ByRule();
  EXPECT_EQ(by["gt"], (Fires{{1, kT + kMin}}));
  EXPECT_EQ(by["ge"], (Fires{{1, kT}, {1, kT + kMin}}));
  EXPECT_EQ(by["lt"], (Fires{{2, kT + 3 * kMin}, {2, kT + 6 * kMin}}));
  EXPECT_EQ(by["le"], (Fires{{2, kT + 3 * kMin}, {2, kT + 4 * kMin}, {2, kT + 6 * kMin}}));
  EXPECT_EQ(by["eq"], (Fires{{2, kT + 4 * kMin}}));
  EXPECT_EQ(by["ne"], (Fires{{2, kT + 3 * kMin}, {2, kT + 5 * kMin}, {2, kT + 6 * kMin}}));
  EXPECT_EQ(by["listed"], (Fires{{2, kT + 4 * kMin}, {2, kT + 6 * kMin}}));
}

TEST_F(RuleConditions, DurationAndLocalHour) {
  Start(R"(
rule long on calls where duration_s >= 120 emit x end
rule office_hours on visits where hour >= 9 and hour < 18 emit x end
)");
  ingest::Record short_call = Call(kT, 1, "13900000001", "HOME1");
  short_call.duration_s = 119;
  ingest::Record long_call = Call(kT + kMin, 1, "13900000001", "HOME1");
  long_call.duration_s = 120;
  Run({short_call, long_call, Visit(kDay0 + 8 * kHour + 59 * kMin, 2, Channel::kApp, "a"),
       Visit(kDay0 + 9 * kHour, 2, Channel::kApp, "a"),
       Visit(kDay0 + 17 * kHour + 59 * kMin, 2, Channel::kApp, "a"),
       Visit(kDay0 + 18 * kHour, 2, Channel::kApp, "a")});
  auto by = ByRule();
  EXPECT_EQ(by["long"], (Fires{{1, kT + kMin}}));
  EXPECT_EQ(by["office_hours"],
            (Fires{{2, kDay0 + 9 * kHour}, {2, kDay0 + 17 * kHour + 59 * kMin}}));
}

TEST_F(RuleConditions, DurationUnitsOnDurationSecondsAreSeconds) {
  Start("rule long on calls where duration_s >= 2m emit x end");
  ingest::Record call = Call(kT, 1, "13900000001", "HOME1");
  call.duration_s = 120;
  EXPECT_EQ(Run({call}), (Fires{{1, kT}}));
}

TEST_F(RuleConditions, WeekdayOfTheLocalDay) {
  Start(R"(
rule weekend on visits where weekday in (sat, sun) emit x end
rule monday on visits where weekday = mon emit x end
)");
  const int64_t fri_late = kDay0 + 4 * kDayMs + 23 * kHour + 59 * kMin;
  const int64_t sat = kDay0 + 5 * kDayMs;
  const int64_t sun_late = kDay0 + 6 * kDayMs + 23 * kHour + 59 * kMin;
  const int64_t next_mon = kDay0 + 7 * kDayMs;
  Run({Visit(kDay0, 1, Channel::kApp, "a"), Visit(fri_late, 1, Channel::kApp, "a"),
       Visit(sat, 1, Channel::kApp, "a"), Visit(sun_late, 1, Channel::kApp, "a"),
       Visit(next_mon, 1, Channel::kApp, "a")});
  auto by = ByRule();
  EXPECT_EQ(by["weekend"], (Fires{{1, sat}, {1, sun_late}}));
  EXPECT_EQ(by["monday"], (Fires{{1, kDay0}, {1, next_mon}}));
}

TEST_F(RuleConditions, ACallIsOutgoingForTheCallerAndIncomingForTheCallee) {
  Start(R"(
rule any on calls emit x end
rule incoming on calls where direction = "in" emit x end
rule outgoing on calls where direction = out emit x end
rule to_two on calls where other = "13800000002" emit x end
rule from_one on calls where other = 13800000001 emit x end
rule from_stranger on calls where other = "139 0000 0009" emit x end
)");
  Run({Call(kT, 1, "13800000002", "HOME1"),                // on-net: both streams
       Call(kT + kMin, 1, "13900000001", "HOME1"),         // to an off-net number
       CallFromOffNet(kT + 2 * kMin, "13900000009", 3)});  // from one
  auto by = ByRule();
  EXPECT_EQ(by["any"], (Fires{{1, kT}, {2, kT}, {1, kT + kMin}, {3, kT + 2 * kMin}}));
  EXPECT_EQ(by["incoming"], (Fires{{2, kT}, {3, kT + 2 * kMin}}));
  EXPECT_EQ(by["outgoing"], (Fires{{1, kT}, {1, kT + kMin}}));
  EXPECT_EQ(by["to_two"], (Fires{{1, kT}}));
  EXPECT_EQ(by["from_one"], (Fires{{2, kT}}));
  EXPECT_EQ(by["from_stranger"], (Fires{{3, kT + 2 * kMin}}));
}

TEST_F(RuleConditions, DirectionInIsWrittenAsABareWord) {
  ASSERT_NO_FATAL_FAILURE(Start("rule incoming on calls where direction = incoming emit x end"));
  EXPECT_EQ(Run({Call(kT, 1, "13800000002", "HOME1")}), (Fires{{2, kT}}));
}

TEST_F(RuleConditions, RoamingIsACellOfTheRoamingArea) {
  Start(R"(
rule abroad on locations where roaming emit x end
rule at_home on locations where roaming = false emit x end
rule hk on locations where area_id = "ROAM-HK" and area_type = other emit x end
rule call_abroad on calls where roaming emit x end
rule call_not_abroad on calls where not roaming emit x end
)");
  Run({Location(kT, 1, "HK1"), Location(kT + kMin, 2, "HOME1"),
       Call(kT + 2 * kMin, 1, "13800000002", "HK1")});
  auto by = ByRule();
  EXPECT_EQ(by["abroad"], (Fires{{1, kT}}));
  EXPECT_EQ(by["at_home"], (Fires{{2, kT + kMin}}));
  EXPECT_EQ(by["hk"], (Fires{{1, kT}}));
  // Only the caller's view has the cell: the callee is not roaming.
  EXPECT_EQ(by["call_abroad"], (Fires{{1, kT + 2 * kMin}}));
  EXPECT_EQ(by["call_not_abroad"], (Fires{{2, kT + 2 * kMin}}));
  EXPECT_TRUE(engine_->rules().uses_roaming());
}

TEST_F(RuleConditions, HandsetFieldsComeFromTheTac) {
  Start(R"(
rule apple on devices where brand = Apple emit x end
rule not_apple on devices where brand != Apple emit x end
rule flagship on devices where price_tier = flagship and model = "iPhone 15" emit x end
rule redmi on devices where model contains "Redmi" emit x end
rule tac on devices where tac = 86000002 emit x end
)");
  Run({Device(kT, 1, 350000011234567), Device(kT + kMin, 2, 860000021234567),
       Device(kT + 2 * kMin, 3, 123456781234567)});  // TAC 12345678: not in tac.csv
  auto by = ByRule();
  EXPECT_EQ(by["apple"], (Fires{{1, kT}}));
  EXPECT_EQ(by["not_apple"], (Fires{{2, kT + kMin}, {3, kT + 2 * kMin}}));
  EXPECT_EQ(by["flagship"], (Fires{{1, kT}}));
  EXPECT_EQ(by["redmi"], (Fires{{2, kT + kMin}}));
  EXPECT_EQ(by["tac"], (Fires{{2, kT + kMin}}));
}

TEST_F(RuleConditions, OrderFieldsComeFromTheProductsTable) {
  Start(R"(
rule roam on orders where product_category = roaming emit x end
rule data_app on orders where product_id = "DATA-5G" and action = subscribe and channel = app
  emit x end
rule unsub on orders where action = unsubscribe emit x end
)");
  Run({Order(kT, 1, "ROAM-DAY", OrderAction::kSubscribe, Channel::kWeb),
       Order(kT + kMin, 2, "DATA-5G", OrderAction::kSubscribe, Channel::kApp),
       Order(kT + 2 * kMin, 3, "DATA-5G", OrderAction::kUnsubscribe, Channel::kApp)});
  auto by = ByRule();
  EXPECT_EQ(by["roam"], (Fires{{1, kT}}));
  EXPECT_EQ(by["data_app"], (Fires{{2, kT + kMin}}));
  EXPECT_EQ(by["unsub"], (Fires{{3, kT + 2 * kMin}}));
}

TEST_F(RuleConditions, AMissingValueEqualsNothingButSatisfiesNotEqual) {
  Start(R"(
rule eq on data where app = "wechat" emit x end
rule ne on data where app != "wechat" emit x end
rule not_eq on data where not app = "wechat" emit x end
rule any on data where app matches ".*" emit x end
rule listed on data where app in ("wechat", "qq") emit x end
rule office on calls where area_type = office emit x end
rule not_office on calls where area_type != office emit x end
)");
  ingest::Record no_app = Data(kT, 1, "HOME1", "news.cn", 5);  // app: kNoString
  ingest::Record wechat = Data(kT + kMin, 1, "HOME1", "news.cn", 5);
  wechat.app = texts_.Intern("wechat");
  ingest::Record qq = Data(kT + 2 * kMin, 1, "HOME1", "news.cn", 5);
  qq.app = texts_.Intern("qq");
  // The callee of an on-net call has no cell, so no area_type.
  Run({no_app, wechat, qq, Call(kT + 3 * kMin, 1, "13800000002", "OFF1")});
  auto by = ByRule();
  EXPECT_EQ(by["eq"], (Fires{{1, kT + kMin}}));
  EXPECT_EQ(by["ne"], (Fires{{1, kT}, {1, kT + 2 * kMin}}));
  EXPECT_EQ(by["not_eq"], (Fires{{1, kT}, {1, kT + 2 * kMin}}));
  EXPECT_EQ(by["any"], (Fires{{1, kT + kMin}, {1, kT + 2 * kMin}}));
  EXPECT_EQ(by["listed"], (Fires{{1, kT + kMin}, {1, kT + 2 * kMin}}));
  EXPECT_EQ(by["office"], (Fires{{1, kT + 3 * kMin}}));
  EXPECT_EQ(by["not_office"], (Fires{{2, kT + 3 * kMin}}));
}

// Every pattern, then the same rules with `disabled`: compiled and indexed, never fired.
TEST_F(RuleConditions, DisabledRulesNeverFire) {
  const std::string rules = R"(
rule on_off DISABLED on visits emit a end
rule keyed_off DISABLED on visits where page = "x" emit b end
rule count_off DISABLED count visits >= 1 within 1h emit c end
rule absent_off DISABLED on visits and no recharges within 10m emit d end
rule seq_off DISABLED on visits then visits within 1h emit e end
rule dwell_off DISABLED dwell area_type = residential for 1m emit f end
rule change_off DISABLED change page of visits emit g end
rule first_off DISABLED first visits after 1d emit h end
rule live on visits where page = "x" emit i end
)";
  const std::vector<ingest::Record> records = {
      Visit(kT, 1, Channel::kApp, "x"), Location(kT + 2 * kMin, 1, "HOME1"),
      Location(kT + 5 * kMin, 1, "HOME1"), Visit(kT + 30 * kMin, 1, Channel::kApp, "y"),
      Location(kT + 60 * kMin, 1, "HOME1")};
  auto with = [&](const std::string& flag) {
    std::string text = rules;
    for (size_t at; (at = text.find("DISABLED")) != std::string::npos;) {
      text.replace(at, 8, flag);
    }
    return text;
  };
  Start(with(""));
  Run(records);
  std::set<std::string> fired;
  for (const auto& [id, f] : ByRule()) fired.insert(id);
  EXPECT_EQ(fired,
            (std::set<std::string>{"on_off", "keyed_off", "count_off", "absent_off", "seq_off",
                                   "dwell_off", "change_off", "first_off", "live"}));

  Start(with("disabled"));
  const RuleSet& set = engine_->rules();
  ASSERT_EQ(set.rules().size(), 9u);
  for (size_t i = 0; i < 8; ++i) EXPECT_FALSE(set.rules()[i].enabled) << set.rules()[i].id;
  EXPECT_TRUE(set.rules()[8].enabled);
  EXPECT_EQ(set.keyed(Feed::kVisits, FieldId::kPage, texts_.Find("x")),
            (std::vector<uint16_t>{1, 8}));
  Run(records);
  engine_->AdvanceWatermark(kT + 3 * kHour);
  auto by = ByRule();
  EXPECT_EQ(by.size(), 1u);
  EXPECT_EQ(by["live"], (Fires{{1, kT}}));
  EXPECT_EQ(engine_->stats().live_slots, 0u);
  EXPECT_EQ(engine_->stats().pending_timers, 0u);
}

}  // namespace
}  // namespace ripple::cep::testing
