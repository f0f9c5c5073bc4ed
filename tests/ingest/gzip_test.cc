// .csv.gz feeds: the same records and counts as the plain file, and exact resume points.
#include <filesystem>

#include "ingest/ingest_fixture.h"

namespace ripple::ingest::testing {
namespace {

std::string SampleCsv(int n) {
  std::vector<std::string> lines;
  for (const CallRow& r : SampleCalls(n)) lines.push_back(r.Csv());
  return CsvText(kCallsHeader, lines);
}

TEST(GzipFeedFile, GivesTheSameRecordsAndCountsAsThePlainFile) {
  const std::string text = SampleCsv(5000);
  IngestHarness plain, gz;
  std::vector<Record> a = plain.RunAll(plain.WriteData("calls.csv", text), Feed::kCalls, 256);
  WriteGzip(gz.Path("calls.csv.gz"), text);
  ASSERT_LT(std::filesystem::file_size(gz.Path("calls.csv.gz")), text.size() / 2);
  std::vector<Record> b = gz.RunAll(gz.Path("calls.csv.gz"), Feed::kCalls, 256);

  EXPECT_GT(a.size(), 3000u);
  EXPECT_EQ(plain.Fingerprints(a), gz.Fingerprints(b));
  ExpectSameCounts(plain.counts(Feed::kCalls), gz.counts(Feed::kCalls));
  EXPECT_GT(plain.counts(Feed::kCalls).late, 0u);
  EXPECT_EQ(Total(gz.counts(Feed::kCalls)), 5000u);

  std::vector<DeadLetterRow> da = plain.DeadLetterRows("calls"), db = gz.DeadLetterRows("calls");
  ASSERT_EQ(da.size(), db.size());
  for (size_t i = 0; i < da.size(); ++i) {
    EXPECT_EQ(da[i].line, db[i].line);
    EXPECT_EQ(da[i].reason, db[i].reason);
    EXPECT_EQ(da[i].raw, db[i].raw);
    EXPECT_EQ(db[i].source, "calls.csv.gz");
  }
}

TEST(GzipFeedFile, ResumesInTheMiddleFromASavedPosition) {
  const int n = 6000;
  const std::string text = SampleCsv(n);
  IngestHarness full_run, split_run;
  WriteGzip(full_run.Path("calls.csv.gz"), text);
  WriteGzip(split_run.Path("calls.csv.gz"), text);
  std::vector<Record> full = full_run.RunAll(full_run.Path("calls.csv.gz"), Feed::kCalls, 100);

  RunCounts first_counts, second_counts;
  std::vector<Record> split;
  std::string position;
  {
    auto ingester = split_run.Open(split_run.Path("calls.csv.gz"), Feed::kCalls, &first_counts);
    ASSERT_OK(ingester);
    std::vector<Record> batch;
    while ((*ingester)->line_number() < n / 2 && (*ingester)->NextBatch(&batch, 100)) {
      split.insert(split.end(), batch.begin(), batch.end());
    }
    ByteWriter w;
    (*ingester)->SavePosition(w);
    position = w.Take();
  }
  {
    auto ingester = split_run.Open(split_run.Path("calls.csv.gz"), Feed::kCalls, &second_counts);
    ASSERT_OK(ingester);
    ByteReader r(position);
    ASSERT_OK((*ingester)->RestorePosition(r));
    EXPECT_GE((*ingester)->line_number(), static_cast<uint64_t>(n / 2));
    IngestHarness::Drain(**ingester, &split, 100);
    EXPECT_EQ((*ingester)->line_number(), static_cast<uint64_t>(n + 1));
  }
  EXPECT_EQ(full_run.Fingerprints(full), split_run.Fingerprints(split));
  InputCounts sum = first_counts.feeds[0];
  sum.Add(second_counts.feeds[0]);
  ExpectSameCounts(sum, full_run.counts(Feed::kCalls));
}

TEST(GzipFeedFile, ReportsATruncatedFileAsAReadError) {
  const std::string text = SampleCsv(20000);
  IngestHarness h;
  const std::string path = h.Path("calls.csv.gz");
  WriteGzip(path, text);
  std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
  auto ingester = h.Open(path, Feed::kCalls);
  ASSERT_OK(ingester);
  std::vector<Record> batch;
  size_t records = 0;
  while ((*ingester)->NextBatch(&batch, 512)) records += batch.size();
  EXPECT_GT(records, 0u);
  EXPECT_FALSE((*ingester)->status().ok()) << "a cut gzip stream must not look like a clean end";
  EXPECT_NE((*ingester)->status().message().find(path), std::string::npos)
      << (*ingester)->status().message();
}

TEST(GzipFeedFile, ReadsGzippedJsonLines) {
  IngestHarness h;
  std::string text;
  for (const CallRow& r : SampleCalls(300)) text += r.Json() + "\n";
  WriteGzip(h.Path("calls.jsonl.gz"), text);
  h.WriteData("calls.jsonl", text);
  RunCounts gz_counts;
  std::vector<Record> from_gz;
  {
    auto ingester = h.Open(h.Path("calls.jsonl.gz"), Feed::kCalls, &gz_counts);
    ASSERT_OK(ingester);
    IngestHarness::Drain(**ingester, &from_gz);
  }
  IngestHarness plain;
  std::vector<Record> from_plain = plain.RunAll(plain.WriteData("calls.jsonl", text), Feed::kCalls);
  EXPECT_GT(from_plain.size(), 150u);
  EXPECT_EQ(h.Fingerprints(from_gz), plain.Fingerprints(from_plain));
  ExpectSameCounts(gz_counts.feeds[0], plain.counts(Feed::kCalls));
}

}  // namespace
}  // namespace ripple::ingest::testing
