// JSON Lines: single-feed files (calls.jsonl) and the mixed stream, good forms and bad lines.
#include "ingest/ingest_fixture.h"

namespace ripple::ingest::testing {
namespace {

struct JsonCase {
  std::string line;
  Reason reason;
  std::string stem;  // dead-letter file of a rejected line
};

// Writes `cases` as `file`, ingests it with `feed` (nullopt: mixed stream) and checks every
// rejected line's dead letter and every count; returns the accepted records.
std::vector<Record> ExpectJsonOutcomes(IngestHarness& h, const std::string& file,
                                       std::optional<Feed> feed,
                                       const std::vector<JsonCase>& cases) {
  std::string text;
  for (const JsonCase& c : cases) text += c.line + "\n";
  std::vector<Record> records = h.RunAll(h.WriteData(file, text), feed);

  std::map<std::string, std::map<uint64_t, DeadLetterRow>> letters;
  size_t letter_count = 0;
  for (const std::string& stem : IngestHarness::DeadLetterStems()) {
    for (DeadLetterRow& row : h.DeadLetterRows(stem)) {
      letters[stem][row.line] = row;
      ++letter_count;
    }
  }
  std::map<std::string, std::array<uint64_t, kReasonCount>> expected;
  size_t bad = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    const JsonCase& c = cases[i];
    const uint64_t line = i + 1;
    SCOPED_TRACE("line " + std::to_string(line) + ": " + c.line);
    ++expected[c.stem][static_cast<int>(c.reason)];
    if (c.reason == Reason::kAccepted) continue;
    ++bad;
    auto it = letters[c.stem].find(line);
    if (it == letters[c.stem].end()) {
      ADD_FAILURE() << "no dead letter in " << c.stem << ".csv; expected " << ReasonName(c.reason);
      continue;
    }
    EXPECT_EQ(it->second.reason, ReasonName(c.reason));
    EXPECT_EQ(it->second.raw, c.line);
    EXPECT_EQ(it->second.source, file);
  }
  EXPECT_EQ(letter_count, bad) << "dead letters for accepted lines or in the wrong file";
  size_t accepted = 0;
  for (const std::string& stem : IngestHarness::DeadLetterStems()) {
    const InputCounts* got = &h.counts().stream;
    for (Feed f : kAllFeeds) {
      if (FeedStem(f) == stem) got = &h.counts(f);
    }
    auto want = expected[stem];
    accepted += want[0];
    EXPECT_EQ(got->accepted, want[0]) << stem;
    for (int r = 1; r < kReasonCount; ++r) {
      if (r == static_cast<int>(Reason::kLate)) continue;
      EXPECT_EQ(got->by_reason[r], want[r]) << stem << " " << ReasonName(static_cast<Reason>(r));
    }
    EXPECT_EQ(got->late, 0u) << stem;
  }
  EXPECT_EQ(records.size(), accepted);
  return records;
}

TEST(JsonlFeedFile, ReadsEveryValueFormAndRejectsBadLines) {
  const std::string t0 = Ms(kT0);
  const std::string call = "\"caller\":\"13800138001\",\"callee\":\"13800138002\"";
  using R = Reason;
  const std::string c = "calls";
  const std::vector<JsonCase> cases = {
      // ts as a number, numeric fields as numbers
      {"{\"ts\":" + t0 + "," + call + ",\"duration_s\":60,\"cell_id\":\"C001\"}", R::kAccepted, c},
      // ts as an ISO string, numbers as strings, a JSON number for a phone number, null cell
      {"{\"ts\":\"" + Iso(kT0 + kMinute) +
           "\",\"caller\":13800138001,\"callee\":\"+8613999999999\",\"duration_s\":\"30\","
           "\"cell_id\":null}",
       R::kAccepted, c},
      // matching type, absent optional cell, another key order, spaces, an unknown key
      {"{ \"type\" : \"call\", \"duration_s\" : 0 , \"callee\":\"13800138003\", "
       "\"caller\":\"0755-12345678\", \"imsi\":\"460001234567890\", \"ts\" : " +
           Ms(kT0 + 2 * kMinute) + " }",
       R::kAccepted, c},
      // escapes are decoded: "C\u0030\u00302" is C002; ts as a string of digits
      {"{\"ts\":\"" + Ms(kT0 + 3 * kMinute) + "\"," + call +
           ",\"duration_s\":5,\"cell_id\":\"C\\u0030\\u00302\"}",
       R::kAccepted, c},
      // bad_json: not JSON, an array, nested values, a boolean, cut short, trailing garbage
      {"ts=" + t0 + ",caller=13800138001", R::kBadJson, c},
      {"[" + t0 + ",\"13800138001\",\"13800138002\",60,\"C001\"]", R::kBadJson, c},
      {"{\"ts\":" + t0 + "," + call + ",\"duration_s\":60,\"cell_id\":{\"id\":\"C001\"}}",
       R::kBadJson, c},
      {"{\"ts\":" + t0 +
           ",\"caller\":[\"13800138001\"],\"callee\":\"13800138002\","
           "\"duration_s\":60}",
       R::kBadJson, c},
      {"{\"ts\":" + t0 + "," + call + ",\"duration_s\":true}", R::kBadJson, c},
      {"{\"ts\":" + t0 + "," + call + ",\"duration_s\":60", R::kBadJson, c},
      {"{\"ts\":" + t0 + "," + call + ",\"duration_s\":61} x", R::kBadJson, c},
      {"{\"ts\":" + t0 + "," + call + ",\"duration_s\":62,}", R::kBadJson, c},
      {"\"just a string\"", R::kBadJson, c},
      // unknown_type: a type that is not this file's feed
      {"{\"type\":\"sms\",\"ts\":" + t0 + "," + call + ",\"duration_s\":60}", R::kUnknownType, c},
      // missing_field: absent and null required fields
      {"{\"ts\":" + t0 + "," + call + "}", R::kMissingField, c},
      {"{\"ts\":null," + call + ",\"duration_s\":60}", R::kMissingField, c},
      // field rules as in CSV
      {"{\"ts\":1.7934912e12," + call + ",\"duration_s\":60}", R::kBadTimestamp, c},
      {"{\"ts\":" + t0 + "," + call + ",\"duration_s\":12.5}", R::kBadInteger, c},
      {"{\"ts\":" + t0 + "," + call + ",\"duration_s\":-1}", R::kBadInteger, c},
      {"{\"ts\":" + t0 + "," + call + ",\"duration_s\":6e1}", R::kBadInteger, c},
      {"{\"ts\":" + t0 + ",\"caller\":\"13999999999\",\"callee\":\"10086\",\"duration_s\":1}",
       R::kNoSubscriberParty, c},
      // duplicate of line 1 with ts as an ISO string and the fields in another order
      {"{\"cell_id\":\"C001\",\"duration_s\":\"60\",\"callee\":\"13800138002\","
       "\"caller\":\"+8613800138001\",\"ts\":\"" +
           Iso(kT0) + "\"}",
       R::kDuplicate, c},
  };
  IngestHarness h;
  std::vector<Record> records = ExpectJsonOutcomes(h, "calls.jsonl", Feed::kCalls, cases);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].ts_ms, kT0);
  EXPECT_EQ(records[0].duration_s, 60u);
  EXPECT_EQ(records[0].cell, h.reference().FindCell("C001"));
  EXPECT_EQ(records[1].ts_ms, kT0 + kMinute);
  EXPECT_EQ(records[1].duration_s, 30u);
  EXPECT_EQ(records[1].from_sub, 0u);
  EXPECT_EQ(records[1].to_sub, kNoSubscriber);
  EXPECT_EQ(records[1].cell, kNoCell);
  EXPECT_EQ(records[2].to_sub, 2u);
  EXPECT_EQ(records[2].cell, kNoCell);
  EXPECT_EQ(records[3].cell, h.reference().FindCell("C002"));
}

