// DeadLetters: the CSV it writes, and truncating back to a checkpoint on restart.
#include "ingest/dead_letters.h"

#include <filesystem>

#include "ingest/ingest_fixture.h"

namespace ripple::ingest::testing {
namespace {
namespace fs = std::filesystem;

TEST(DeadLetters, WritesOneCsvPerStemWithAHeader) {
  TempDir dir;
  auto dl = DeadLetters::Open(dir / "dl", {"calls", "sms"}, {});
  ASSERT_OK(dl);
  (*dl)->Write("calls", "calls.csv", 7, Reason::kBadNumber, "1,abc,2,3,");
  (*dl)->Write("calls", "calls.csv", 9, Reason::kLate, "4,5,6,7,");
  ASSERT_OK((*dl)->Flush(true));
  EXPECT_EQ(
      ReadLines(dir / "dl/calls.csv"),
      (std::vector<std::string>{"source,line,reason,raw", "calls.csv,7,bad_number,\"1,abc,2,3,\"",
                                "calls.csv,9,late,\"4,5,6,7,\""}));
  EXPECT_FALSE(fs::exists(dir / "dl/sms.csv")) << "no file until something is written";
  auto sizes = (*dl)->Sizes();
  ASSERT_EQ(sizes.count("calls.csv"), 1u);
  EXPECT_EQ(sizes["calls.csv"], fs::file_size(dir / "dl/calls.csv"));
}

TEST(DeadLetters, QuotesFieldsHoldingCommasQuotesOrNewlines) {
  std::string out;
  AppendCsvField(out, "plain");
  EXPECT_EQ(out, "plain");
  out.clear();
  AppendCsvField(out, "say \"hi\", twice");
  EXPECT_EQ(out, "\"say \"\"hi\"\", twice\"");
  out.clear();
  AppendCsvField(out, "a\rb");
  EXPECT_EQ(out, "\"a\rb\"");

  TempDir dir;
  auto dl = DeadLetters::Open(dir / "dl", {"visits"}, {});
  ASSERT_OK(dl);
  const std::string raw = "1793491200000,13800138001,web,\"/a,\"\"b\"\"\"";
  (*dl)->Write("visits", "my,visits.csv", 2, Reason::kBadValue, raw);
  ASSERT_OK((*dl)->Flush(false));
  std::vector<DeadLetterRow> rows = ReadDeadLetterFile(dir / "dl/visits.csv");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].source, "my,visits.csv");
  EXPECT_EQ(rows[0].line, 2u);
  EXPECT_EQ(rows[0].reason, "bad_value");
  EXPECT_EQ(rows[0].raw, raw);
}

TEST(DeadLetters, OpenWithCheckpointSizesTruncatesBackAndAppends) {
  TempDir dir;
  std::map<std::string, uint64_t> checkpoint;
  {
    auto dl = DeadLetters::Open(dir / "dl", {"calls", "sms"}, {});
    ASSERT_OK(dl);
    (*dl)->Write("calls", "calls.csv", 2, Reason::kBadNumber, "a");
    (*dl)->Write("calls", "calls.csv", 3, Reason::kBadNumber, "b");
    (*dl)->Write("sms", "sms.csv", 2, Reason::kMissingField, "c");
    ASSERT_OK((*dl)->Flush(true));
    checkpoint = (*dl)->Sizes();
    // Written after the checkpoint, then the process dies.
    (*dl)->Write("calls", "calls.csv", 4, Reason::kBadNumber, "d");
    (*dl)->Write("calls", "calls.csv", 5, Reason::kBadNumber, "e");
    (*dl)->Write("sms", "sms.csv", 3, Reason::kMissingField, "f");
    ASSERT_OK((*dl)->Flush(false));
  }
  ASSERT_EQ(checkpoint.size(), 2u);
  auto dl = DeadLetters::Open(dir / "dl", {"calls", "sms"}, checkpoint);
  ASSERT_OK(dl);
  EXPECT_EQ(fs::file_size(dir / "dl/calls.csv"), checkpoint["calls.csv"]);
  EXPECT_EQ(fs::file_size(dir / "dl/sms.csv"), checkpoint["sms.csv"]);
  // The re-read records are written again, once.
  (*dl)->Write("calls", "calls.csv", 4, Reason::kBadNumber, "d");
  ASSERT_OK((*dl)->Flush(false));
  std::vector<DeadLetterRow> rows = ReadDeadLetterFile(dir / "dl/calls.csv");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].raw, "d");
  EXPECT_EQ((*dl)->Sizes()["calls.csv"], fs::file_size(dir / "dl/calls.csv"));
  EXPECT_EQ(ReadDeadLetterFile(dir / "dl/sms.csv").size(), 1u);
}

TEST(DeadLetters, FreshOpenRemovesManagedFilesOnly) {
  TempDir dir;
  WriteFile(dir / "dl/calls.csv", "old\n");
  WriteFile(dir / "dl/subscribers.csv", "kept\n");
  auto dl = DeadLetters::Open(dir / "dl", {"calls", "sms"}, {});
  ASSERT_OK(dl);
  EXPECT_FALSE(fs::exists(dir / "dl/calls.csv"));
  EXPECT_EQ(ReadLines(dir / "dl/subscribers.csv"), std::vector<std::string>{"kept"});
}

// A managed stem absent from the checkpoint had nothing written before it: its file goes.
TEST(DeadLetters, CheckpointWithoutAStemRemovesItsFile) {
  TempDir dir;
  std::map<std::string, uint64_t> checkpoint;
  {
    auto dl = DeadLetters::Open(dir / "dl", {"calls", "sms"}, {});
    ASSERT_OK(dl);
    (*dl)->Write("calls", "calls.csv", 2, Reason::kBadNumber, "a");
    ASSERT_OK((*dl)->Flush(false));
    checkpoint = (*dl)->Sizes();
    (*dl)->Write("sms", "sms.csv", 2, Reason::kBadNumber, "after the checkpoint");
    ASSERT_OK((*dl)->Flush(false));
  }
  auto dl = DeadLetters::Open(dir / "dl", {"calls", "sms"}, checkpoint);
  ASSERT_OK(dl);
  EXPECT_FALSE(fs::exists(dir / "dl/sms.csv"));
  EXPECT_EQ(ReadDeadLetterFile(dir / "dl/calls.csv").size(), 1u);
}

TEST(DeadLetters, ReportsAFolderItCannotCreate) {
  TempDir dir;
  WriteFile(dir / "file", "x");
  auto dl = DeadLetters::Open(dir / "file/dl", {"calls"}, {});
  ASSERT_FALSE(dl.ok());
  EXPECT_NE(dl.status().message().find(dir / "file/dl"), std::string::npos);
}

}  // namespace
}  // namespace ripple::ingest::testing
