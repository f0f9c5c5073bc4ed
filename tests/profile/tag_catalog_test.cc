// The tags.yaml format: what a valid catalog compiles to (types, window slots, bands, entry
// positions), loading from a file, and where errors inside expressions point.
#include "profile/tag_catalog.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tag_test_schema.h"

namespace ripple::profile {
namespace {

using testing::ParseError;
using testing::ParseTestCatalog;

constexpr char kCatalog[] =
    "# a comment\n"
    "tags:\n"
    "  - id: calls_30d\n"  // line 3
    "    dimension: communication\n"
    "    description: Outgoing calls, last 30 days\n"
    "    expr: sum(calls_out, 30d)\n"
    "  - id: data_7d_avg\n"  // line 7
    "    dimension: usage\n"
    "    expr: avg(data_kib, 7d)\n"
    "  - id: heavy_caller\n"  // line 10
    "    dimension: communication\n"
    "    expr: \"sum(calls_out, 30d) + sum(calls_in, 30d) > 100\"\n"
    "  - id: home\n"  // line 13
    "    dimension: location\n"
    "    builtin: home_cell\n"
    "  - id: interests\n"  // line 16
    "    dimension: interest\n"
    "    builtin: interest\n"
    "  - id: data_band\n"  // line 19
    "    dimension: usage\n"
    "    expr: sum(data_kib, 1d) / 1048576\n"
    "    bands:\n"
    "      - {below: 1, label: light}\n"
    "      - below: 20\n"
    "        label: medium\n"
    "      - {label: heavy}\n"
    "  - {id: quiet, dimension: social, expr: 'active_days(30d) == 0'}\n";  // line 27

TEST(TagCatalog, ParsesEveryKindOfEntry) {
  auto catalog = ParseTestCatalog(kCatalog);
  ASSERT_OK(catalog);
  ASSERT_EQ(catalog->tags.size(), 7u);
  const auto& t = catalog->tags;
  EXPECT_EQ(t[0].id, "calls_30d");
  EXPECT_EQ(t[0].dimension, Dimension::kCommunication);
  EXPECT_EQ(t[0].description, "Outgoing calls, last 30 days");
  EXPECT_EQ(t[0].expr_text, "sum(calls_out, 30d)");
  EXPECT_EQ(t[0].type, TagType::kNumber);
  EXPECT_EQ(t[1].type, TagType::kNumber);
  EXPECT_EQ(t[2].type, TagType::kFlag);
  EXPECT_EQ(t[3].builtin, "home_cell");
  EXPECT_EQ(t[3].type, TagType::kText);  // the registry's type
  EXPECT_TRUE(t[3].program.ops.empty());
  EXPECT_EQ(t[4].type, TagType::kSet);
  EXPECT_EQ(t[5].type, TagType::kText);  // a number with bands
  EXPECT_EQ(t[6].id, "quiet");
  EXPECT_EQ(t[6].dimension, Dimension::kSocial);
  EXPECT_EQ(t[6].type, TagType::kFlag);
  EXPECT_EQ(t[6].description, "");
}

TEST(TagCatalog, RecordsWhereEachEntryStarts) {
  auto catalog = ParseTestCatalog(kCatalog);
  ASSERT_OK(catalog);
  const int lines[] = {3, 7, 10, 13, 16, 19, 27};
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(catalog->tags[i].line, lines[i]) << i;
    EXPECT_EQ(catalog->tags[i].column, 5) << i;  // the first key, or the '{' of a flow entry
  }
}

TEST(TagCatalog, WindowsGetSlotsInAscendingOrder) {
  auto catalog = ParseTestCatalog(kCatalog);
  ASSERT_OK(catalog);
  EXPECT_EQ(catalog->window_days, (std::vector<int>{1, 7, 30}));
  const auto& calls = catalog->tags[0].program.ops;  // sum(calls_out, 30d)
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].code, OpCode::kWindow);
  EXPECT_EQ(calls[0].a, 0);                        // calls_out
  EXPECT_EQ(calls[0].b, 2);                        // 30d
  const auto& avg = catalog->tags[1].program.ops;  // avg(data_kib, 7d) = sum / 7
  ASSERT_EQ(avg.size(), 2u);
  EXPECT_EQ(avg[0].code, OpCode::kWindow);
  EXPECT_EQ(avg[0].a, 2);  // data_kib
  EXPECT_EQ(avg[0].b, 1);  // 7d
  EXPECT_EQ(avg[1].code, OpCode::kDivConst);
  EXPECT_EQ(avg[1].value, 7);
  EXPECT_EQ(catalog->tags[5].program.ops[0].b, 0);  // 1d
  const auto& quiet = catalog->tags[6].program.ops;
  EXPECT_EQ(quiet[0].code, OpCode::kActiveDays);
  EXPECT_EQ(quiet[0].b, 2);
}

