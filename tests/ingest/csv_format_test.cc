// CSV files as the data contract allows them: any column order, extra columns, RFC 4180 quotes,
// CRLF, a last line without newline; and the file-level errors (missing column, empty, absent).
#include "ingest/ingest_fixture.h"

namespace ripple::ingest::testing {
namespace {

TEST(CsvFeedFile, ReadsColumnsInAnyOrderAndIgnoresUnknownColumns) {
  IngestHarness h;
  std::string path = h.WriteData(
      "calls.csv", CsvText(" cell_id ,operator_note,duration_s,callee,caller,ts",
                           {std::string("C001,hello,60,") + kSub2 + "," + kSub1 + "," + Ms(kT0),
                            std::string(",,0,") + kOffNet + "," + kSub3 + "," + Iso(kT0 + 1),
                            std::string("C001,x,60,") + kSub2 + "," + kSub1}));
  std::vector<Record> records = h.RunAll(path, Feed::kCalls);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].ts_ms, kT0);
  EXPECT_EQ(records[0].from_sub, 0u);
  EXPECT_EQ(records[0].to_sub, 1u);
  EXPECT_EQ(records[0].duration_s, 60u);
  EXPECT_EQ(records[0].cell, h.reference().FindCell("C001"));
  EXPECT_EQ(records[1].from_sub, 2u);
  EXPECT_EQ(records[1].cell, kNoCell);
  std::vector<DeadLetterRow> rows = h.DeadLetterRows("calls");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].line, 4u);
  EXPECT_EQ(rows[0].reason, "wrong_field_count");
}

TEST(CsvFeedFile, SkipsAUtf8ByteOrderMarkBeforeTheHeader) {
  IngestHarness h;
  std::string path = h.WriteData(
      "calls.csv",
      "\xEF\xBB\xBF" + CsvText(kCallsHeader, {Ms(kT0) + "," + kSub1 + "," + kSub2 + ",1,"}));
  EXPECT_EQ(h.RunAll(path, Feed::kCalls).size(), 1u);
}

TEST(CsvFeedFile, MissingColumnIsAnErrorNamingTheFileAndTheColumn) {
  IngestHarness h;
  std::string path = h.WriteData("calls.csv", "ts,caller,callee,cell_id\n");
  auto ingester = h.Open(path, Feed::kCalls);
  ASSERT_FALSE(ingester.ok());
  EXPECT_NE(ingester.status().message().find(path), std::string::npos)
      << ingester.status().message();
  EXPECT_NE(ingester.status().message().find("duration_s"), std::string::npos)
      << ingester.status().message();
}

TEST(CsvFeedFile, EmptyFileIsAnErrorNamingTheFile) {
  IngestHarness h;
  std::string path = h.WriteData("sms.csv", "");
  auto ingester = h.Open(path, Feed::kSms);
  ASSERT_FALSE(ingester.ok());
  EXPECT_NE(ingester.status().message().find(path), std::string::npos)
      << ingester.status().message();
  EXPECT_NE(ingester.status().message().find("empty"), std::string::npos)
      << ingester.status().message();
}

TEST(CsvFeedFile, MissingFileIsAnErrorNamingThePath) {
  IngestHarness h;
  std::string path = h.Path("nowhere/calls.csv");
  auto ingester = h.Open(path, Feed::kCalls);
  ASSERT_FALSE(ingester.ok());
  EXPECT_EQ(ingester.status().code(), StatusCode::kIoError);
  EXPECT_NE(ingester.status().message().find(path), std::string::npos)
      << ingester.status().message();
}

TEST(CsvFeedFile, UnquotesRfc4180Fields) {
  IngestHarness h;
  std::string path = h.WriteData(
      "calls.csv",
      CsvText("\"ts\",\"caller\",callee,duration_s,cell_id",
              {"\"" + Ms(kT0) + "\",\"" + kSub1 + "\",\"" + kSub2 + "\",\"60\",\"C001\"",
               // A quoted empty field is empty: the optional cell.
               Ms(kT0 + 1) + ",\"+86 138-0013-8001\"," + kOffNet + ",5,\"\"",
               // A comma inside quotes does not split the field: one field, a bad number.
               Ms(kT0 + 2) + ",\"" + kSub1 + "," + kSub2 + "\"," + kSub2 + ",5,",
               // An unbalanced quote cannot be split into fields.
               Ms(kT0 + 3) + ",\"" + kSub1 + "," + kSub2 + ",5,"}));
  std::vector<Record> records = h.RunAll(path, Feed::kCalls);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].ts_ms, kT0);
  EXPECT_EQ(records[0].cell, h.reference().FindCell("C001"));
  EXPECT_EQ(records[1].from_sub, 0u);
  EXPECT_EQ(records[1].cell, kNoCell);
  std::vector<DeadLetterRow> rows = h.DeadLetterRows("calls");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].line, 4u);
  EXPECT_EQ(rows[0].reason, "bad_number");
  EXPECT_EQ(rows[0].raw, Ms(kT0 + 2) + ",\"" + kSub1 + "," + kSub2 + "\"," + kSub2 + ",5,");
  EXPECT_EQ(rows[1].line, 5u);
  EXPECT_EQ(rows[1].reason, "wrong_field_count");
}

