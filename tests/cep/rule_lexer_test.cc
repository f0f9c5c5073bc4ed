#include "cep/rule_lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace ripple::cep {
namespace {

// The one token of `text` (which must lex to exactly one token before the end). `text` is a
// literal: the token's raw views it.
Token Only(std::string_view text) {
  std::vector<Token> tokens = Tokenize(text);
  EXPECT_EQ(tokens.size(), 2u) << text;
  EXPECT_EQ(tokens.back().kind, TokenKind::kEnd) << text;
  return tokens.front();
}

TEST(RuleLexer, WordsKeepDotsAndCarryLineAndColumn) {
  std::vector<Token> t = Tokenize("on tag.plan_fee\n  where  segment.young_urban");
  ASSERT_EQ(t.size(), 5u);
  EXPECT_EQ(t[0].kind, TokenKind::kWord);
  EXPECT_EQ(t[0].raw, "on");
  EXPECT_EQ(t[0].pos.line, 1);
  EXPECT_EQ(t[0].pos.column, 1);
  EXPECT_EQ(t[1].raw, "tag.plan_fee");
  EXPECT_EQ(t[1].pos.column, 4);
  EXPECT_EQ(t[1].end_column, 16);
  EXPECT_EQ(t[2].raw, "where");
  EXPECT_EQ(t[2].pos.line, 2);
  EXPECT_EQ(t[2].pos.column, 3);
  EXPECT_EQ(t[3].raw, "segment.young_urban");
  EXPECT_EQ(t[3].pos.column, 10);
  // The end is just after the last token.
  EXPECT_EQ(t[4].kind, TokenKind::kEnd);
  EXPECT_EQ(t[4].pos.line, 2);
  EXPECT_EQ(t[4].pos.column, 29);
}

TEST(RuleLexer, SizesArePowersOf1024) {
  EXPECT_EQ(Only("500KB").number, 512000);
  EXPECT_EQ(Only("20MB").number, 20971520);
  EXPECT_EQ(Only("1.5GB").number, 1610612736);
  EXPECT_EQ(Only("2gb").number, 2147483648.0);
  EXPECT_EQ(Only("1.5GB").unit, NumberUnit::kSize);
}

TEST(RuleLexer, DurationsAreMilliseconds) {
  EXPECT_EQ(Only("30s").number, 30000);
  EXPECT_EQ(Only("10m").number, 600000);
  EXPECT_EQ(Only("2h").number, 7200000);
  EXPECT_EQ(Only("7d").number, 604800000);
  EXPECT_EQ(Only("1h30m").number, 5400000);
  EXPECT_EQ(Only("1d12h").number, 129600000);
  EXPECT_EQ(Only("1.5h").number, 5400000);
  EXPECT_EQ(Only("1h30m").unit, NumberUnit::kDuration);
}

TEST(RuleLexer, PercentagesAndPlainNumbers) {
  EXPECT_DOUBLE_EQ(Only("90%").number, 0.9);
  EXPECT_EQ(Only("90%").unit, NumberUnit::kPercent);
  EXPECT_EQ(Only("12").number, 12);
  EXPECT_EQ(Only("12").unit, NumberUnit::kNone);
  EXPECT_EQ(Only("0.25").number, 0.25);
  EXPECT_EQ(Only("-5").number, -5);
  EXPECT_EQ(Only("-5m").number, -300000);
  EXPECT_TRUE(Only("12").error.empty());
}

TEST(RuleLexer, MalformedNumbersAreOneTokenWithAnError) {
  for (const char* text : {"12abc", "1m1h", "1h1h", "10M", "1.5.3", "5g_offer", "90%5", "1h30"}) {
    Token t = Only(text);
    EXPECT_EQ(t.kind, TokenKind::kNumber) << text;
    EXPECT_EQ(t.raw, text);
    EXPECT_NE(t.error.find("expected a number such as"), std::string::npos) << text;
    EXPECT_NE(t.error.find(std::string("found '") + text + "'"), std::string::npos) << t.error;
  }
}

TEST(RuleLexer, OperatorsAndPunctuation) {
  std::vector<Token> t = Tokenize("= != < <= > >= ( ) , % *");
  const std::vector<TokenKind> want = {TokenKind::kEq,      TokenKind::kNe,     TokenKind::kLt,
                                       TokenKind::kLe,      TokenKind::kGt,     TokenKind::kGe,
                                       TokenKind::kLParen,  TokenKind::kRParen, TokenKind::kComma,
                                       TokenKind::kPercent, TokenKind::kStar,   TokenKind::kEnd};
  ASSERT_EQ(t.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(t[i].kind, want[i]) << i;
  // No spaces needed around operators.
  std::vector<Token> u = Tokenize("bytes>=1GB");
  ASSERT_EQ(u.size(), 4u);
  EXPECT_EQ(u[1].kind, TokenKind::kGe);
  EXPECT_EQ(u[2].number, 1073741824);
}

TEST(RuleLexer, TextIsUnescapedAndKeepsOtherBackslashes) {
  Token t = Only(R"("a \"b\" c\\")");
  EXPECT_EQ(t.kind, TokenKind::kText);
  EXPECT_EQ(t.text, R"(a "b" c\)");
  EXPECT_EQ(t.raw, R"("a \"b\" c\\")");
  // Regexes read as written: \d is no escape of the language.
  EXPECT_EQ(Only(R"("^\d+#x$")").text, R"(^\d+#x$)");
}

TEST(RuleLexer, CommentsAreDropped) {
  std::vector<Token> t = Tokenize("# header\non  # the event \"quoted\"\n  calls # tail");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].raw, "on");
  EXPECT_EQ(t[0].pos.line, 2);
  EXPECT_EQ(t[1].raw, "calls");
  EXPECT_EQ(t[1].pos.line, 3);
  EXPECT_EQ(t[2].kind, TokenKind::kEnd);
  EXPECT_EQ(t[2].pos.line, 3);
  EXPECT_EQ(t[2].pos.column, 8);
}

TEST(RuleLexer, UnterminatedTextStopsAtItsOpeningQuote) {
  std::vector<Token> t = Tokenize("title \"At the airport\nemit x");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[1].kind, TokenKind::kError);
  EXPECT_EQ(t[1].pos.line, 1);
  EXPECT_EQ(t[1].pos.column, 7);
  EXPECT_EQ(t[1].error,
            "expected a closing '\"' for the text starting here, found the end of the line");
  std::vector<Token> eof = Tokenize("x \"abc");
  EXPECT_EQ(eof.back().kind, TokenKind::kError);
  EXPECT_NE(eof.back().error.find("found end of file"), std::string::npos);
}

TEST(RuleLexer, UnexpectedCharacterCountsColumnsInCharacters) {
  // é is two bytes but one column.
  std::vector<Token> t = Tokenize("\"é\" @ b");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].text, "é");
  EXPECT_EQ(t[0].end_column, 4);
  EXPECT_EQ(t[1].kind, TokenKind::kError);
  EXPECT_EQ(t[1].pos.column, 5);
  EXPECT_EQ(t[1].error, "expected a name, number, \"text\" or operator, found '@'");
  // Control characters and bytes that start no UTF-8 character are shown by their code.
  EXPECT_EQ(Tokenize("a \x01").back().error,
            "expected a name, number, \"text\" or operator, found '\\x01'");
  EXPECT_EQ(Tokenize("a \xFF").back().error,
            "expected a name, number, \"text\" or operator, found '\\xFF'");
  EXPECT_NE(Tokenize("a = 'x'").back().error.find("double quotes"), std::string::npos);
  EXPECT_NE(Tokenize("not !a").back().error.find("write 'not'"), std::string::npos);
}

