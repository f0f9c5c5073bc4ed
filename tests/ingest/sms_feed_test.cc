// sms.csv against the data contract.
#include "ingest/ingest_fixture.h"

namespace ripple::ingest::testing {
namespace {

std::string Sms(const std::string& ts, const std::string& from, const std::string& to,
                const std::string& cell) {
  return ts + "," + from + "," + to + "," + cell;
}

TEST(SmsFeed, EveryLineEndsWhereTheContractSays) {
  const std::string t0 = Ms(kT0), t1 = Ms(kT0 + 5 * kMinute);
  using R = Reason;
  const std::vector<FeedCase> cases = {
      {Sms(t0, kSub1, kSub2, "C001"), R::kAccepted},
      {Sms(Iso(kT0 + kMinute), "+8613800138002", kOffNet, ""), R::kAccepted},
      {Sms(Ms(kT0 + 2 * kMinute), "95588", kSub3, "C002"), R::kAccepted},
      {Sms("2026-11-01T08:03:00.5+08:00", "1069 0000 1234", "0086-138-0013-8004", ""),
       R::kAccepted},
      // wrong_field_count
      {t1 + "," + kSub1 + "," + kSub2, R::kWrongFieldCount},
      {Sms(t1, kSub1, kSub2, "C001") + ",,", R::kWrongFieldCount},
      // missing_field
      {Sms("", kSub1, kSub2, "C001"), R::kMissingField},
      {Sms(t1, "", kSub2, "C001"), R::kMissingField},
      {Sms(t1, kSub1, "", "C001"), R::kMissingField},
      // bad_timestamp
      {Sms("2026/11/01 08:00:00", kSub1, kSub2, "C001"), R::kBadTimestamp},
      {Sms("2026-11-01T08:00:00+8", kSub1, kSub2, "C001"), R::kBadTimestamp},
      {Sms("2026-13-01T08:00:00+08:00", kSub1, kSub2, "C001"), R::kBadTimestamp},
      {Sms("1.7934912e12", kSub1, kSub2, "C001"), R::kBadTimestamp},
      // timestamp_out_of_range
      {Sms("0", kSub1, kSub2, "C001"), R::kTimestampOutOfRange},
      {Sms(Iso(kMaxTs + kMinute), kSub1, kSub2, "C001"), R::kTimestampOutOfRange},
      // bad_number
      {Sms(t1, "ICBC", kSub2, "C001"), R::kBadNumber},
      {Sms(t1, kSub1, "+", "C001"), R::kBadNumber},
      // no_subscriber_party
      {Sms(t1, "95588", kOffNet, "C001"), R::kNoSubscriberParty},
      // unknown_cell
      {Sms(t1, kSub1, kSub2, "CELL-1"), R::kUnknownCell},
      // duplicate
      {Sms(t0, kSub1, kSub2, "C001"), R::kDuplicate},
      {Sms("2026-11-01T00:00:00+0000", kSub1, kSub2, "C001"), R::kDuplicate},
  };
  IngestHarness h;
  std::vector<Record> records = ExpectFeedOutcomes(h, Feed::kSms, kSmsHeader, cases);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[1].from_sub, 1u);
  EXPECT_EQ(records[1].to_sub, kNoSubscriber);
  EXPECT_EQ(records[1].cell, kNoCell);
  EXPECT_EQ(records[2].from, ParsePhoneNumber("95588"));
  EXPECT_EQ(records[2].from_sub, kNoSubscriber);
  EXPECT_EQ(records[3].ts_ms, kT0 + 3 * kMinute + 500);
  EXPECT_EQ(records[3].to_sub, 3u);
}

}  // namespace
}  // namespace ripple::ingest::testing
