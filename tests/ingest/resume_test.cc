// Resuming a source from a saved position: an interrupted run reads exactly what one
// uninterrupted pass reads, and its counts add up to the same totals.
#include <cstring>

#include "ingest/ingest_fixture.h"

namespace ripple::ingest::testing {
namespace {

struct ResumeCase {
  const char* file;
  bool jsonl;
};

void PrintTo(const ResumeCase& c, std::ostream* os) { *os << c.file; }

class ResumeTest : public ::testing::TestWithParam<ResumeCase> {};

std::string SampleText(int n, bool jsonl) {
  std::string text = jsonl ? "" : "ts,caller,callee,duration_s,cell_id\n";
  for (const CallRow& r : SampleCalls(n)) text += (jsonl ? r.Json() : r.Csv()) + "\n";
  return text;
}

// Reads up to `stop_line` in batches, returns the saved position.
std::string ReadUntil(IngestHarness& h, const std::string& path, uint64_t stop_line,
                      RunCounts* counts, std::vector<Record>* out) {
  auto ingester = h.Open(path, Feed::kCalls, counts);
  EXPECT_TRUE(ingester.ok()) << ingester.status().ToString();
  if (!ingester.ok()) return "";
  std::vector<Record> batch;
  while ((*ingester)->line_number() < stop_line && (*ingester)->NextBatch(&batch, 64)) {
    out->insert(out->end(), batch.begin(), batch.end());
  }
  ByteWriter w;
  (*ingester)->SavePosition(w);
  return w.Take();
}

void ResumeAndDrain(IngestHarness& h, const std::string& path, const std::string& position,
                    RunCounts* counts, std::vector<Record>* out) {
  auto ingester = h.Open(path, Feed::kCalls, counts);
  ASSERT_OK(ingester);
  ByteReader r(position);
  ASSERT_OK((*ingester)->RestorePosition(r));
  IngestHarness::Drain(**ingester, out, 64);
}

TEST_P(ResumeTest, InterruptedRunEqualsOneUninterruptedPass) {
  const int n = 4000;
  const std::string text = SampleText(n, GetParam().jsonl);
  IngestHarness one_pass, interrupted;
  std::vector<Record> full =
      one_pass.RunAll(one_pass.WriteData(GetParam().file, text), Feed::kCalls, 64);
  const std::string path = interrupted.WriteData(GetParam().file, text);

  RunCounts c1, c2, c3;
  std::vector<Record> split;
  std::string pos1 = ReadUntil(interrupted, path, n / 3, &c1, &split);
  // Resume, stop again, resume again: positions chain.
  std::string pos2;
  {
    auto ingester = interrupted.Open(path, Feed::kCalls, &c2);
    ASSERT_OK(ingester);
    ByteReader r(pos1);
    ASSERT_OK((*ingester)->RestorePosition(r));
    std::vector<Record> batch;
    while ((*ingester)->line_number() < 2 * n / 3 && (*ingester)->NextBatch(&batch, 64)) {
      split.insert(split.end(), batch.begin(), batch.end());
    }
    ByteWriter w;
    (*ingester)->SavePosition(w);
    pos2 = w.Take();
  }
  ResumeAndDrain(interrupted, path, pos2, &c3, &split);

  EXPECT_GT(full.size(), 2000u);
  EXPECT_EQ(one_pass.Fingerprints(full), interrupted.Fingerprints(split));
  InputCounts sum = c1.feeds[0];
  sum.Add(c2.feeds[0]);
  sum.Add(c3.feeds[0]);
  ExpectSameCounts(sum, one_pass.counts(Feed::kCalls));
  EXPECT_EQ(Total(sum), static_cast<uint64_t>(n));
  EXPECT_GT(sum.late, 0u);
  EXPECT_GT(sum.by_reason[static_cast<int>(Reason::kDuplicate)], 0u);

  std::vector<DeadLetterRow> a = one_pass.DeadLetterRows("calls");
  std::vector<DeadLetterRow> b = interrupted.DeadLetterRows("calls");
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].line, b[i].line);
    EXPECT_EQ(a[i].reason, b[i].reason);
  }
}

