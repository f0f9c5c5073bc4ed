// calls.csv against the data contract: every malformed line gets its reason, good lines in every
// accepted form come through.
#include "ingest/ingest_fixture.h"

namespace ripple::ingest::testing {
namespace {

std::string Call(const std::string& ts, const std::string& caller, const std::string& callee,
                 const std::string& duration, const std::string& cell) {
  return ts + "," + caller + "," + callee + "," + duration + "," + cell;
}

TEST(CallsFeed, EveryLineEndsWhereTheContractSays) {
  const std::string t0 = Ms(kT0), t1 = Ms(kT0 + 5 * kMinute);
  using R = Reason;
  const std::vector<FeedCase> cases = {
      // Good lines: epoch ms and ISO forms, +86/0086 numbers, empty cell, off-net party kept.
      {Call(t0, kSub1, kSub2, "60", "C001"), R::kAccepted},
      {Call(Iso(kT0 + kMinute), "+8613800138001", kOffNet, "30", ""), R::kAccepted},
      {Call(Ms(kT0 + 2 * kMinute), kLandline, kSub3, "0", "C002"), R::kAccepted},
      {Call("2026-11-01T00:03:00Z", "008613800138004", "10086", "86400", "C003"), R::kAccepted},
      {Call(Ms(kT0 - 10 * kMinute), kSub5, "+1 415 555 0100", "45", "C004"), R::kAccepted},
      {Call("2026-11-01T08:04:00.250+0800", kSub2, kSub1, "1", "C001"), R::kAccepted},
      // wrong_field_count
      {t1 + "," + kSub1 + "," + kSub2 + ",60", R::kWrongFieldCount},
      {Call(t1, kSub1, kSub2, "60", "C001") + ",extra", R::kWrongFieldCount},
      // missing_field, for each required field; it comes before a bad timestamp
      {Call("", kSub1, kSub2, "60", "C001"), R::kMissingField},
      {Call(t1, "", kSub2, "60", "C001"), R::kMissingField},
      {Call(t1, kSub1, "", "60", "C001"), R::kMissingField},
      {Call(t1, kSub1, kSub2, "", "C001"), R::kMissingField},
      {Call("yesterday", kSub1, "", "60", "C001"), R::kMissingField},
      // bad_timestamp
      {Call("yesterday", kSub1, kSub2, "60", "C001"), R::kBadTimestamp},
      {Call("2026-11-01T08:00:00", kSub1, kSub2, "60", "C001"), R::kBadTimestamp},
      {Call("2026-02-30T08:00:00+08:00", kSub1, kSub2, "60", "C001"), R::kBadTimestamp},
      {Call("2026-11-01T24:00:00+08:00", kSub1, kSub2, "60", "C001"), R::kBadTimestamp},
      {Call("17934912000x0", kSub1, kSub2, "60", "C001"), R::kBadTimestamp},
      {Call("-1", kSub1, kSub2, "60", "C001"), R::kBadTimestamp},
      {Call("yesterday", "abc", kSub2, "60", "C001"), R::kBadTimestamp},
      // timestamp_out_of_range, low and high; it comes before a bad number
      {Call("946684799999", kSub1, kSub2, "60", "C001"), R::kTimestampOutOfRange},
      {Call("1999-12-31T23:59:59Z", kSub1, kSub2, "60", "C001"), R::kTimestampOutOfRange},
      {Call(Ms(kMaxTs + 1), kSub1, kSub2, "60", "C001"), R::kTimestampOutOfRange},
      {Call(Ms(kMaxTs + 1), "abc", kSub2, "60", "C001"), R::kTimestampOutOfRange},
      // bad_number; it comes before no_subscriber_party
      {Call(t1, "1380013800a", kSub2, "60", "C001"), R::kBadNumber},
      {Call(t1, kSub1, "12", "60", "C001"), R::kBadNumber},
      {Call(t1, kSub1, "123456789012345678", "60", "C001"), R::kBadNumber},
      {Call(t1, kOffNet, "abc", "60", "C001"), R::kBadNumber},
      // no_subscriber_party
      {Call(t1, kOffNet, kLandline, "60", "C001"), R::kNoSubscriberParty},
      {Call(t1, "10086", "+14155550100", "60", ""), R::kNoSubscriberParty},
      {Call(t1, "+8613999999999", kOffNet, "60", "C001"), R::kNoSubscriberParty},
      // bad_integer: negative, decimal, letters, too large; it comes before unknown_cell
      {Call(t1, kSub1, kSub2, "-5", "C001"), R::kBadInteger},
      {Call(t1, kSub1, kSub2, "12.5", "C001"), R::kBadInteger},
      {Call(t1, kSub1, kSub2, "1m", "C001"), R::kBadInteger},
      {Call(t1, kSub1, kSub2, "86401", "C001"), R::kBadInteger},
      {Call(t1, kSub1, kSub2, "99999999999999999999", "C001"), R::kBadInteger},
      {Call(t1, kSub1, kSub2, " 60", "C001"), R::kBadInteger},
      {Call(t1, kSub1, kSub2, "12.5", "C999"), R::kBadInteger},
      // unknown_cell
      {Call(t1, kSub1, kSub2, "60", "C999"), R::kUnknownCell},
      {Call(t1, kSub1, kSub2, "60", "c001"), R::kUnknownCell},
      // duplicate: an exact copy, and the same call with ts and numbers written another way
      {Call(t0, kSub1, kSub2, "60", "C001"), R::kDuplicate},
      {Call(Iso(kT0), kSub1, kSub2, "60", "C001"), R::kDuplicate},
      {Call("2026-11-01T00:00:00.000Z", "+8613800138001", "0086 138 0013 8002", "60", "C001"),
       R::kDuplicate},
  };
  IngestHarness h;
  std::vector<Record> records = ExpectFeedOutcomes(h, Feed::kCalls, kCallsHeader, cases);
  ASSERT_EQ(records.size(), 6u);
  const ReferenceData& ref = h.reference();
  const PhoneKey sub1 = ParsePhoneNumber(kSub1), sub2 = ParsePhoneNumber(kSub2);

  EXPECT_EQ(records[0].ts_ms, kT0);
  EXPECT_EQ(records[0].from, sub1);
  EXPECT_EQ(records[0].to, sub2);
  EXPECT_EQ(records[0].from_sub, 0u);
  EXPECT_EQ(records[0].to_sub, 1u);
  EXPECT_EQ(records[0].duration_s, 60u);
  EXPECT_EQ(records[0].cell, ref.FindCell("C001"));

  // +86 caller is the national subscriber; the off-net callee is kept; empty cell is no cell.
  EXPECT_EQ(records[1].ts_ms, kT0 + kMinute);
  EXPECT_EQ(records[1].from, sub1);
  EXPECT_EQ(records[1].from_sub, 0u);
  EXPECT_EQ(records[1].to, ParsePhoneNumber(kOffNet));
  EXPECT_EQ(records[1].to_sub, kNoSubscriber);
  EXPECT_EQ(records[1].cell, kNoCell);

  // An off-net landline calling the subscriber written "+86…" in subscribers.csv.
  EXPECT_EQ(records[2].from, ParsePhoneNumber(kLandline));
  EXPECT_EQ(records[2].from_sub, kNoSubscriber);
  EXPECT_EQ(records[2].to_sub, 2u);
  EXPECT_EQ(records[2].duration_s, 0u);

  EXPECT_EQ(records[3].ts_ms, kT0 + 3 * kMinute);
  EXPECT_EQ(records[3].from_sub, 3u);
  EXPECT_EQ(records[3].to, ParsePhoneNumber("10086"));
  EXPECT_EQ(records[3].duration_s, 86400u);

  EXPECT_EQ(records[4].ts_ms, kT0 - 10 * kMinute);
  EXPECT_TRUE(IsInternational(records[4].to));
  EXPECT_EQ(FormatPhoneNumber(records[4].to), "+14155550100");

  EXPECT_EQ(records[5].ts_ms, kT0 + 4 * kMinute + 250);
}

}  // namespace
}  // namespace ripple::ingest::testing
