// LineReader: lines of plain and gzip files, positions and SeekTo.
#include "ingest/line_reader.h"

#include "ingest/ingest_fixture.h"

namespace ripple::ingest::testing {
namespace {

std::string Numbered(int n) {
  std::string text;
  for (int i = 1; i <= n; ++i) text += "line " + std::to_string(i) + (i % 3 == 0 ? "\r\n" : "\n");
  return text;
}

class LineReaderTest : public ::testing::TestWithParam<bool> {
 protected:
  std::string Write(const std::string& text) {
    std::string path = dir_ / (GetParam() ? "f.txt.gz" : "f.txt");
    if (GetParam()) {
      WriteGzip(path, text);
    } else {
      WriteFile(path, text);
    }
    return path;
  }
  TempDir dir_;
};

TEST_P(LineReaderTest, ReturnsLinesWithoutTerminatorsAndTracksPosition) {
  const std::string text = Numbered(5) + "tail";
  auto r = LineReader::Open(Write(text));
  ASSERT_OK(r);
  std::string_view line;
  for (int i = 1; i <= 5; ++i) {
    ASSERT_TRUE((*r)->Next(&line));
    EXPECT_EQ(line, "line " + std::to_string(i));
    EXPECT_EQ((*r)->line_number(), static_cast<uint64_t>(i));
  }
  ASSERT_TRUE((*r)->Next(&line));
  EXPECT_EQ(line, "tail");
  EXPECT_EQ((*r)->offset(), text.size());
  EXPECT_FALSE((*r)->Next(&line));
  EXPECT_OK((*r)->status());
}

TEST_P(LineReaderTest, SeeksToASavedPositionInAnotherReader) {
  const int n = 300000;  // several read chunks
  const std::string text = Numbered(n);
  const std::string path = Write(text);
  uint64_t offset = 0, line_number = 0;
  {
    auto r = LineReader::Open(path);
    ASSERT_OK(r);
    std::string_view line;
    for (int i = 0; i < 200001; ++i) ASSERT_TRUE((*r)->Next(&line));
    offset = (*r)->offset();
    line_number = (*r)->line_number();
  }
  EXPECT_EQ(line_number, 200001u);
  EXPECT_EQ(text.substr(offset, 12), "line 200002\n");
  auto r = LineReader::Open(path);
  ASSERT_OK(r);
  ASSERT_OK((*r)->SeekTo(offset, line_number));
  std::string_view line;
  ASSERT_TRUE((*r)->Next(&line));
  EXPECT_EQ(line, "line 200002");
  EXPECT_EQ((*r)->line_number(), 200002u);
  int rest = 1;
  while ((*r)->Next(&line)) ++rest;
  EXPECT_EQ(rest, n - 200001);
  EXPECT_EQ((*r)->offset(), text.size());
}

TEST_P(LineReaderTest, RefusesToSeekPastTheEnd) {
  const std::string path = Write(Numbered(10));
  auto r = LineReader::Open(path);
  ASSERT_OK(r);
  Status st = (*r)->SeekTo(1 << 20, 5000);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find(path), std::string::npos) << st.message();
}

INSTANTIATE_TEST_SUITE_P(PlainAndGzip, LineReaderTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Gzip" : "Plain"; });

TEST(LineReader, MissingFileIsAnErrorNamingThePath) {
  TempDir dir;
  auto r = LineReader::Open(dir / "absent.csv.gz");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(dir / "absent.csv.gz"), std::string::npos);
}

}  // namespace
}  // namespace ripple::ingest::testing
