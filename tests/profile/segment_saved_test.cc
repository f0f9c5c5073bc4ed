// Saved segments: config/segments.yaml loading and its errors, evaluation with file positions,
// and the segments.csv / segments.bin files.
#include <gtest/gtest.h>

#include <filesystem>

#include "profile/segment.h"
#include "segment_test_util.h"

namespace ripple::profile {
namespace {

using ripple::testing::ReadFile;
using ripple::testing::TempDir;
using ripple::testing::WriteFile;
using testing::SmallTable;
using V = std::vector<uint32_t>;

// The error of loading `yaml`, with the temp path replaced by "F".
std::string LoadError(const std::string& yaml) {
  TempDir dir;
  const std::string path = dir / "segments.yaml";
  WriteFile(path, yaml);
  Result<std::vector<SavedSegmentDef>> defs = LoadSavedSegments(path);
  if (defs.ok()) return "";
  std::string msg = defs.status().message();
  if (msg.rfind(path, 0) == 0) msg = "F" + msg.substr(path.size());
  return msg;
}

// The error of evaluating the segments of `yaml` against the small table, source "F".
std::string EvaluateError(const std::string& yaml) {
  TempDir dir;
  const std::string path = dir / "segments.yaml";
  WriteFile(path, yaml);
  Result<std::vector<SavedSegmentDef>> defs = LoadSavedSegments(path);
  EXPECT_TRUE(defs.ok()) << defs.status().ToString();
  if (!defs.ok()) return "";
  Result<std::vector<SavedSegmentResult>> r = EvaluateSavedSegments(*defs, SmallTable(), "F");
  return r.ok() ? "" : r.status().message();
}

V BitmapMembers(const std::string& bytes) {
  return testing::Members(Roaring::readSafe(bytes.data(), bytes.size()));
}

TEST(SegmentSaved, LoadsNamesExpressionsAndWhereEachExpressionStarts) {
  TempDir dir;
  const std::string path = dir / "segments.yaml";
  WriteFile(path,
            "segments:\n"
            "  - name: old_north\n"
            "    expr: region = 'north' and age > 40\n"
            "    description: Northerners over 40\n"
            "  - name: gamers\n"
            "    expr: \"interest has 'games'\"\n"
            "  - name: block\n"
            "    expr: |\n"
            "      age > 30\n"
            "      and is_5g\n");
  Result<std::vector<SavedSegmentDef>> defs = LoadSavedSegments(path);
  ASSERT_OK(defs);
  ASSERT_EQ(defs->size(), 3u);
  EXPECT_EQ((*defs)[0].name, "old_north");
  EXPECT_EQ((*defs)[0].expr, "region = 'north' and age > 40");
  EXPECT_EQ((*defs)[0].description, "Northerners over 40");
  EXPECT_EQ((*defs)[0].line, 3);
  EXPECT_EQ((*defs)[0].column, 11);
  EXPECT_EQ((*defs)[1].expr, "interest has 'games'");
  EXPECT_EQ((*defs)[1].description, "");
  EXPECT_EQ((*defs)[1].line, 6);
  EXPECT_EQ((*defs)[1].column, 12);  // past the opening quote
  EXPECT_EQ((*defs)[2].expr, "age > 30\nand is_5g\n");
  EXPECT_EQ((*defs)[2].line, 9);  // the block's first line
  EXPECT_EQ((*defs)[2].column, 7);
}

TEST(SegmentSaved, EmptyFileOrListHasNoSegments) {
  EXPECT_EQ(LoadError(""), "");
  EXPECT_EQ(LoadError("segments:\n"), "");
  EXPECT_EQ(LoadError("segments: []\n"), "");
}

TEST(SegmentSaved, MissingFileIsNotFound) {
  Result<std::vector<SavedSegmentDef>> defs = LoadSavedSegments("/nonexistent/segments.yaml");
  ASSERT_FALSE(defs.ok());
  EXPECT_EQ(defs.status().code(), StatusCode::kNotFound);
}

TEST(SegmentSaved, YamlErrorsNameFileLineAndColumn) {
  EXPECT_EQ(LoadError("segments:\n  - name: a\n    expr: [age\n"),
            "F:4:1: invalid YAML: end of sequence flow not found");
  EXPECT_EQ(LoadError("segment:\n  - name: a\n"),
            "F:1:1: unknown key 'segment' (the file holds one key, 'segments')");
  EXPECT_EQ(LoadError("- name: a\n"), "F:1:1: expected a mapping with the key 'segments'");
  EXPECT_EQ(LoadError("segments:\n  name: a\n"),
            "F:2:3: 'segments' must be a list of {name, expr, description}");
  EXPECT_EQ(LoadError("segments:\n  - just text\n"),
            "F:2:5: each segment must be a mapping with name and expr");
}

TEST(SegmentSaved, KeysAndNamesAreChecked) {
  EXPECT_EQ(LoadError("segments:\n  - name: a\n    exp: age > 3\n"),
            "F:3:5: unknown key 'exp' (did you mean 'expr'?) (a segment has name, expr and "
            "description)");
  EXPECT_EQ(LoadError("segments:\n  - expr: age > 3\n"), "F:2:5: missing 'name'");
  EXPECT_EQ(LoadError("segments:\n  - name: a\n"), "F:2:5: segment 'a' has no 'expr'");
  EXPECT_EQ(LoadError("segments:\n  - name: a\n    expr:\n    description:\n"),
            "F:3:5: segment 'a' has an empty 'expr'");
  EXPECT_EQ(LoadError("segments:\n  - name: a\n    expr: '  '\n"),
            "F:3:5: segment 'a' has an empty 'expr'");
  EXPECT_EQ(LoadError("segments:\n  - name: Young\n    expr: age < 30\n"),
            "F:2:11: segment name 'Young' must be lower case letters, digits and _, starting "
            "with a letter");
  EXPECT_EQ(LoadError("segments:\n  - name: a\n    expr: [age]\n"),
            "F:3:11: 'expr' must be a single value, not a list or mapping");
}

TEST(SegmentSaved, DuplicateNamesAreAnError) {
  EXPECT_EQ(LoadError("segments:\n"
                      "  - name: a\n"
                      "    expr: age > 3\n"
                      "  - name: a\n"
                      "    expr: age > 4\n"),
            "F:4:11: duplicate segment name 'a' (first defined on line 2)");
}

TEST(SegmentSaved, ExpressionErrorsPointIntoTheFile) {
  EXPECT_EQ(EvaluateError("segments:\n"
                          "  - name: ok\n"
                          "    expr: all\n"
                          "  - name: x\n"
                          "    expr: age > 30 and agee < 5\n"),
            "F:5:24: segment 'x': unknown tag 'agee' (did you mean 'age'?)");
  EXPECT_EQ(EvaluateError("segments:\n"
                          "  - name: x\n"
                          "    expr: \"region = 'north' and agee > 1\"\n"),
            "F:3:33: segment 'x': unknown tag 'agee' (did you mean 'age'?)");
  EXPECT_EQ(EvaluateError("segments:\n"
                          "  - name: x\n"
                          "    expr: |\n"
                          "      age > 30\n"
                          "      and agee > 1\n"),
            "F:5:11: segment 'x': unknown tag 'agee' (did you mean 'age'?)");
  EXPECT_EQ(EvaluateError("segments:\n"
                          "  - name: x\n"
                          "    expr: (age > 3\n"),
            "F:3:11: segment 'x': '(' is never closed (expected ')' before the end)");
}

TEST(SegmentSaved, EvaluatesCountsAndBitmaps) {
  TagTable t = SmallTable();
  std::vector<SavedSegmentDef> defs = {{"north", "region = 'north'", "N", 2, 11},
                                       {"nobody", "none", "", 4, 11},
                                       {"not_old", "not age > 30", "", 6, 11}};
  Result<std::vector<SavedSegmentResult>> r = EvaluateSavedSegments(defs, t, "F");
  ASSERT_OK(r);
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].name, "north");
  EXPECT_EQ((*r)[0].expr, "region = 'north'");
  EXPECT_EQ((*r)[0].description, "N");
  EXPECT_EQ((*r)[0].count, 3u);
  EXPECT_EQ(BitmapMembers((*r)[0].bitmap), (V{0, 3, 7}));
  EXPECT_EQ((*r)[1].count, 0u);
  EXPECT_EQ(BitmapMembers((*r)[1].bitmap), V{});
  EXPECT_EQ((*r)[2].count, 5u);
  EXPECT_EQ(BitmapMembers((*r)[2].bitmap), (V{0, 2, 4, 5, 6}));
}

