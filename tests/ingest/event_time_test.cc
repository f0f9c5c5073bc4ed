// Event time: the watermark and duplicate filter of a source (EventTimeGate) on its own and as
// SourceIngester applies it.
#include "ingest/event_time_gate.h"
#include "ingest/ingest_fixture.h"

namespace ripple::ingest::testing {
namespace {

constexpr int64_t kBound = 30 * kMinute;

TEST(EventTimeGate, AcceptsRecordsOutOfOrderWithinTheBound) {
  EventTimeGate gate(kBound);
  EXPECT_EQ(gate.watermark(), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(gate.Admit(kT0 + 40 * kMinute, 1), Reason::kAccepted);
  EXPECT_EQ(gate.watermark(), kT0 + 10 * kMinute);
  EXPECT_EQ(gate.Admit(kT0 + 15 * kMinute, 2), Reason::kAccepted);
  EXPECT_EQ(gate.Admit(kT0 + 10 * kMinute, 3), Reason::kAccepted) << "at the watermark";
  EXPECT_EQ(gate.Admit(kT0 + 10 * kMinute - 1, 4), Reason::kLate);
  EXPECT_EQ(gate.max_ts(), kT0 + 40 * kMinute) << "older records do not move the watermark";
}

TEST(EventTimeGate, FlagsARepeatedFingerprintAsDuplicate) {
  EventTimeGate gate(kBound);
  EXPECT_EQ(gate.Admit(kT0, 42), Reason::kAccepted);
  EXPECT_EQ(gate.Admit(kT0, 42), Reason::kDuplicate);
  EXPECT_EQ(gate.Admit(kT0, 43), Reason::kAccepted);
  EXPECT_EQ(gate.Admit(kT0 + kBound, 44), Reason::kAccepted);
  EXPECT_EQ(gate.Admit(kT0, 42), Reason::kDuplicate) << "still within the window";
  EXPECT_EQ(gate.Admit(kT0 + kBound + 1, 45), Reason::kAccepted);
  EXPECT_EQ(gate.Admit(kT0, 42), Reason::kLate) << "behind the watermark, late wins";
}

TEST(EventTimeGate, RemembersOnlyOneBoundOfRecords) {
  EventTimeGate gate(kBound);
  const int n = 200000;  // one record a second: ~55 hours
  for (int i = 0; i < n; ++i) {
    ASSERT_EQ(gate.Admit(kT0 + int64_t{i} * 1000, 1000 + i), Reason::kAccepted) << i;
  }
  EXPECT_LE(gate.remembered(), 2u * 1800 + 2);
  EXPECT_GE(gate.remembered(), 1800u);
  // Everything inside the window is still recognised after the sweeps.
  for (int i = n - 1800; i < n; ++i) {
    ASSERT_EQ(gate.Admit(kT0 + int64_t{i} * 1000, 1000 + i), Reason::kDuplicate) << i;
  }
}

TEST(EventTimeGate, SaveAndRestoreKeepTheWatermarkAndTheDuplicates) {
  EventTimeGate gate(kBound);
  for (int i = 0; i < 5000; ++i) {
    ASSERT_EQ(gate.Admit(kT0 + int64_t{i} * 1000, 7000 + i), Reason::kAccepted);
  }
  ByteWriter w;
  gate.Save(w);
  EventTimeGate restored(kBound);
  ByteReader r(w.data());
  ASSERT_TRUE(restored.Restore(r));
  EXPECT_TRUE(r.AtEnd());
  EXPECT_EQ(restored.watermark(), gate.watermark());
  EXPECT_EQ(restored.max_ts(), gate.max_ts());
  EXPECT_EQ(restored.remembered(), gate.remembered());
  for (int i = 4999; i >= 5000 - 1800; --i) {
    ASSERT_EQ(restored.Admit(kT0 + int64_t{i} * 1000, 7000 + i), Reason::kDuplicate) << i;
  }
  EXPECT_EQ(restored.Admit(gate.watermark() - 1, 1), Reason::kLate);
  EXPECT_EQ(restored.Admit(gate.max_ts() + 1, 2), Reason::kAccepted);
  // The restored gate keeps sweeping as the original would.
  EXPECT_EQ(gate.Admit(gate.max_ts() + 1, 2), Reason::kAccepted);
  ByteWriter w2, w3;
  gate.Save(w2);
  restored.Save(w3);
  EXPECT_EQ(w2.data().size(), w3.data().size());
}

TEST(EventTimeGate, RestoresAnEmptyGate) {
  EventTimeGate empty(kBound);
  ByteWriter w;
  empty.Save(w);
  EventTimeGate restored(kBound);
  ByteReader r(w.data());
  ASSERT_TRUE(restored.Restore(r));
  EXPECT_EQ(restored.watermark(), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(restored.Admit(0, 1), Reason::kAccepted);
}

TEST(EventTimeGate, RefusesATruncatedSave) {
  EventTimeGate gate(kBound);
  for (int i = 0; i < 10; ++i) ASSERT_EQ(gate.Admit(kT0 + i, 100 + i), Reason::kAccepted);
  ByteWriter w;
  gate.Save(w);
  std::string cut = w.data().substr(0, w.data().size() - 3);
  EventTimeGate restored(kBound);
  ByteReader r(cut);
  EXPECT_FALSE(restored.Restore(r));
}

std::string CallAt(int64_t ts, const char* cell = "C001") {
  return Ms(ts) + "," + kSub1 + "," + kSub2 + ",60," + cell;
}

TEST(EventTimeInIngest, CountsALateRecordApartAndDeadLettersIt) {
  IngestHarness h;
  const std::vector<std::string> rows = {
      CallAt(kT0),                 // 2
      CallAt(kT0 + 40 * kMinute),  // 3: watermark now kT0 + 10 min
      CallAt(kT0 + 15 * kMinute),  // 4: out of order, within the bound
      CallAt(kT0 + 5 * kMinute),   // 5: late
      CallAt(kT0 + 40 * kMinute),  // 6: duplicate
      CallAt(kT0),                 // 7: a copy of line 2, but late first
      CallAt(kT0 + 10 * kMinute),  // 8: exactly at the watermark
  };
  std::vector<Record> records =
      h.RunAll(h.WriteData("calls.csv", CsvText(kCallsHeader, rows)), Feed::kCalls);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[2].ts_ms, kT0 + 15 * kMinute);
  EXPECT_EQ(records[3].ts_ms, kT0 + 10 * kMinute);
  const InputCounts& c = h.counts(Feed::kCalls);
  EXPECT_EQ(c.accepted, 4u);
  EXPECT_EQ(c.late, 2u);
  EXPECT_EQ(c.rejected(), 1u) << "late records are not rejections";
  EXPECT_EQ(c.by_reason[static_cast<int>(Reason::kDuplicate)], 1u);
  EXPECT_EQ(Total(c), rows.size());
  std::vector<DeadLetterRow> dl = h.DeadLetterRows("calls");
  ASSERT_EQ(dl.size(), 3u);
  EXPECT_EQ(dl[0].line, 5u);
  EXPECT_EQ(dl[0].reason, "late");
  EXPECT_EQ(dl[0].raw, rows[3]);
  EXPECT_EQ(dl[1].line, 6u);
  EXPECT_EQ(dl[1].reason, "duplicate");
  EXPECT_EQ(dl[2].line, 7u);
  EXPECT_EQ(dl[2].reason, "late");
}

TEST(EventTimeInIngest, UsesTheConfiguredBound) {
  IngestHarness h(SourceOptions{5 * kMinute});
  std::vector<Record> records =
      h.RunAll(h.WriteData("calls.csv", CsvText(kCallsHeader, {CallAt(kT0 + 10 * kMinute),
                                                               CallAt(kT0 + 5 * kMinute, "C002"),
                                                               CallAt(kT0 + 4 * kMinute, "C003")})),
               Feed::kCalls);
  EXPECT_EQ(records.size(), 2u);
  EXPECT_EQ(h.counts(Feed::kCalls).late, 1u);
}

TEST(EventTimeInIngest, KeepsEachSourcesWatermarkApart) {
  IngestHarness h;
  std::vector<Record> a =
      h.RunAll(h.WriteData("calls.csv", CsvText(kCallsHeader, {CallAt(kT0 + 5 * 3600 * 1000)})),
               Feed::kCalls);
  std::vector<Record> b = h.RunAll(
      h.WriteData("calls2.csv", CsvText(kCallsHeader, {CallAt(kT0, "C002")})), Feed::kCalls);
  EXPECT_EQ(a.size(), 1u);
  EXPECT_EQ(b.size(), 1u) << "another source's event time must not make this record late";
  EXPECT_EQ(h.counts(Feed::kCalls).late, 0u);
}

// In a mixed stream one watermark spans all its feeds.
TEST(EventTimeInIngest, AppliesOneWatermarkToAMixedStream) {
  IngestHarness h;
  std::string text = "{\"type\":\"location\",\"ts\":" + Ms(kT0 + 3600 * 1000) +
                     ",\"msisdn\":\"13800138001\",\"cell_id\":\"C001\"}\n"
                     "{\"type\":\"recharge\",\"ts\":" +
                     Ms(kT0) + ",\"msisdn\":\"13800138001\",\"amount\":5}\n";
  std::vector<Record> records = h.RunAll(h.WriteData("stream.jsonl", text), std::nullopt);
  EXPECT_EQ(records.size(), 1u);
  EXPECT_EQ(h.counts(Feed::kRecharges).late, 1u);
  std::vector<DeadLetterRow> dl = h.DeadLetterRows("recharges");
  ASSERT_EQ(dl.size(), 1u);
  EXPECT_EQ(dl[0].reason, "late");
  EXPECT_EQ(dl[0].line, 2u);
}

}  // namespace
}  // namespace ripple::ingest::testing
