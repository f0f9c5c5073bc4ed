// Strict single-field parsers and the CSV line splitter.
#include "ingest/field_parse.h"

#include <gtest/gtest.h>

#include "ingest/schema.h"

namespace ripple::ingest {
namespace {

TEST(ParseUnsigned, AcceptsUpTo18DigitsAndNothingElse) {
  uint64_t v = 0;
  EXPECT_TRUE(ParseUnsigned("0", &v));
  EXPECT_EQ(v, 0u);
  EXPECT_TRUE(ParseUnsigned("007", &v));
  EXPECT_EQ(v, 7u);
  EXPECT_TRUE(ParseUnsigned("999999999999999999", &v));
  EXPECT_EQ(v, 999999999999999999u);
  for (const char* bad :
       {"", "-1", "+1", "1.0", "1e3", " 1", "1 ", "0x10", "1234567890123456789"}) {
    EXPECT_FALSE(ParseUnsigned(bad, &v)) << bad;
  }
}

TEST(ParseCents, ReadsAtMostTwoDecimals) {
  int64_t c = 0;
  EXPECT_TRUE(ParseCents("12.5", &c));
  EXPECT_EQ(c, 1250);
  EXPECT_TRUE(ParseCents("12.05", &c));
  EXPECT_EQ(c, 1205);
  EXPECT_TRUE(ParseCents("-3", &c));
  EXPECT_EQ(c, -300);
  EXPECT_TRUE(ParseCents("0.01", &c));
  EXPECT_EQ(c, 1);
  for (const char* bad : {"", "-", ".5", "5.", "1.234", "+5", "1,5", "1e2", "abc", "1.-5"}) {
    EXPECT_FALSE(ParseCents(bad, &c)) << bad;
  }
}

TEST(ParseImei, ChecksLuhnOnFifteenDigitsAndAcceptsSixteenDigitImeisv) {
  uint64_t imei = 0;
  uint8_t digits = 0;
  EXPECT_TRUE(ParseImei("490154203237518", &imei, &digits));
  EXPECT_EQ(imei, 490154203237518u);
  EXPECT_EQ(digits, 15);
  EXPECT_TRUE(ParseImei("3520990017614812", &imei, &digits));
  EXPECT_EQ(digits, 16);
  for (const char* bad : {"490154203237519", "49015420323751", "49015420323751800",
                          "49015420323751A", "", "000000000000001"}) {
    EXPECT_FALSE(ParseImei(bad, &imei, &digits)) << bad;
  }
}

TEST(IsToken, RefusesSpacesCommasQuotesAndControlCharacters) {
  EXPECT_TRUE(IsToken("v.qq.com", 253));
  EXPECT_TRUE(IsToken("/plans/5g?from=banner", 128));
  EXPECT_TRUE(IsToken(std::string(10, 'a'), 10));
  EXPECT_FALSE(IsToken(std::string(11, 'a'), 10));
  for (const char* bad : {"", "a b", "a,b", "a\"b", "a\tb", "a\x7f"})
    EXPECT_FALSE(IsToken(bad, 64)) << bad;
}

TEST(SplitCsvLine, SplitsPlainAndQuotedFields) {
  std::string_view f[8];
  std::string scratch;
  ASSERT_EQ(SplitCsvLine("a,,c,", f, 8, scratch), 4);
  EXPECT_EQ(f[0], "a");
  EXPECT_EQ(f[1], "");
  EXPECT_EQ(f[3], "");
  ASSERT_EQ(SplitCsvLine("\"a,b\",\"say \"\"hi\"\"\",,\"\",x", f, 8, scratch), 5);
  EXPECT_EQ(f[0], "a,b");
  EXPECT_EQ(f[1], "say \"hi\"");
  EXPECT_EQ(f[2], "");
  EXPECT_EQ(f[3], "");
  EXPECT_EQ(f[4], "x");
  ASSERT_EQ(SplitCsvLine("x,\"y\"", f, 8, scratch), 2);
  EXPECT_EQ(f[1], "y");
  EXPECT_EQ(SplitCsvLine("\"open,b", f, 8, scratch), -1);
  EXPECT_EQ(SplitCsvLine("\"a\"b,c", f, 8, scratch), -1);
  EXPECT_EQ(SplitCsvLine("1,2,3", f, 2, scratch), -1);
  EXPECT_EQ(SplitCsvLine("\"1\",2,3", f, 2, scratch), -1);
  ASSERT_EQ(SplitCsvLine("", f, 8, scratch), 1);
}

TEST(BindCsvHeader, BindsFieldsToColumnsByName) {
  auto b =
      BindCsvHeader("cell_id,x,duration_s,callee,caller,ts", FeedSchema(Feed::kCalls), "f.csv");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->header_columns, 6);
  EXPECT_EQ(b->column[0], 5);  // ts
  EXPECT_EQ(b->column[4], 0);  // cell_id
  auto missing = BindCsvHeader("ts,caller,callee", FeedSchema(Feed::kCalls), "f.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("f.csv: line 1: missing column 'duration_s'"),
            std::string::npos)
      << missing.status().message();
}

}  // namespace
}  // namespace ripple::ingest