TEST(SegmentStore, WriteReadRoundTripKeepsCountsAndMembers) {
  TagTable t = SmallTable();
  std::vector<SavedSegmentDef> defs = {
      {"north", "region = 'north'", "Lives north, \"mostly\"", 0, 0},
      {"gamers", "interest has 'games' or\nage < 20", "", 0, 0}};
  Result<std::vector<SavedSegmentResult>> r = EvaluateSavedSegments(defs, t, "F");
  ASSERT_OK(r);
  TempDir dir;
  const std::string out = dir / "profile";
  ASSERT_OK(WriteSavedSegments(*r, out));
  EXPECT_EQ(ReadFile(out + "/segments.csv"),
            "name,count,expr,description\n"
            "north,3,region = 'north',\"Lives north, \"\"mostly\"\"\"\n"
            "gamers,3,interest has 'games' or age < 20,\n");
  Result<std::vector<SavedSegmentResult>> back = ReadSavedSegments(out);
  ASSERT_OK(back);
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].name, "north");
  EXPECT_EQ((*back)[0].description, "Lives north, \"mostly\"");
  EXPECT_EQ((*back)[0].count, 3u);
  EXPECT_EQ(BitmapMembers((*back)[0].bitmap), (V{0, 3, 7}));
  EXPECT_EQ((*back)[1].expr, "interest has 'games' or\nage < 20");
  EXPECT_EQ((*back)[1].count, 3u);
  EXPECT_EQ(BitmapMembers((*back)[1].bitmap), (V{0, 2, 5}));
  EXPECT_FALSE(std::filesystem::exists(out + "/segments.bin.tmp"));
}

