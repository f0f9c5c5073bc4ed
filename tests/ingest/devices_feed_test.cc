// devices.csv against the data contract.
#include "ingest/ingest_fixture.h"

namespace ripple::ingest::testing {
namespace {

std::string Device(const std::string& ts, const std::string& msisdn, const std::string& imei) {
  return ts + "," + msisdn + "," + imei;
}

TEST(DevicesFeed, EveryLineEndsWhereTheContractSays) {
  const std::string t0 = Ms(kT0), t1 = Ms(kT0 + 5 * kMinute);
  using R = Reason;
  const std::vector<FeedCase> cases = {
      {Device(t0, kSub1, kImeiApple), R::kAccepted},
      {Device(Iso(kT0 + kMinute), "+8613800138002", kImeiHuawei), R::kAccepted},
      {Device(Ms(kT0 + 2 * kMinute), kSub3, "3520990017614812"), R::kAccepted},  // IMEISV
      {Device(Ms(kT0 + 3 * kMinute), kSub4, kImeiUnknownTac), R::kAccepted},
      // wrong_field_count
      {t1 + "," + kSub1, R::kWrongFieldCount},
      {Device(t1, kSub1, kImeiApple) + ",Apple", R::kWrongFieldCount},
      // missing_field
      {Device("", kSub1, kImeiApple), R::kMissingField},
      {Device(t1, "", kImeiApple), R::kMissingField},
      {Device(t1, kSub1, ""), R::kMissingField},
      // bad_timestamp / timestamp_out_of_range
      {Device("T0", kSub1, kImeiApple), R::kBadTimestamp},
      {Device("2025-02-29T08:00:00+08:00", kSub1, kImeiApple), R::kBadTimestamp},
      {Device("946684799999", kSub1, kImeiApple), R::kTimestampOutOfRange},
      {Device(Ms(kMaxTs + 1), kSub1, kImeiApple), R::kTimestampOutOfRange},
      // bad_number / unknown_subscriber; they come before a bad IMEI
      {Device(t1, "abc", "123"), R::kBadNumber},
      {Device(t1, kOffNet, kImeiApple), R::kUnknownSubscriber},
      // bad_imei: Luhn, 14 digits, 17 digits, letters, separators
      {Device(t1, kSub1, "490154203237519"), R::kBadImei},
      {Device(t1, kSub1, "49015420323751"), R::kBadImei},
      {Device(t1, kSub1, "49015420323751800"), R::kBadImei},
      {Device(t1, kSub1, "49015420323751A"), R::kBadImei},
      {Device(t1, kSub1, "49-015420-323751-8"), R::kBadImei},
      // duplicate
      {Device(t0, kSub1, kImeiApple), R::kDuplicate},
      {Device(Iso(kT0, 0), kSub1, kImeiApple), R::kDuplicate},
  };
  IngestHarness h;
  std::vector<Record> records = ExpectFeedOutcomes(h, Feed::kDevices, kDevicesHeader, cases);
  ASSERT_EQ(records.size(), 4u);
  const ReferenceData& ref = h.reference();
  EXPECT_EQ(records[0].imei, 490154203237518u);
  EXPECT_EQ(records[0].imei_digits, 15);
  EXPECT_EQ(records[0].Tac(), 49015420u);
  ASSERT_NE(ref.FindHandset(records[0].Tac()), nullptr);
  EXPECT_EQ(ref.FindHandset(records[0].Tac())->brand, "Apple");
  EXPECT_EQ(records[2].imei_digits, 16);
  EXPECT_EQ(records[2].Tac(), 35209900u);
  EXPECT_EQ(ref.FindHandset(records[3].Tac()), nullptr) << "unknown TACs are kept";
}

}  // namespace
}  // namespace ripple::ingest::testing
