// locations.csv against the data contract.
#include "ingest/ingest_fixture.h"

namespace ripple::ingest::testing {
namespace {

std::string Loc(const std::string& ts, const std::string& msisdn, const std::string& cell) {
  return ts + "," + msisdn + "," + cell;
}

TEST(LocationsFeed, EveryLineEndsWhereTheContractSays) {
  const std::string t0 = Ms(kT0), t1 = Ms(kT0 + 5 * kMinute);
  using R = Reason;
  const std::vector<FeedCase> cases = {
      {Loc(t0, kSub1, "C001"), R::kAccepted},
      {Loc(Iso(kT0 + kMinute), "+86 138 0013 8002", "C002"), R::kAccepted},
      {Loc("2026-10-31T19:02:00-05:00", kSub3, "C003"), R::kAccepted},  // = kT0 + 2 min
      {Loc(Ms(kT0 - 28 * kMinute), kSub4, "C004"), R::kAccepted},       // at the watermark
      // wrong_field_count
      {t1 + "," + kSub1, R::kWrongFieldCount},
      {Loc(t1, kSub1, "C001") + ",22.5,114.0", R::kWrongFieldCount},
      // missing_field: here cell_id is required
      {Loc("", kSub1, "C001"), R::kMissingField},
      {Loc(t1, "", "C001"), R::kMissingField},
      {Loc(t1, kSub1, ""), R::kMissingField},
      // bad_timestamp / timestamp_out_of_range
      {Loc("now", kSub1, "C001"), R::kBadTimestamp},
      {Loc("2026-11-01T08:60:00+08:00", kSub1, "C001"), R::kBadTimestamp},
      {Loc("2026-11-01T08:00:00+15:00", kSub1, "C001"), R::kBadTimestamp},
      {Loc("1999-12-31T23:59:59.999Z", kSub1, "C001"), R::kTimestampOutOfRange},
      {Loc(Ms(kMaxTs + 1000), kSub1, "C001"), R::kTimestampOutOfRange},
      // bad_number / unknown_subscriber
      {Loc(t1, "n/a", "C001"), R::kBadNumber},
      {Loc(t1, "12", "C001"), R::kBadNumber},
      {Loc(t1, kOffNet, "C001"), R::kUnknownSubscriber},
      {Loc(t1, "+14155550100", "C999"), R::kUnknownSubscriber},
      // unknown_cell
      {Loc(t1, kSub1, "C005"), R::kUnknownCell},
      // duplicate
      {Loc(t0, kSub1, "C001"), R::kDuplicate},
      {Loc(Iso(kT0, -300), "0086" + std::string(kSub1), "C001"), R::kDuplicate},
  };
  IngestHarness h;
  std::vector<Record> records = ExpectFeedOutcomes(h, Feed::kLocations, kLocationsHeader, cases);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[1].from_sub, 1u);
  EXPECT_EQ(records[1].cell, h.reference().FindCell("C002"));
  EXPECT_EQ(records[2].ts_ms, kT0 + 2 * kMinute);
  EXPECT_EQ(records[2].from_sub, 2u);
  EXPECT_EQ(records[3].from_sub, 3u);
}

}  // namespace
}  // namespace ripple::ingest::testing