TEST(SegmentStore, NoSegmentsRoundTrip) {
  TempDir dir;
  ASSERT_OK(WriteSavedSegments({}, dir / "p"));
  Result<std::vector<SavedSegmentResult>> back = ReadSavedSegments(dir / "p");
  ASSERT_OK(back);
  EXPECT_TRUE(back->empty());
}

TEST(SegmentStore, MissingFileIsNotFound) {
  TempDir dir;
  Result<std::vector<SavedSegmentResult>> back = ReadSavedSegments(dir / "nothing");
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().code(), StatusCode::kNotFound);
}

TEST(SegmentStore, CorruptFilesAreErrorsNotCrashes) {
  TagTable t = SmallTable();
  Result<std::vector<SavedSegmentResult>> r =
      EvaluateSavedSegments({{"north", "region = 'north'", "", 0, 0}}, t, "F");
  ASSERT_OK(r);
  TempDir dir;
  ASSERT_OK(WriteSavedSegments(*r, dir.path().string()));
  const std::string bin = dir / "segments.bin";
  const std::string good = ReadFile(bin);

  auto expect_corrupt = [&](const std::string& bytes, const std::string& why) {
    WriteFile(bin, bytes);
    Result<std::vector<SavedSegmentResult>> back = ReadSavedSegments(dir.path().string());
    ASSERT_FALSE(back.ok()) << why;
    EXPECT_EQ(back.status().code(), StatusCode::kCorruption) << why;
    EXPECT_NE(back.status().message().find(bin), std::string::npos) << why;
  };
  expect_corrupt("", "empty");
  expect_corrupt("RIPSEGS1", "header only");
  expect_corrupt(good.substr(0, good.size() - 3), "truncated");
  for (size_t i = 0; i < good.size(); i += 7) {
    std::string flipped = good;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
    expect_corrupt(flipped, "byte " + std::to_string(i) + " flipped");
  }
}

TEST(SegmentStore, BitmapsThatDoNotMatchTheirCountAreRejected) {
  TempDir dir;
  SavedSegmentResult garbage{"g", "all", "", 3, "not a bitmap at all"};
  ASSERT_OK(WriteSavedSegments({garbage}, dir.path().string()));
  Result<std::vector<SavedSegmentResult>> back = ReadSavedSegments(dir.path().string());
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().code(), StatusCode::kCorruption);

  Roaring three = Roaring::bitmapOf(3, 1, 2, 3);
  SavedSegmentResult wrong_count{"w", "all", "", 4, std::string(three.getSizeInBytes(), '\0')};
  three.write(wrong_count.bitmap.data());
  ASSERT_OK(WriteSavedSegments({wrong_count}, dir.path().string()));
  back = ReadSavedSegments(dir.path().string());
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().message(),
            dir / "segments.bin" +
                ": not a readable saved segments file (bitmap of segment 'w' does not match its "
                "count); rerun `ripple batch`");
}

}  // namespace
}  // namespace ripple::profile
