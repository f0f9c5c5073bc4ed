// orders.csv against the data contract.
#include "ingest/ingest_fixture.h"

namespace ripple::ingest::testing {
namespace {

std::string Order(const std::string& ts, const std::string& msisdn, const std::string& product,
                  const std::string& action, const std::string& channel) {
  return ts + "," + msisdn + "," + product + "," + action + "," + channel;
}

TEST(OrdersFeed, EveryLineEndsWhereTheContractSays) {
  const std::string t0 = Ms(kT0), t1 = Ms(kT0 + 5 * kMinute);
  using R = Reason;
  const std::vector<FeedCase> cases = {
      {Order(t0, kSub1, "P1", "subscribe", "app"), R::kAccepted},
      {Order(Iso(kT0 + kMinute), kSub2, "P2", "unsubscribe", "web"), R::kAccepted},
      {Order(Ms(kT0 + 2 * kMinute), "+8613800138003", "P3", "subscribe", "sms"), R::kAccepted},
      {Order(Ms(kT0 + 3 * kMinute), kSub4, "P1", "subscribe", "outbound"), R::kAccepted},
      {Order(Ms(kT0 + 4 * kMinute), kSub5, "P2", "subscribe", "shop"), R::kAccepted},
      // wrong_field_count
      {Order(t1, kSub1, "P1", "subscribe", "app").substr(0, 30), R::kWrongFieldCount},
      {Order(t1, kSub1, "P1", "subscribe", "app,web"), R::kWrongFieldCount},
      // missing_field, each required field
      {Order("", kSub1, "P1", "subscribe", "app"), R::kMissingField},
      {Order(t1, "", "P1", "subscribe", "app"), R::kMissingField},
      {Order(t1, kSub1, "", "subscribe", "app"), R::kMissingField},
      {Order(t1, kSub1, "P1", "", "app"), R::kMissingField},
      {Order(t1, kSub1, "P1", "subscribe", ""), R::kMissingField},
      // bad_timestamp / timestamp_out_of_range
      {Order("2026-11-01", kSub1, "P1", "subscribe", "app"), R::kBadTimestamp},
      {Order("2026-11-01T08:00:00.+08:00", kSub1, "P1", "subscribe", "app"), R::kBadTimestamp},
      {Order("946684799999", kSub1, "P1", "subscribe", "app"), R::kTimestampOutOfRange},
      {Order(Ms(kMaxTs + 1), kSub1, "P1", "subscribe", "app"), R::kTimestampOutOfRange},
      // bad_number / unknown_subscriber
      {Order(t1, "13800138001#", "P1", "subscribe", "app"), R::kBadNumber},
      {Order(t1, kOffNet, "P1", "subscribe", "app"), R::kUnknownSubscriber},
      // unknown_product; it comes before a bad action
      {Order(t1, kSub1, "P9", "subscribe", "app"), R::kUnknownProduct},
      {Order(t1, kSub1, "p1", "buy", "fax"), R::kUnknownProduct},
      // bad_value: action and channel outside their vocabularies
      {Order(t1, kSub1, "P1", "buy", "app"), R::kBadValue},
      {Order(t1, kSub1, "P1", "Subscribe", "app"), R::kBadValue},
      {Order(t1, kSub1, "P1", "subscribe", "fax"), R::kBadValue},
      {Order(t1, kSub1, "P1", "subscribe", "APP"), R::kBadValue},
      // duplicate
      {Order(t0, kSub1, "P1", "subscribe", "app"), R::kDuplicate},
      {Order(Iso(kT0), kSub1, "P1", "subscribe", "app"), R::kDuplicate},
      // The same instant with the other action is another event.
      {Order(t0, kSub1, "P1", "unsubscribe", "app"), R::kAccepted},
  };
  IngestHarness h;
  std::vector<Record> records = ExpectFeedOutcomes(h, Feed::kOrders, kOrdersHeader, cases);
  ASSERT_EQ(records.size(), 6u);
  const ReferenceData& ref = h.reference();
  EXPECT_EQ(records[0].product, ref.FindProduct("P1"));
  EXPECT_EQ(records[0].action, OrderAction::kSubscribe);
  EXPECT_EQ(records[0].channel, Channel::kApp);
  EXPECT_EQ(records[1].action, OrderAction::kUnsubscribe);
  EXPECT_EQ(records[1].channel, Channel::kWeb);
  EXPECT_EQ(records[2].from_sub, 2u);
  EXPECT_EQ(records[2].channel, Channel::kSms);
  EXPECT_EQ(records[3].channel, Channel::kOutbound);
  EXPECT_EQ(records[4].channel, Channel::kShop);
  EXPECT_EQ(records[5].action, OrderAction::kUnsubscribe);
}

// Without products.csv the reference load succeeds and every order is unknown_product.
TEST(OrdersFeed, RejectsEveryProductWhenProductsTableIsAbsent) {
  IngestHarness h(SourceOptions{}, /*with_optional_tables=*/false);
  std::string path = h.WriteData(
      "orders.csv", CsvText(kOrdersHeader, {Order(Ms(kT0), kSub1, "P1", "subscribe", "app"),
                                            Order(Ms(kT0), kSub2, "P2", "subscribe", "web")}));
  EXPECT_TRUE(h.RunAll(path, Feed::kOrders).empty());
  EXPECT_EQ(h.counts(Feed::kOrders).by_reason[static_cast<int>(Reason::kUnknownProduct)], 2u);
}

}  // namespace
}  // namespace ripple::ingest::testing
