// Segment evaluation over the small table of segment_test_util.h: expected members are worked
// out by hand from the table printed there.
#include <gtest/gtest.h>

#include <thread>

#include "profile/segment.h"
#include "segment_test_util.h"

namespace ripple::profile {
namespace {

using testing::Eval;
using testing::SmallTable;
using V = std::vector<uint32_t>;

TEST(SegmentEvaluate, NumberComparisonsAreFalseForUnknownValues) {
  TagTable t = SmallTable();  // age: 25 31 ? 41 30 18 29.5 65
  EXPECT_EQ(Eval("age > 30", t), (V{1, 3, 7}));
  EXPECT_EQ(Eval("age >= 30", t), (V{1, 3, 4, 7}));
  EXPECT_EQ(Eval("age < 30", t), (V{0, 5, 6}));
  EXPECT_EQ(Eval("age <= 30", t), (V{0, 4, 5, 6}));
  EXPECT_EQ(Eval("age = 30", t), (V{4}));
  EXPECT_EQ(Eval("age == 30", t), (V{4}));
  EXPECT_EQ(Eval("age", t), (V{0, 1, 3, 4, 5, 6, 7}));
}

TEST(SegmentEvaluate, NotEqualIsKnownAndDifferentButNotEqualsIncludesUnknown) {
  TagTable t = SmallTable();
  EXPECT_EQ(Eval("age != 30", t), (V{0, 1, 3, 5, 6, 7}));        // row 2 (unknown) left out
  EXPECT_EQ(Eval("not age = 30", t), (V{0, 1, 2, 3, 5, 6, 7}));  // row 2 included
}

TEST(SegmentEvaluate, NegationOfAMissingValueHolds) {
  TagTable t = SmallTable();
  EXPECT_EQ(Eval("not age > 30", t), (V{0, 2, 4, 5, 6}));
  EXPECT_EQ(Eval("not age", t), (V{2}));
  EXPECT_EQ(Eval("not not age > 30", t), (V{1, 3, 7}));
}

TEST(SegmentEvaluate, DecimalNegativeAndExponentLiterals) {
  TagTable t = SmallTable();  // balance: -5.5 0 10 2.25 ? 100 -0.5 3
  EXPECT_EQ(Eval("balance < -1", t), (V{0}));
  EXPECT_EQ(Eval("balance >= -0.5", t), (V{1, 2, 3, 5, 6, 7}));
  EXPECT_EQ(Eval("balance > -.5", t), (V{1, 2, 3, 5, 7}));
  EXPECT_EQ(Eval("balance = 2.25", t), (V{3}));
  EXPECT_EQ(Eval("balance = +3", t), (V{7}));
  EXPECT_EQ(Eval("balance = 1e2", t), (V{5}));
  EXPECT_EQ(Eval("age = 29.5", t), (V{6}));
  EXPECT_EQ(Eval("balance<0", t), (V{0, 6}));  // no blanks needed around operators
}

TEST(SegmentEvaluate, FlagHoldsOrNot) {
  TagTable t = SmallTable();
  EXPECT_EQ(Eval("is_5g", t), (V{0, 2, 5, 6}));
  EXPECT_EQ(Eval("not is_5g", t), (V{1, 3, 4, 7}));
}

TEST(SegmentEvaluate, TextEqualityAndIn) {
  TagTable t = SmallTable();  // region: north south ? north east south "new york" north
  EXPECT_EQ(Eval("region = 'north'", t), (V{0, 3, 7}));
  EXPECT_EQ(Eval("region = \"north\"", t), (V{0, 3, 7}));
  EXPECT_EQ(Eval("region = \"new york\"", t), (V{6}));
  EXPECT_EQ(Eval("region != 'north'", t), (V{1, 4, 5, 6}));
  EXPECT_EQ(Eval("not region = 'north'", t), (V{1, 2, 4, 5, 6}));
  EXPECT_EQ(Eval("region in ('south', \"east\")", t), (V{1, 4, 5}));
  EXPECT_EQ(Eval("region in ('south','south')", t), (V{1, 5}));
  EXPECT_EQ(Eval("region", t), (V{0, 1, 3, 4, 5, 6, 7}));
  EXPECT_EQ(Eval("region = 'west'", t), V{});  // in the dictionary, but nobody has it
}

TEST(SegmentEvaluate, SetHasAndIn) {
  TagTable t = SmallTable();
  EXPECT_EQ(Eval("interest has 'games'", t), (V{0, 2, 5}));
  EXPECT_EQ(Eval("interest has \"news\"", t), (V{5, 7}));
  EXPECT_EQ(Eval("interest in ('video', 'sports')", t), (V{3, 4, 5}));
  EXPECT_EQ(Eval("interest in ('games')", t), (V{0, 2, 5}));
  EXPECT_EQ(Eval("interest", t), (V{0, 2, 3, 4, 5, 7}));
  EXPECT_EQ(Eval("not interest", t), (V{1, 6}));
  EXPECT_EQ(Eval("not interest has 'games'", t), (V{1, 3, 4, 6, 7}));
}

TEST(SegmentEvaluate, AllNoneAndEveryRow) {
  TagTable t = SmallTable();
  EXPECT_EQ(Eval("all", t), (V{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(Eval("none", t), V{});
  EXPECT_EQ(Eval("not all", t), V{});
  EXPECT_EQ(Eval("not none", t), (V{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(Eval("age > -100 or not age > -100", t), (V{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(Eval("all and age > 40", t), (V{3, 7}));
  EXPECT_EQ(Eval("none or age > 40", t), (V{3, 7}));
}

TEST(SegmentEvaluate, EmptyTableHasNoMembers) {
  TagTable t({}, {}, 20000);
  t.AddColumn("age", Dimension::kBasic, TagType::kNumber);
  t.AddColumn("interest", Dimension::kInterest, TagType::kSet).InternCode("games");
  EXPECT_EQ(Eval("all", t), V{});
  EXPECT_EQ(Eval("not age > 3", t), V{});
  EXPECT_EQ(Eval("not interest has 'games'", t), V{});
}

TEST(SegmentEvaluate, AndBindsTighterThanOrAndNotTighterThanAnd) {
  TagTable t = SmallTable();
  // is_5g {0,2,5,6}; region north {0,3,7}; age > 30 {1,3,7}
  EXPECT_EQ(Eval("is_5g or region = 'north' and age > 30", t), (V{0, 2, 3, 5, 6, 7}));
  EXPECT_EQ(Eval("(is_5g or region = 'north') and age > 30", t), (V{3, 7}));
  EXPECT_EQ(Eval("not is_5g and age > 30", t), (V{1, 3, 7}));
  EXPECT_EQ(Eval("not (is_5g and age > 30)", t), (V{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(Eval("age > 30 and is_5g or interest has 'news'", t), (V{5, 7}));
}

TEST(SegmentEvaluate, NestedParentheses) {
  TagTable t = SmallTable();
  // age > 30 {1,3,7}; music {0,3}; east {4}
  EXPECT_EQ(Eval("((age > 30) and ((interest has 'music') or (region = 'east')))", t), (V{3}));
  EXPECT_EQ(Eval("(((all)))", t), (V{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(Eval("not (not (age > 30 or (region = 'east')))", t), (V{1, 3, 4, 7}));
}

TEST(SegmentEvaluate, KeywordsAreCaseInsensitive) {
  TagTable t = SmallTable();
  EXPECT_EQ(Eval("NOT is_5g AnD age > 30 Or interest HAS 'games'", t), (V{0, 1, 2, 3, 5, 7}));
  EXPECT_EQ(Eval("region IN ('east')", t), (V{4}));
  EXPECT_EQ(Eval("ALL", t), (V{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(Eval("None", t), V{});
}

TEST(SegmentEvaluate, BlanksAndLineBreaksAreFree) {
  TagTable t = SmallTable();
  EXPECT_EQ(Eval("  age>30\n\tand\r\n  is_5g  ", t), V{});
  EXPECT_EQ(Eval("(age>30)or(is_5g)", t), (V{0, 1, 2, 3, 5, 6, 7}));
}

TEST(SegmentEvaluate, ConcurrentEvaluationsOfOneSegmentAgree) {
  TagTable t = SmallTable();
  Result<Segment> s = Segment::Parse("interest has 'games' or age > 40", t);
  ASSERT_OK(s);
  std::vector<V> seen(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] { seen[i] = testing::Members(s->Evaluate(t)); });
  }
  for (std::thread& th : threads) th.join();
  for (const V& v : seen) EXPECT_EQ(v, (V{0, 2, 3, 5, 7}));
}

TEST(SegmentEvaluate, ATableWithoutTheParsedColumnsMatchesNobody) {
  TagTable t = SmallTable();
  Result<Segment> s = Segment::Parse("not interest has 'games'", t);
  ASSERT_OK(s);
  TagTable other({1, 2, 3}, {}, 20000);
  other.AddColumn("age", Dimension::kBasic, TagType::kNumber);
  EXPECT_EQ(testing::Members(s->Evaluate(other)), V{});
  EXPECT_FALSE(s->Explain(other, 0).member);
}

}  // namespace
}  // namespace ripple::profile
