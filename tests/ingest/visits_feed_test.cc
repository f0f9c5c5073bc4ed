// visits.csv against the data contract.
#include "ingest/ingest_fixture.h"

namespace ripple::ingest::testing {
namespace {

std::string Visit(const std::string& ts, const std::string& msisdn, const std::string& channel,
                  const std::string& page) {
  return ts + "," + msisdn + "," + channel + "," + page;
}

TEST(VisitsFeed, EveryLineEndsWhereTheContractSays) {
  const std::string t0 = Ms(kT0), t1 = Ms(kT0 + 5 * kMinute);
  using R = Reason;
  const std::vector<FeedCase> cases = {
      {Visit(t0, kSub1, "app", "/home"), R::kAccepted},
      {Visit(Iso(kT0 + kMinute), "+8613800138002", "web", "/plans/5g?from=banner"), R::kAccepted},
      {Visit(Ms(kT0 + 2 * kMinute), kSub3, "app", "cancel_flow/step2"), R::kAccepted},
      // wrong_field_count
      {t1 + "," + kSub1 + ",app", R::kWrongFieldCount},
      {Visit(t1, kSub1, "app", "/a,/b"), R::kWrongFieldCount},
      // missing_field
      {Visit("", kSub1, "app", "/home"), R::kMissingField},
      {Visit(t1, "", "app", "/home"), R::kMissingField},
      {Visit(t1, kSub1, "", "/home"), R::kMissingField},
      {Visit(t1, kSub1, "app", ""), R::kMissingField},
      // bad_timestamp / timestamp_out_of_range
      {Visit("Sun, 01 Nov 2026 08:00:00 +0800", kSub1, "app", "/home"), R::kWrongFieldCount},
      {Visit("2026-11-01T08:00:00 +08:00", kSub1, "app", "/home"), R::kBadTimestamp},
      {Visit("2026-11-01t08:00:00+08:00", kSub1, "app", "/home"), R::kBadTimestamp},
      {Visit("946684799999", kSub1, "app", "/home"), R::kTimestampOutOfRange},
      {Visit(Ms(kMaxTs + 1), kSub1, "app", "/home"), R::kTimestampOutOfRange},
      // bad_number / unknown_subscriber
      {Visit(t1, "guest", "app", "/home"), R::kBadNumber},
      {Visit(t1, kOffNet, "app", "/home"), R::kUnknownSubscriber},
      // bad_value: channels of orders are not channels of visits; case matters
      {Visit(t1, kSub1, "shop", "/home"), R::kBadValue},
      {Visit(t1, kSub1, "sms", "/home"), R::kBadValue},
      {Visit(t1, kSub1, "Web", "/home"), R::kBadValue},
      // duplicate
      {Visit(t0, kSub1, "app", "/home"), R::kDuplicate},
      {Visit(Iso(kT0, 60), kSub1, "app", "/home"), R::kDuplicate},
      // Another page at the same instant is another event.
      {Visit(t0, kSub1, "app", "/home2"), R::kAccepted},
  };
  IngestHarness h;
  std::vector<Record> records = ExpectFeedOutcomes(h, Feed::kVisits, kVisitsHeader, cases);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].channel, Channel::kApp);
  EXPECT_EQ(h.strings().Text(records[0].page), "/home");
  EXPECT_EQ(records[1].channel, Channel::kWeb);
  EXPECT_EQ(h.strings().Text(records[1].page), "/plans/5g?from=banner");
  EXPECT_EQ(h.strings().Text(records[3].page), "/home2");
}

// The contract's only rule for `page` is "non-empty": a quoted page holding a comma or a space
// is a valid CSV field and a non-empty page.
TEST(VisitsFeed, AcceptsAnyNonEmptyPageAsTheContractSays) {
  IngestHarness h;
  std::string path = h.WriteData(
      "visits.csv",
      CsvText(kVisitsHeader, {Visit(Ms(kT0), kSub1, "web", "\"/search?q=a,b\""),
                              Visit(Ms(kT0 + 1), kSub1, "app", "\"Plans and offers\"")}));
  std::vector<Record> records = h.RunAll(path, Feed::kVisits);
  for (const DeadLetterRow& row : h.DeadLetterRows("visits")) {
    ADD_FAILURE() << "line " << row.line << " rejected as " << row.reason << ": " << row.raw;
  }
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(h.strings().Text(records[0].page), "/search?q=a,b");
  EXPECT_EQ(h.strings().Text(records[1].page), "Plans and offers");
}

}  // namespace
}  // namespace ripple::ingest::testing
