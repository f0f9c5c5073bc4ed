// Segment parse errors and warnings: the exact message and 1-based column of each.
#include <gtest/gtest.h>

#include "profile/segment.h"
#include "segment_test_util.h"

namespace ripple::profile {
namespace {

using testing::Eval;
using testing::ParseError;
using testing::SmallTable;
using V = std::vector<uint32_t>;

TEST(SegmentParse, UnknownTagSuggestsTheNearestTag) {
  TagTable t = SmallTable();
  EXPECT_EQ(ParseError("agee > 3", t), "segment:1: unknown tag 'agee' (did you mean 'age'?)");
  EXPECT_EQ(ParseError("age > 30 and intrest has 'games'", t),
            "segment:14: unknown tag 'intrest' (did you mean 'interest'?)");
  EXPECT_EQ(ParseError("xyz", t), "segment:1: unknown tag 'xyz'");
}

TEST(SegmentParse, ErrorsNameTheSourceGiven) {
  TagTable t = SmallTable();
  Result<Segment> s = Segment::Parse("agee", t, "query");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message(), "query:1: unknown tag 'agee' (did you mean 'age'?)");
}

TEST(SegmentParse, EmptyExpression) {
  TagTable t = SmallTable();
  EXPECT_EQ(ParseError("", t), "segment:1: empty expression (expected a tag, 'all' or 'none')");
  EXPECT_EQ(ParseError("  \n ", t),
            "segment:1: empty expression (expected a tag, 'all' or 'none')");
}

TEST(SegmentParse, MissingOperandsAndConnectives) {
  TagTable t = SmallTable();
  EXPECT_EQ(ParseError("age > ", t),
            "segment:7: expected a value after '>', found the end of the expression");
  EXPECT_EQ(ParseError("age and", t),
            "segment:8: expected a tag, 'not', '(', 'all' or 'none', found the end of the "
            "expression");
  EXPECT_EQ(ParseError("and age", t),
            "segment:1: expected a tag, 'not', '(', 'all' or 'none', found 'and'");
  EXPECT_EQ(ParseError("not", t),
            "segment:4: expected a tag, 'not', '(', 'all' or 'none', found the end of the "
            "expression");
  EXPECT_EQ(ParseError("age > 30 is_5g", t),
            "segment:10: expected 'and', 'or' or the end of the expression, found 'is_5g' "
            "(missing 'and' or 'or'?)");
  EXPECT_EQ(ParseError("(age > 30 is_5g)", t),
            "segment:11: expected 'and', 'or' or ')', found 'is_5g' (missing 'and' or 'or'?)");
  // A keyword cannot be a tag: `all` is complete, so `>` is trailing input.
  EXPECT_EQ(ParseError("all > 3", t),
            "segment:5: expected 'and', 'or' or the end of the expression, found '>'");
}

TEST(SegmentParse, ParenthesesMustBalance) {
  TagTable t = SmallTable();
  EXPECT_EQ(ParseError("(age > 30", t),
            "segment:1: '(' is never closed (expected ')' before the end)");
  EXPECT_EQ(ParseError("age > 1 and (is_5g or (region = 'east')", t),
            "segment:13: '(' is never closed (expected ')' before the end)");
  EXPECT_EQ(ParseError("age > 30)", t), "segment:9: unexpected ')' (no '(' is open)");
  EXPECT_EQ(ParseError("()", t),
            "segment:2: expected a tag, 'not', '(', 'all' or 'none', found ')'");
}

TEST(SegmentParse, UnterminatedString) {
  TagTable t = SmallTable();
  EXPECT_EQ(ParseError("region = 'north", t), "segment:10: unterminated string (no closing ')");
  EXPECT_EQ(ParseError("region = \"north'", t), "segment:10: unterminated string (no closing \")");
}

TEST(SegmentParse, TypeMismatches) {
  TagTable t = SmallTable();
  EXPECT_EQ(ParseError("age = 'x'", t),
            "segment:7: 'age' is a number tag; compare it with a number, not the text 'x'");
  EXPECT_EQ(ParseError("region < 'a'", t),
            "segment:8: '<' does not apply to text tag 'region' (use =, != or in)");
  EXPECT_EQ(ParseError("age in (1)", t),
            "segment:5: 'in' applies to text and set tags; 'age' is a number tag");
  EXPECT_EQ(ParseError("is_5g in ('1')", t),
            "segment:7: 'in' applies to text and set tags; 'is_5g' is a flag tag");
  EXPECT_EQ(ParseError("region has 'x'", t),
            "segment:8: 'has' applies to set tags; 'region' is a text tag (write region = "
            "'value')");
  EXPECT_EQ(ParseError("age has 'x'", t),
            "segment:5: 'has' applies to set tags; 'age' is a number tag");
  EXPECT_EQ(ParseError("region = 3", t),
            "segment:10: 'region' is a text tag; quote the value: '3'");
  EXPECT_EQ(ParseError("interest has 3", t),
            "segment:14: 'interest' is a set tag; quote the value: '3'");
  EXPECT_EQ(ParseError("is_5g = 1", t),
            "segment:7: 'is_5g' is a flag tag: write 'is_5g' or 'not is_5g', without '='");
  EXPECT_EQ(ParseError("interest = 'games'", t),
            "segment:10: '=' does not apply to set tag 'interest' (use 'has' or 'in')");
}

TEST(SegmentParse, NumbersThatDoNotParse) {
  TagTable t = SmallTable();
  EXPECT_EQ(ParseError("age > 3.4.5", t), "segment:7: '3.4.5' is not a number");
  EXPECT_EQ(ParseError("age > 12abc", t), "segment:7: '12abc' is not a number");
  EXPECT_EQ(ParseError("age > 1e", t), "segment:7: '1e' is not a number");
  EXPECT_EQ(ParseError("age > 1e999", t), "segment:7: '1e999' is not a number");
  EXPECT_EQ(ParseError("age > --3", t), "segment:7: unexpected character '-'");
}

TEST(SegmentParse, MalformedValueLists) {
  TagTable t = SmallTable();
  EXPECT_EQ(ParseError("region in 'north'", t),
            "segment:11: expected '(' after 'in', found 'north'");
  EXPECT_EQ(ParseError("region in ('a' 'b')", t),
            "segment:16: expected ',' or ')' in the list of values, found 'b'");
  EXPECT_EQ(ParseError("region in ()", t), "segment:12: expected a value after '(', found ')'");
  EXPECT_EQ(ParseError("region in ('a',", t),
            "segment:16: expected a value after ',', found the end of the expression");
}

TEST(SegmentParse, StrayCharacters) {
  TagTable t = SmallTable();
  EXPECT_EQ(ParseError("age ! 3", t),
            "segment:5: unexpected '!' (write 'not' to negate, '!=' for different from)");
  EXPECT_EQ(ParseError("age > 30 @", t), "segment:10: unexpected character '@'");
}

TEST(SegmentParse, ColumnsCountCharactersNotBytes) {
  TagTable t = SmallTable();
  EXPECT_EQ(ParseError("region = 'ñ' and agee > 1", t),
            "segment:18: unknown tag 'agee' (did you mean 'age'?)");
  EXPECT_EQ(ParseError("age > 1 and é", t), "segment:13: unexpected character 'é'");
}

TEST(SegmentParse, TheFirstProblemInReadingOrderIsReported) {
  TagTable t = SmallTable();
  EXPECT_EQ(ParseError("agee > 1 and region = 'x", t),
            "segment:1: unknown tag 'agee' (did you mean 'age'?)");
}

TEST(SegmentParse, DeepNestingIsAnErrorNotACrash) {
  TagTable t = SmallTable();
  EXPECT_EQ(ParseError(std::string(300, '(') + "age" + std::string(300, ')'), t),
            "segment:201: expression nested too deeply (more than 200 levels)");
  std::string nots;
  for (int i = 0; i < 300; ++i) nots += "not ";
  EXPECT_EQ(ParseError(nots + "age", t),
            "segment:801: expression nested too deeply (more than 200 levels)");
  // Long flat chains are not nesting.
  std::string chain = "age > 0";
  for (int i = 0; i < 1000; ++i) chain += " and age > 0";
  EXPECT_EQ(Eval(chain, t), (V{0, 1, 3, 4, 5, 6, 7}));
}

TEST(SegmentParse, AValueNobodyHasIsAWarningAndMatchesNobody) {
  TagTable t = SmallTable();
  Result<Segment> s = Segment::Parse("interest has 'gmaes'", t);
  ASSERT_OK(s);
  EXPECT_EQ(s->warnings(), std::vector<std::string>{"segment:14: no subscriber has interest "
                                                    "'gmaes' (did you mean 'games'?); the term "
                                                    "matches nobody"});
  EXPECT_EQ(testing::Members(s->Evaluate(t)), V{});
  EXPECT_EQ(s->text(), "interest has 'gmaes'");

  s = Segment::Parse("region in ('north', 'nowhere')", t);
  ASSERT_OK(s);
  EXPECT_EQ(s->warnings(), std::vector<std::string>{"segment:21: no subscriber has region "
                                                    "'nowhere'"});
  EXPECT_EQ(testing::Members(s->Evaluate(t)), (V{0, 3, 7}));

  s = Segment::Parse("region != 'nowhere'", t);
  ASSERT_OK(s);
  EXPECT_EQ(s->warnings().size(), 1u);
  EXPECT_EQ(testing::Members(s->Evaluate(t)), (V{0, 1, 3, 4, 5, 6, 7}));

  s = Segment::Parse("region = 'north' and age > 3", t);
  ASSERT_OK(s);
  EXPECT_TRUE(s->warnings().empty());
}

}  // namespace
}  // namespace ripple::profile
