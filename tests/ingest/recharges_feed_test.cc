// recharges.csv against the data contract.
#include "ingest/ingest_fixture.h"

namespace ripple::ingest::testing {
namespace {

std::string Recharge(const std::string& ts, const std::string& msisdn, const std::string& amount) {
  return ts + "," + msisdn + "," + amount;
}

TEST(RechargesFeed, EveryLineEndsWhereTheContractSays) {
  const std::string t0 = Ms(kT0), t1 = Ms(kT0 + 5 * kMinute);
  using R = Reason;
  const std::vector<FeedCase> cases = {
      {Recharge(t0, kSub1, "50"), R::kAccepted},
      {Recharge(Iso(kT0 + kMinute), "+8613800138002", "0.01"), R::kAccepted},
      {Recharge(Ms(kT0 + 2 * kMinute), kSub3, "100000"), R::kAccepted},
      {Recharge(Ms(kT0 + 3 * kMinute), kSub4, "12.5"), R::kAccepted},
      // wrong_field_count
      {t1 + "," + kSub1, R::kWrongFieldCount},
      {Recharge(t1, kSub1, "1,000"), R::kWrongFieldCount},
      // missing_field
      {Recharge("", kSub1, "50"), R::kMissingField},
      {Recharge(t1, "", "50"), R::kMissingField},
      {Recharge(t1, kSub1, ""), R::kMissingField},
      // bad_timestamp / timestamp_out_of_range
      {Recharge("2026-11-01T08:00:00GMT", kSub1, "50"), R::kBadTimestamp},
      {Recharge("946684799999", kSub1, "50"), R::kTimestampOutOfRange},
      {Recharge(Ms(kMaxTs + 1), kSub1, "50"), R::kTimestampOutOfRange},
      // bad_number / unknown_subscriber
      {Recharge(t1, "138 0013 800O", "50"), R::kBadNumber},
      {Recharge(t1, kLandline, "50"), R::kUnknownSubscriber},
      // bad_amount: zero, negative, too large, exponent, three decimals, letters, bare dot, sign
      {Recharge(t1, kSub1, "0"), R::kBadAmount},
      {Recharge(t1, kSub1, "0.00"), R::kBadAmount},
      {Recharge(t1, kSub1, "-5"), R::kBadAmount},
      {Recharge(t1, kSub1, "100000.01"), R::kBadAmount},
      {Recharge(t1, kSub1, "1e3"), R::kBadAmount},
      {Recharge(t1, kSub1, "12.345"), R::kBadAmount},
      {Recharge(t1, kSub1, "fifty"), R::kBadAmount},
      {Recharge(t1, kSub1, ".5"), R::kBadAmount},
      {Recharge(t1, kSub1, "5."), R::kBadAmount},
      {Recharge(t1, kSub1, "+5"), R::kBadAmount},
      {Recharge(t1, kSub1, "99999999999999999999"), R::kBadAmount},
      // duplicate: exact copy; ISO ts; the same amount written 50.00
      {Recharge(t0, kSub1, "50"), R::kDuplicate},
      {Recharge(Iso(kT0), kSub1, "50"), R::kDuplicate},
      {Recharge(t0, kSub1, "50.00"), R::kDuplicate},
  };
  IngestHarness h;
  std::vector<Record> records = ExpectFeedOutcomes(h, Feed::kRecharges, kRechargesHeader, cases);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].amount_cents, 5000);
  EXPECT_EQ(records[1].amount_cents, 1);
  EXPECT_EQ(records[2].amount_cents, 10000000);
  EXPECT_EQ(records[3].amount_cents, 1250);
}

}  // namespace
}  // namespace ripple::ingest::testing