// Only whitespace may follow the object: a second object is trailing garbage too.
TEST(JsonlFeedFile, RejectsASecondObjectAfterTheFirst) {
  IngestHarness h;
  const std::string line = "{\"ts\":" + Ms(kT0) +
                           ",\"caller\":\"13800138001\",\"callee\":\"13800138002\","
                           "\"duration_s\":60} {\"ts\":1}";
  std::vector<Record> records = h.RunAll(h.WriteData("calls.jsonl", line + "\n"), Feed::kCalls);
  EXPECT_TRUE(records.empty());
  std::vector<DeadLetterRow> rows = h.DeadLetterRows("calls");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].reason, "bad_json");
}

TEST(JsonlFeedFile, RejectsAnExtraClosingBrace) {
  IngestHarness h;
  const std::string line = "{\"ts\":" + Ms(kT0) +
                           ",\"caller\":\"13800138001\",\"callee\":\"13800138002\","
                           "\"duration_s\":60}}";
  std::vector<Record> records = h.RunAll(h.WriteData("calls.jsonl", line + "\n"), Feed::kCalls);
  EXPECT_TRUE(records.empty());
  std::vector<DeadLetterRow> rows = h.DeadLetterRows("calls");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].reason, "bad_json");
}

TEST(JsonlStream, RoutesEachLineToItsFeedAndUnattributableLinesToStream) {
  const std::string t0 = Ms(kT0);
  auto rec = [](const std::string& type, const std::string& fields) {
    return "{\"type\":\"" + type + "\"," + fields + "}";
  };
  const std::string ts = "\"ts\":" + t0 + ",";
  const std::string msisdn = "\"msisdn\":\"13800138001\",";
  using R = Reason;
  const std::vector<JsonCase> cases = {
      {rec("call", ts + "\"caller\":\"13800138001\",\"callee\":\"13999999999\",\"duration_s\":9"),
       R::kAccepted, "calls"},
      {rec("sms", ts + "\"sender\":\"13800138002\",\"receiver\":\"10086\",\"cell_id\":\"C003\""),
       R::kAccepted, "sms"},
      {rec("data", ts + msisdn +
                       "\"host\":\"v.qq.com\",\"app\":null,\"bytes_up\":10,\"bytes_down\":\"20\","
                       "\"duration_s\":3"),
       R::kAccepted, "data"},
      {rec("location", ts + msisdn + "\"cell_id\":\"C002\""), R::kAccepted, "locations"},
      {rec("order", ts + msisdn +
                        "\"product_id\":\"P1\",\"action\":\"subscribe\","
                        "\"channel\":\"app\""),
       R::kAccepted, "orders"},
      {rec("device", ts + msisdn + "\"imei\":490154203237518"), R::kAccepted, "devices"},
      {rec("recharge", ts + msisdn + "\"amount\":50.5"), R::kAccepted, "recharges"},
      {rec("visit",
           "\"ts\":\"" + Iso(kT0) + "\"," + msisdn + "\"channel\":\"web\",\"page\":\"/x\""),
       R::kAccepted, "visits"},
      // Lines whose feed cannot be told go to "stream".
      {"not json at all", R::kBadJson, "stream"},
      {"[{\"type\":\"call\"}]", R::kBadJson, "stream"},
      {"{" + ts + msisdn + "\"cell_id\":\"C002\"}", R::kUnknownType, "stream"},
      {rec("fax", ts + msisdn + "\"cell_id\":\"C002\""), R::kUnknownType, "stream"},
      {rec("Call", ts + msisdn + "\"cell_id\":\"C002\""), R::kUnknownType, "stream"},
      {"{\"type\":null," + ts + msisdn + "\"cell_id\":\"C002\"}", R::kUnknownType, "stream"},
      {rec("data", ts + msisdn +
                       "\"host\":\"v.qq.com\",\"bytes_up\":true,\"bytes_down\":1,"
                       "\"duration_s\":3"),
       R::kBadJson, "stream"},
      // Lines with a feed are dead-lettered and counted under it.
      {rec("sms", ts + "\"sender\":\"13999999999\",\"receiver\":\"10086\""), R::kNoSubscriberParty,
       "sms"},
      {rec("recharge", ts + msisdn + "\"amount\":\"0\""), R::kBadAmount, "recharges"},
      {rec("visit", ts + msisdn + "\"channel\":\"shop\",\"page\":\"/x\""), R::kBadValue, "visits"},
      {rec("location", ts + msisdn + "\"cell_id\":null"), R::kMissingField, "locations"},
      {rec("location", ts + msisdn + "\"cell_id\":\"C002\""), R::kDuplicate, "locations"},
  };
  IngestHarness h;
  std::vector<Record> records = ExpectJsonOutcomes(h, "stream.jsonl", std::nullopt, cases);
  ASSERT_EQ(records.size(), 8u);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(records[i].feed, kAllFeeds[i]);
  EXPECT_EQ(records[2].app, kNoString);
  EXPECT_EQ(records[2].bytes_down, 20u);
  EXPECT_EQ(records[5].imei, 490154203237518u);
  EXPECT_EQ(records[6].amount_cents, 5050);
  EXPECT_EQ(records[7].channel, Channel::kWeb);
}

}  // namespace
}  // namespace ripple::ingest::testing