TEST(TagCatalog, BandsBecomeAscendingThresholdsWithAnOpenLastBand) {
  auto catalog = ParseTestCatalog(kCatalog);
  ASSERT_OK(catalog);
  const auto& bands = catalog->tags[5].bands;
  ASSERT_EQ(bands.size(), 3u);
  EXPECT_EQ(bands[0].below, 1);
  EXPECT_EQ(bands[0].label, "light");
  EXPECT_EQ(bands[1].below, 20);
  EXPECT_EQ(bands[1].label, "medium");
  EXPECT_EQ(bands[2].below, std::numeric_limits<double>::infinity());
  EXPECT_EQ(bands[2].label, "heavy");
}

TEST(TagCatalog, AnEmptyListIsAnEmptyCatalog) {
  auto catalog = ParseTestCatalog("tags: []\n");
  ASSERT_OK(catalog);
  EXPECT_TRUE(catalog->tags.empty());
  EXPECT_TRUE(catalog->window_days.empty());
}

TEST(TagCatalog, WindowsUpToTheRetentionAreAccepted) {
  auto catalog = ParseTestCatalog(testing::OneTagYaml("sum(calls_in, 35d) + sum(calls_in, 1d)"));
  ASSERT_OK(catalog);
  EXPECT_EQ(catalog->window_days, (std::vector<int>{1, 7, 30, 35}));
}

TEST(TagCatalog, LoadsFromAFileAndNamesItInErrors) {
  ::ripple::testing::TempDir dir;
  const std::string path = dir / "tags.yaml";
  ::ripple::testing::WriteFile(path, kCatalog);
  auto catalog = LoadTagCatalog(path, testing::TestSchema(), testing::kTestBuiltins);
  ASSERT_OK(catalog);
  EXPECT_EQ(catalog->tags.size(), 7u);

  ::ripple::testing::WriteFile(path, "tags:\n  - id: x\n    dimension: usage\n    expr: agee\n");
  auto bad = LoadTagCatalog(path, testing::TestSchema(), testing::kTestBuiltins);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(),
            path + ":4:11: unknown identifier 'agee' (did you mean 'age'?)");

  auto missing = LoadTagCatalog(dir / "none.yaml", testing::TestSchema(), testing::kTestBuiltins);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("none.yaml"), std::string::npos);
}

// --- Positions of errors inside expressions -------------------------------------------------

std::string Entry(const std::string& expr_lines) {
  return "tags:\n  - id: x\n    dimension: usage\n" + expr_lines;  // expr on line 4
}

TEST(TagCatalog, ErrorInAPlainScalarPointsAtTheToken) {
  EXPECT_EQ(ParseError(Entry("    expr: agee + 1\n")),
            "t.yaml:4:11: unknown identifier 'agee' (did you mean 'age'?)");
  EXPECT_EQ(ParseError(Entry("    expr: age + agee\n")),
            "t.yaml:4:17: unknown identifier 'agee' (did you mean 'age'?)");
}

TEST(TagCatalog, ErrorInAQuotedScalarCountsTheQuote) {
  EXPECT_EQ(ParseError(Entry("    expr: \"age + agee\"\n")),
            "t.yaml:4:18: unknown identifier 'agee' (did you mean 'age'?)");
  EXPECT_EQ(ParseError(Entry("    expr: 'age + agee'\n")),
            "t.yaml:4:18: unknown identifier 'agee' (did you mean 'age'?)");
}

TEST(TagCatalog, ErrorAfterAnEscapeFallsBackToTheScalar) {
  // "\x61" decodes to 'a': offsets after it no longer match the file, so the scalar is named.
  EXPECT_EQ(ParseError(Entry("    expr: \"\\x61ge + agee\"\n")),
            "t.yaml:4:11: unknown identifier 'agee' (did you mean 'age'?)");
}

TEST(TagCatalog, ErrorInAMultiLineScalarPointsAtItsLine) {
  EXPECT_EQ(ParseError(Entry("    expr: |\n      age +\n        agee\n")),
            "t.yaml:6:9: unknown identifier 'agee' (did you mean 'age'?)");
  EXPECT_EQ(ParseError(Entry("    expr: >-\n      sum(calls_out, 30d)\n      / agee\n")),
            "t.yaml:6:9: unknown identifier 'agee' (did you mean 'age'?)");
  EXPECT_EQ(ParseError(Entry("    expr: sum(calls_out, 30d) +\n      agee\n")),
            "t.yaml:5:7: unknown identifier 'agee' (did you mean 'age'?)");
}

TEST(TagCatalog, ErrorInAFlowMappingPointsAtTheToken) {
  EXPECT_EQ(ParseError("tags:\n  - {id: x, dimension: usage, expr: age + agee}\n"),
            "t.yaml:2:43: unknown identifier 'agee' (did you mean 'age'?)");
}

TEST(TagCatalog, ErrorAtTheEndPointsJustAfterTheLastCharacter) {
  EXPECT_EQ(ParseError(Entry("    expr: age +   # the rest is missing\n")),
            "t.yaml:4:16: expected a number, a feature name, a function call or '(', found end "
            "of expression");
  EXPECT_EQ(ParseError(Entry("    expr: \"age *\"\n")),
            "t.yaml:4:17: expected a number, a feature name, a function call or '(', found end "
            "of expression");
}

}  // namespace
}  // namespace ripple::profile
