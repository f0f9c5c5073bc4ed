// data.csv against the data contract.
#include "ingest/ingest_fixture.h"

namespace ripple::ingest::testing {
namespace {

std::string Data(const std::string& ts, const std::string& msisdn, const std::string& host,
                 const std::string& app, const std::string& up, const std::string& down,
                 const std::string& duration, const std::string& cell) {
  return ts + "," + msisdn + "," + host + "," + app + "," + up + "," + down + "," + duration + "," +
         cell;
}

TEST(DataFeed, EveryLineEndsWhereTheContractSays) {
  const std::string t0 = Ms(kT0), t1 = Ms(kT0 + 5 * kMinute);
  const std::string host = "v.qq.com";
  using R = Reason;
  const std::vector<FeedCase> cases = {
      {Data(t0, kSub1, host, "TencentVideo", "1200", "880000", "35", "C001"), R::kAccepted},
      {Data(Iso(kT0 + kMinute), "+8613800138002", "weixin.qq.com", "", "0", "0", "0", ""),
       R::kAccepted},
      {Data(Ms(kT0 + 2 * kMinute), kSub3, "api.example.cn", "", "1000000000000", "1000000000000",
            "86400", "C004"),
       R::kAccepted},
      // wrong_field_count
      {Data(t1, kSub1, host, "", "1", "2", "3", "C001").substr(0, 40), R::kWrongFieldCount},
      {Data(t1, kSub1, host, "", "1", "2", "3", "C001") + ",x", R::kWrongFieldCount},
      // missing_field for each required field (app and cell_id are optional)
      {Data("", kSub1, host, "", "1", "2", "3", "C001"), R::kMissingField},
      {Data(t1, "", host, "", "1", "2", "3", "C001"), R::kMissingField},
      {Data(t1, kSub1, "", "", "1", "2", "3", "C001"), R::kMissingField},
      {Data(t1, kSub1, host, "", "", "2", "3", "C001"), R::kMissingField},
      {Data(t1, kSub1, host, "", "1", "", "3", "C001"), R::kMissingField},
      {Data(t1, kSub1, host, "", "1", "2", "", "C001"), R::kMissingField},
      // bad_timestamp / timestamp_out_of_range
      {Data("2026-11-01 08:00", kSub1, host, "", "1", "2", "3", "C001"), R::kBadTimestamp},
      {Data("2026-11-01T08:00:00+08:00:00", kSub1, host, "", "1", "2", "3", "C001"),
       R::kBadTimestamp},
      {Data("946684799999", kSub1, host, "", "1", "2", "3", "C001"), R::kTimestampOutOfRange},
      {Data(Ms(kMaxTs + 1), kSub1, host, "", "1", "2", "3", "C001"), R::kTimestampOutOfRange},
      // bad_number, unknown_subscriber (bad number comes first)
      {Data(t1, "138-0013-800x", host, "", "1", "2", "3", "C001"), R::kBadNumber},
      {Data(t1, kOffNet, host, "", "1", "2", "3", "C001"), R::kUnknownSubscriber},
      {Data(t1, kLandline, "bad host", "", "-1", "2", "3", "C999"), R::kUnknownSubscriber},
      // bad_integer: bytes and duration, negative, decimal, letters, too large
      {Data(t1, kSub1, host, "", "-1", "2", "3", "C001"), R::kBadInteger},
      {Data(t1, kSub1, host, "", "1", "2.0", "3", "C001"), R::kBadInteger},
      {Data(t1, kSub1, host, "", "1", "2", "three", "C001"), R::kBadInteger},
      {Data(t1, kSub1, host, "", "1000000000001", "2", "3", "C001"), R::kBadInteger},
      {Data(t1, kSub1, host, "", "1", "1e6", "3", "C001"), R::kBadInteger},
      {Data(t1, kSub1, host, "", "1", "2", "86401", "C001"), R::kBadInteger},
      // unknown_cell; it comes before a bad host
      {Data(t1, kSub1, host, "", "1", "2", "3", "C404"), R::kUnknownCell},
      {Data(t1, kSub1, "bad host", "", "1", "2", "3", "C404"), R::kUnknownCell},
      // bad_value: host with a space, too long
      {Data(t1, kSub1, "v.qq .com", "", "1", "2", "3", "C001"), R::kBadValue},
      {Data(t1, kSub1, std::string(254, 'a'), "", "1", "2", "3", "C001"), R::kBadValue},
      // duplicate: exact copy, and ts written as ISO
      {Data(t0, kSub1, host, "TencentVideo", "1200", "880000", "35", "C001"), R::kDuplicate},
      {Data(Iso(kT0), kSub1, host, "TencentVideo", "1200", "880000", "35", "C001"), R::kDuplicate},
      // Same instant but another app: a different event.
      {Data(t0, kSub1, host, "QQ", "1200", "880000", "35", "C001"), R::kAccepted},
      // A host of exactly 253 characters is fine.
      {Data(t1, kSub1, std::string(253, 'h'), "", "1", "2", "3", ""), R::kAccepted},
  };
  IngestHarness h;
  std::vector<Record> records = ExpectFeedOutcomes(h, Feed::kData, kDataHeader, cases);
  ASSERT_EQ(records.size(), 5u);
  const StringTable& s = h.strings();
  EXPECT_EQ(records[0].from_sub, 0u);
  EXPECT_EQ(s.Text(records[0].host), "v.qq.com");
  EXPECT_EQ(s.Text(records[0].app), "TencentVideo");
  EXPECT_EQ(records[0].bytes_up, 1200u);
  EXPECT_EQ(records[0].bytes_down, 880000u);
  EXPECT_EQ(records[0].duration_s, 35u);
  EXPECT_EQ(records[1].app, kNoString);
  EXPECT_EQ(records[1].cell, kNoCell);
  EXPECT_EQ(records[2].bytes_up, 1000000000000u);
  EXPECT_EQ(records[3].host, records[0].host) << "hosts are interned";
  EXPECT_EQ(s.Text(records[3].app), "QQ");
}

// The contract makes `app` optional with no other rule, and lists bad_value only for action,
// channel, host and page. Real app names have spaces.
TEST(DataFeed, AcceptsAnAppNameWithASpace) {
  IngestHarness h;
  std::string path =
      h.WriteData("data.csv", CsvText(kDataHeader, {Data(Ms(kT0), kSub1, "v.qq.com",
                                                         "Tencent Video", "1", "2", "3", "C001")}));
  std::vector<Record> records = h.RunAll(path, Feed::kData);
  ASSERT_EQ(records.size(), 1u) << "rejected as "
                                << (h.DeadLetterRows("data").empty()
                                        ? "?"
                                        : h.DeadLetterRows("data")[0].reason);
  EXPECT_EQ(h.strings().Text(records[0].app), "Tencent Video");
}

}  // namespace
}  // namespace ripple::ingest::testing