// A checkpoint taken before the first batch resumes at the first data line.
TEST_P(ResumeTest, PositionSavedBeforeTheFirstBatchResumesAtTheStart) {
  const std::string text = SampleText(500, GetParam().jsonl);
  IngestHarness one_pass, resumed;
  std::vector<Record> full =
      one_pass.RunAll(one_pass.WriteData(GetParam().file, text), Feed::kCalls);
  const std::string path = resumed.WriteData(GetParam().file, text);
  std::vector<Record> none;
  RunCounts c1;
  std::string pos = ReadUntil(resumed, path, 0, &c1, &none);
  EXPECT_TRUE(none.empty());
  std::vector<Record> all;
  ResumeAndDrain(resumed, path, pos, nullptr, &all);
  EXPECT_EQ(one_pass.Fingerprints(full), resumed.Fingerprints(all));
}

TEST_P(ResumeTest, RefusesAPositionPastTheEndOfAShorterFile) {
  const std::string text = SampleText(2000, GetParam().jsonl);
  IngestHarness h;
  const std::string path = h.WriteData(GetParam().file, text);
  std::vector<Record> records;
  RunCounts c;
  std::string pos = ReadUntil(h, path, 1500, &c, &records);
  h.WriteData(GetParam().file, text.substr(0, text.size() / 4));  // the file was replaced
  auto ingester = h.Open(path, Feed::kCalls);
  ASSERT_OK(ingester);
  ByteReader r(pos);
  Status st = (*ingester)->RestorePosition(r);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find(path), std::string::npos) << st.message();
}

TEST_P(ResumeTest, RefusesAnUnreadablePosition) {
  IngestHarness h;
  const std::string path = h.WriteData(GetParam().file, SampleText(10, GetParam().jsonl));
  auto ingester = h.Open(path, Feed::kCalls);
  ASSERT_OK(ingester);
  ByteReader r(std::string_view("\xff\xff", 2));
  Status st = (*ingester)->RestorePosition(r);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
}

// Reads a one-call file, checkpoints, optionally lets the operator add a cell at the top of
// cells.csv, restarts, and returns what the restarted ingester admits when the source re-sends
// the same call.
std::vector<Record> ResendAfterRestart(bool cells_changed) {
  IngestHarness h;
  const std::string header = "ts,caller,callee,duration_s,cell_id";
  const std::string call = Ms(kT0) + "," + kSub1 + "," + kSub2 + ",60,C003";
  h.WriteData("calls.csv", CsvText(header, {call}));
  std::string position;
  {
    auto ingester = h.Open(h.Path("calls.csv"), Feed::kCalls);
    EXPECT_TRUE(ingester.ok());
    if (!ingester.ok()) return {};
    std::vector<Record> batch;
    EXPECT_TRUE((*ingester)->NextBatch(&batch, 64));
    EXPECT_EQ(batch.size(), 1u);
    ByteWriter w;
    (*ingester)->SavePosition(w);
    position = w.Take();
  }
  if (cells_changed) {
    WriteFile(h.Path("cells.csv"),
              std::string("cell_id,lat,lon,area_id,area_type\n") + "C000,22.50,114.00,A00,mall\n" +
                  (kCellsCsv + std::strlen("cell_id,lat,lon,area_id,area_type\n")));
  }
  h.ReloadReference();
  h.WriteData("calls.csv", CsvText(header, {call, call}));
  auto ingester = h.Open(h.Path("calls.csv"), Feed::kCalls);
  EXPECT_TRUE(ingester.ok());
  if (!ingester.ok()) return {};
  ByteReader r(position);
  EXPECT_TRUE((*ingester)->RestorePosition(r).ok());
  std::vector<Record> after;
  IngestHarness::Drain(**ingester, &after);
  return after;
}

TEST(ResumeAcrossRestart, FlagsAReSentRecordAsDuplicate) {
  EXPECT_TRUE(ResendAfterRestart(/*cells_changed=*/false).empty());
}

// Reference tables are re-read on every start and operators update them between runs; a
// re-sent record is still the same event (record.h: fingerprints "stay valid across restarts").
TEST(ResumeAcrossRestart, FlagsAReSentRecordAsDuplicateAfterCellsCsvChanged) {
  EXPECT_TRUE(ResendAfterRestart(/*cells_changed=*/true).empty())
      << "the re-sent call was admitted a second time";
}

INSTANTIATE_TEST_SUITE_P(PlainAndJsonl, ResumeTest,
                         ::testing::Values(ResumeCase{"calls.csv", false},
                                           ResumeCase{"calls.jsonl", true}),
                         [](const auto& info) { return info.param.jsonl ? "Jsonl" : "Csv"; });

}  // namespace
}  // namespace ripple::ingest::testing
