// Each pattern of the rule language on hand-built records, with the expected triggers worked
// out by hand — including the exact window boundaries (windows are inclusive: a B exactly D
// after A is within D).
#include "engine_fixture.h"

namespace ripple::cep::testing {
namespace {

using ingest::Channel;

class EnginePatterns : public EngineFixture {};

TEST_F(EnginePatterns, OnFiltersByFieldsAndFiresPerRecord) {
  Start(R"(rule balance_web
             on visits where channel = web and page = "balance"
             emit balance_checked ttl 30m priority 40 carry page
           end)");
  const int64_t t = kDay0 + 9 * kHour;
  const Fires fired =
      Run({Visit(t, 1, Channel::kWeb, "balance"), Visit(t + kMin, 2, Channel::kApp, "balance"),
           Visit(t + 2 * kMin, 3, Channel::kWeb, "home"),
           Visit(t + 3 * kMin, 1, Channel::kWeb, "balance")});
  EXPECT_EQ(fired, (Fires{{1, t}, {1, t + 3 * kMin}}));
  ASSERT_EQ(sink_.triggers.size(), 2u);
  EXPECT_EQ(sink_.triggers[0].expires_ms, t + 30 * kMin);
  const std::string json = TriggerJson(sink_.triggers[0], engine_->rules(), *context_, "s1");
  EXPECT_NE(json.find(R"("rule":"balance_web","trigger":"balance_checked","priority":40)"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("attributes":{"page":"balance"})"), std::string::npos) << json;
}

TEST_F(EnginePatterns, SequenceWithinWindowIsInclusiveAtTheBoundary) {
  Start(R"(rule handset_then_shop
             on data where category = handset then visits where channel = app and page = "shop" within 1h
             emit handset_shopper
           end)");
  const int64_t t = kDay0 + 10 * kHour;
  const Fires fired = Run({
      Data(t, 1, "HOME1", "www.phonearena.com", 1000),  // 1: A
      Visit(t + kHour, 1, Channel::kApp, "shop"),       // 1: B exactly 1h later: fires
      Data(t, 2, "HOME1", "www.phonearena.com", 1000),  // 2: A
      Visit(t + kHour + 1, 2, Channel::kApp, "shop"),   // 2: 1 ms too late
      Visit(t, 3, Channel::kApp, "shop"),               // 3: B before A: nothing
      Data(t + kMin, 3, "HOME1", "www.phonearena.com", 1000),
  });
  EXPECT_EQ(fired, (Fires{{1, t + kHour}}));
}

TEST_F(EnginePatterns, SequenceKeepsTheLatestStartAndConsumesTheMatch) {
  Start(R"(rule seq on data where category = handset then visits where page = "shop" within 30m
           emit s end)");
  const int64_t t = kDay0 + 10 * kHour;
  // A at t and t+20m, B at t+45m: only the second A is within 30m; after firing, a second B at
  // t+46m has no partial match left.
  const Fires fired = Run({Data(t, 1, "HOME1", "phonearena.com", 1),
                           Data(t + 20 * kMin, 1, "HOME1", "phonearena.com", 1),
                           Visit(t + 45 * kMin, 1, Channel::kApp, "shop"),
                           Visit(t + 46 * kMin, 1, Channel::kApp, "shop")});
  EXPECT_EQ(fired, (Fires{{1, t + 45 * kMin}}));
  EXPECT_EQ(engine_->stats().live_slots, 0u);
}

TEST_F(EnginePatterns, ThreeStepSequence) {
  Start(R"(rule three on visits where page = "plans" then visits where page = "shop"
             then orders within 1h emit t end)");
  const int64_t t = kDay0 + 10 * kHour;
  ingest::Record order = Base(Feed::kOrders, t + 50 * kMin, 1);
  order.product = reference_->FindProduct("DATA-5G");
  order.action = ingest::OrderAction::kSubscribe;
  ingest::Record late_order = order;
  late_order.from = Base(Feed::kOrders, 0, 2).from;
  late_order.from_sub = Sub(2);
  late_order.ts_ms = t + 61 * kMin;  // 2: the whole sequence must fit in 1h from step 1
  const Fires fired =
      Run({Visit(t, 1, Channel::kApp, "plans"), Visit(t + 10 * kMin, 1, Channel::kApp, "shop"),
           Visit(t, 2, Channel::kApp, "plans"), Visit(t + 10 * kMin, 2, Channel::kApp, "shop"),
           order, late_order});
  EXPECT_EQ(fired, (Fires{{1, t + 50 * kMin}}));
}

TEST_F(EnginePatterns, AbsenceFiresAtTheDeadlineWhenTheWatermarkPassesIt) {
  Start(R"(rule balance_no_recharge
             on visits where page = "balance" and no recharges within 30m
             emit no_recharge carry page
           end)",
        EngineOptions{.out_of_order_bound_ms = 0});
  const int64_t t = kDay0 + 12 * kHour;
  engine_->Push(Visit(t, 1, Channel::kWeb, "balance"));
  engine_->Push(Visit(t, 2, Channel::kWeb, "balance"));
  engine_->Push(Visit(t, 3, Channel::kWeb, "balance"));
  engine_->Push(Recharge(t + 30 * kMin, 2, 5000));  // exactly at the deadline: closes it
  EXPECT_TRUE(Fired().empty());
  engine_->Push(Recharge(t + 30 * kMin + 1, 3, 5000));  // 1 ms late: 3 fires at the deadline
  // Subscriber 1 fired when the watermark passed t + 30m (the record at +30m+1 moved it).
  EXPECT_EQ(Fired(), (Fires{{1, t + 30 * kMin}, {3, t + 30 * kMin}}));
  ASSERT_EQ(sink_.triggers.size(), 2u);
  const std::string json = TriggerJson(sink_.triggers[0], engine_->rules(), *context_, "x");
  EXPECT_NE(json.find(R"("page":"balance")"), std::string::npos) << json;
}

TEST_F(EnginePatterns, AbsenceTimesOutOnAnIdleClockWithoutAnyLaterRecord) {
  Start(R"(rule r on visits where page = "balance" and no recharges within 30m emit x end)",
        EngineOptions{.out_of_order_bound_ms = 5 * kMin});
  const int64_t t = kDay0 + 12 * kHour;
  engine_->Push(Visit(t, 1, Channel::kWeb, "balance"));
  engine_->AdvanceWatermark(t + 30 * kMin);  // the deadline itself: a recharge may still come
  EXPECT_TRUE(Fired().empty());
  engine_->AdvanceWatermark(t + 30 * kMin + 1);
  EXPECT_EQ(Fired(), (Fires{{1, t + 30 * kMin}}));
}

TEST_F(EnginePatterns, CountWithinWindowExactBoundary) {
  Start(R"(rule burst count calls where direction = out >= 3 within 10m emit burst end)");
  const int64_t t = kDay0 + 15 * kHour;
  const Fires fired = Run({
      Call(t, 1, "13900000001", "HOME1"), Call(t + 5 * kMin, 1, "13900000002", "HOME1"),
      Call(t + 10 * kMin, 1, "13900000003", "HOME1"),  // 3rd exactly 10m after the 1st: fires
      Call(t, 2, "13900000001", "HOME1"), Call(t + 5 * kMin, 2, "13900000002", "HOME1"),
      Call(t + 10 * kMin + 1, 2, "13900000003", "HOME1"),  // 1 ms outside: not yet
      Call(t + 11 * kMin, 2, "13900000004", "HOME1"),      // last 3 within 6m+: fires
  });
  EXPECT_EQ(fired, (Fires{{1, t + 10 * kMin}, {2, t + 11 * kMin}}));
}

TEST_F(EnginePatterns, CountOfNewContactsIgnoresNumbersCalledBefore) {
  Start(R"(rule new_numbers count calls where direction = out and new_contact >= 2 within 1h
           emit new_number_burst end)");
  const int64_t t = kDay0 + 15 * kHour;
  const Fires fired =
      Run({Call(t, 1, "13900000001", "HOME1"), Call(t + kMin, 1, "13900000001", "HOME1"),
           Call(t + 2 * kMin, 1, "13900000002", "HOME1")});
  // The second call to ...001 is not new; ...002 is the second new number.
  EXPECT_EQ(fired, (Fires{{1, t + 2 * kMin}}));
}

TEST_F(EnginePatterns, SumTodayFiresOnceWhenCrossingAndResetsNextDay) {
  Start(R"(rule data_today sum bytes of data >= 100MB today emit heavy_user end)");
  const int64_t t = kDay0 + 8 * kHour;
  const uint64_t mb = 1 << 20;
  const Fires fired = Run({
      Data(t, 1, "HOME1", "news.cn", 60 * mb), Data(t + kHour, 1, "HOME1", "news.cn", 39 * mb),
      Data(t + 2 * kHour, 1, "HOME1", "news.cn", 1 * mb),            // 100 MB: fires
      Data(t + 3 * kHour, 1, "HOME1", "news.cn", 50 * mb),           // same day: not again
      Data(kDay0 + 24 * kHour + 1, 1, "HOME1", "news.cn", 99 * mb),  // next local day: 99 MB
  });
  EXPECT_EQ(fired, (Fires{{1, t + 2 * kHour}}));
}

TEST_F(EnginePatterns, SumWithinSlidingWindow) {
  Start(R"(rule r sum amount of recharges > 100 within 1h emit big_recharger end)");
  const int64_t t = kDay0 + 8 * kHour;
  // 60 + 50 within 30 min: 110 > 100 fires; 3 hours later 60 alone does not.
  const Fires fired = Run(
      {Recharge(t, 1, 6000), Recharge(t + 30 * kMin, 1, 5000), Recharge(t + 3 * kHour, 1, 6000)});
  EXPECT_EQ(fired, (Fires{{1, t + 30 * kMin}}));
}

TEST_F(EnginePatterns, DwellAtTheAirportWithDataMeanwhile) {
  Start(R"(rule airport dwell area_type = airport for 10m meanwhile data
           emit at_airport ttl 3h carry area_id end)");
  const int64_t t = kDay0 + 7 * kHour;
  const Fires fired = Run({
      // 1: arrives, uses data, still there 10 min after arriving: fires at +10m.
      Location(t, 1, "AIR1"),
      Data(t + 4 * kMin, 1, "AIR2", "ctrip.com", 1000),
      Location(t + 10 * kMin, 1, "AIR1"),
      Location(t + 40 * kMin, 1, "AIR2"),
      // 2: passes through in 8 minutes, with data: nothing.
      Location(t, 2, "AIR1"),
      Data(t + 3 * kMin, 2, "AIR1", "news.cn", 10),
      Location(t + 8 * kMin, 2, "AIR2"),
      Location(t + 12 * kMin, 2, "HOME1"),
      Location(t + 30 * kMin, 2, "AIR1"),  // back later: a new stay starts at +30m
      // 3: stays 20 minutes without using data: nothing.
      Location(t, 3, "AIR1"),
      Location(t + 20 * kMin, 3, "AIR1"),
  });
  EXPECT_EQ(fired, (Fires{{1, t + 10 * kMin}}));
  const std::string json = TriggerJson(sink_.triggers.at(0), engine_->rules(), *context_, "x");
  EXPECT_NE(json.find(R"("area_id":"A-AIR")"), std::string::npos) << json;
}

TEST_F(EnginePatterns, ChangeOfHandsetComparesWithThePreviousDevice) {
  Start(R"(rule new_handset change tac of devices emit handset_changed carry brand, model end)");
  const int64_t t = kDay0;
  const Fires fired =
      Run({Device(t, 1, 350000011234567), Device(t + kHour, 1, 350000019999999),  // same TAC
           Device(t + 2 * kHour, 1, 860000021234567)});                           // Apple -> Xiaomi
  EXPECT_EQ(fired, (Fires{{1, t + 2 * kHour}}));
  const std::string json = TriggerJson(sink_.triggers.at(0), engine_->rules(), *context_, "x");
  EXPECT_NE(json.find(R"("brand":"Xiaomi","model":"Redmi 12")"), std::string::npos) << json;
}

TEST_F(EnginePatterns, FirstRoamingRecordAfterAQuietWeek) {
  Start(R"(rule roaming first locations where roaming after 7d emit roaming_started end)");
  const int64_t t = kDay0;
  const Fires fired = Run({Location(t, 1, "HOME1"), Location(t + kHour, 1, "HK1"),
                           Location(t + 2 * kHour, 1, "HK1"),
                           Location(t + 9 * 24 * kHour, 1, "HK1")});  // more than 7 days later
  EXPECT_EQ(fired, (Fires{{1, t + kHour}, {1, t + 9 * 24 * kHour}}));
}

}  // namespace
}  // namespace ripple::cep::testing