TEST(CsvFeedFile, ReadsCrlfLineEndings) {
  IngestHarness h;
  std::string text = std::string(kCallsHeader) + "\r\n" + Ms(kT0) + "," + kSub1 + "," + kSub2 +
                     ",60,C001\r\n" + Ms(kT0 + 1) + "," + kSub1 + "," + kSub2 + ",6x,C001\r\n" +
                     Ms(kT0 + 2) + "," + kSub2 + "," + kSub1 + ",7,C002\r\n";
  std::vector<Record> records = h.RunAll(h.WriteData("calls.csv", text), Feed::kCalls);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].cell, h.reference().FindCell("C001")) << "no '\\r' left on the last field";
  EXPECT_EQ(records[1].cell, h.reference().FindCell("C002"));
  std::vector<DeadLetterRow> rows = h.DeadLetterRows("calls");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].line, 3u);
  EXPECT_EQ(rows[0].reason, "bad_integer");
  EXPECT_EQ(rows[0].raw, Ms(kT0 + 1) + "," + kSub1 + "," + kSub2 + ",6x,C001");
}

TEST(CsvFeedFile, ReadsALastLineWithoutNewline) {
  IngestHarness h;
  std::string text = CsvText(kCallsHeader, {Ms(kT0) + "," + kSub1 + "," + kSub2 + ",60,C001"}) +
                     Ms(kT0 + 1) + "," + kSub2 + "," + kSub1 + ",61,C003";
  std::vector<Record> records = h.RunAll(h.WriteData("calls.csv", text), Feed::kCalls);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].duration_s, 61u);
  EXPECT_EQ(records[1].cell, h.reference().FindCell("C003"));
  EXPECT_EQ(h.counts(Feed::kCalls).accepted, 2u);
}

TEST(CsvFeedFile, ReadsALastLineWithoutNewlineEndingInCr) {
  IngestHarness h;
  std::string text =
      std::string(kCallsHeader) + "\r\n" + Ms(kT0) + "," + kSub1 + "," + kSub2 + ",60,C001\r";
  std::vector<Record> records = h.RunAll(h.WriteData("calls.csv", text), Feed::kCalls);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].cell, h.reference().FindCell("C001"));
}

// Blank lines carry no record; the lines after them keep their true line numbers.
TEST(CsvFeedFile, SkipsBlankLinesAndKeepsLineNumbersExact) {
  IngestHarness h;
  std::string text = std::string(kCallsHeader) + "\n\n" + Ms(kT0) + "," + kSub1 + "," + kSub2 +
                     ",60,C001\n\r\n\n" + Ms(kT0) + "," + kSub1 + "," + kSub2 + ",60,C404\n";
  std::vector<Record> records = h.RunAll(h.WriteData("calls.csv", text), Feed::kCalls);
  EXPECT_EQ(records.size(), 1u);
  std::vector<DeadLetterRow> rows = h.DeadLetterRows("calls");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].line, 6u);
  EXPECT_EQ(rows[0].reason, "unknown_cell");
}

// Lines longer than the reader's 4 MiB chunk and files spanning many chunks.
TEST(CsvFeedFile, ReadsLinesAcrossReadChunkBoundaries) {
  IngestHarness h;
  std::vector<std::string> rows;
  const int n = 150000;  // ~6 MB, more than one chunk
  for (int i = 0; i < n; ++i) {
    rows.push_back(Ms(kT0 + i) + "," + kSub1 + "," + kOffNet + "," + std::to_string(i % 600) +
                   ",C00" + std::to_string(1 + i % 4));
  }
  rows.push_back(Ms(kT0 + n) + "," + kSub1 + "," + kSub2 + ",1,C001," + std::string(5 << 20, 'x'));
  rows.push_back(Ms(kT0 + n + 1) + "," + kSub1 + "," + kSub2 + ",2,C001");
  std::vector<Record> records =
      h.RunAll(h.WriteData("calls.csv", CsvText(kCallsHeader, rows)), Feed::kCalls, 4096);
  ASSERT_EQ(records.size(), static_cast<size_t>(n + 1));
  for (int i = 0; i < n; ++i) {
    ASSERT_EQ(records[i].ts_ms, kT0 + i) << i;
    ASSERT_EQ(records[i].duration_s, static_cast<uint32_t>(i % 600)) << i;
  }
  EXPECT_EQ(records[n].duration_s, 2u);
  const InputCounts& c = h.counts(Feed::kCalls);
  EXPECT_EQ(c.by_reason[static_cast<int>(Reason::kWrongFieldCount)], 1u);
  std::vector<DeadLetterRow> dl = h.DeadLetterRows("calls");
  ASSERT_EQ(dl.size(), 1u);
  EXPECT_EQ(dl[0].line, static_cast<uint64_t>(n + 2));
  EXPECT_EQ(dl[0].raw.size(), rows[n].size());
}

}  // namespace
}  // namespace ripple::ingest::testing