TEST(RuleLexer, EmptyTextHasOnlyTheEnd) {
  std::vector<Token> t = Tokenize("  \n# nothing\n");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].kind, TokenKind::kEnd);
}

TEST(RuleLexer, ReservedWordsAndKeywords) {
  for (const char* w : {"and", "or", "not", "no", "in", "where", "then", "within", "for", "emit",
                        "end", "rule", "today", "of"}) {
    EXPECT_TRUE(IsReservedWord(w)) << w;
    EXPECT_TRUE(IsKeyword(w)) << w;
  }
  for (const char* w : {"on", "count", "sum", "dwell", "ttl", "carry", "title", "disabled"}) {
    EXPECT_FALSE(IsReservedWord(w)) << w;
    EXPECT_TRUE(IsKeyword(w)) << w;
  }
  EXPECT_FALSE(IsKeyword("area_type"));
  EXPECT_FALSE(IsKeyword("Rule"));  // keywords are lower case
}

TEST(RuleLexer, DescribeToken) {
  std::vector<Token> t = Tokenize("onn \"x y\"");
  EXPECT_EQ(DescribeToken(t[0]), "'onn'");
  EXPECT_EQ(DescribeToken(t[1]), "\"x y\"");
  EXPECT_EQ(DescribeToken(t[2]), "end of file");
}

}  // namespace
}  // namespace ripple::cep
