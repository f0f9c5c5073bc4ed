// Segment::Explain: every term with the subscriber's value and truth, and the summary line.
#include <gtest/gtest.h>

#include "profile/segment.h"
#include "segment_test_util.h"

namespace ripple::profile {
namespace {

using testing::SmallTable;

SegmentExplanation ExplainRow(const std::string& expr, const TagTable& t, Row row) {
  Result<Segment> s = Segment::Parse(expr, t);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (!s.ok()) return {};
  return s->Explain(t, row);
}

void ExpectTerm(const TermExplanation& got, const std::string& term, const std::string& value,
                bool holds) {
  EXPECT_EQ(got.term, term);
  EXPECT_EQ(got.value, value);
  EXPECT_EQ(got.holds, holds) << term;
}

TEST(SegmentExplain, MemberListsEveryTermAndWhyIn) {
  TagTable t = SmallTable();  // row 0: age 25, interest games|music
  SegmentExplanation e = ExplainRow("age >= 25 and interest has 'games'", t, 0);
  EXPECT_TRUE(e.member);
  ASSERT_EQ(e.terms.size(), 2u);
  ExpectTerm(e.terms[0], "age >= 25", "25", true);
  ExpectTerm(e.terms[1], "interest has 'games'", "games|music", true);
  EXPECT_EQ(e.summary, "in: age >= 25 holds (25) and interest has 'games' holds");
}

TEST(SegmentExplain, NonMemberSaysWhatHeldButWhatFailed) {
  TagTable t = SmallTable();  // row 3: age 41, interest music|video; row 2: age unknown, games
  SegmentExplanation e = ExplainRow("interest has 'music' and age < 30", t, 3);
  EXPECT_FALSE(e.member);
  ASSERT_EQ(e.terms.size(), 2u);
  ExpectTerm(e.terms[0], "interest has 'music'", "music|video", true);
  ExpectTerm(e.terms[1], "age < 30", "41", false);
  EXPECT_EQ(e.summary, "not in: interest has 'music' holds, but age < 30 fails (41)");

  e = ExplainRow("interest has 'games' and age < 30", t, 2);
  EXPECT_FALSE(e.member);
  ExpectTerm(e.terms[1], "age < 30", "", false);
  EXPECT_EQ(e.summary, "not in: interest has 'games' holds, but age < 30 fails (unknown)");
}

TEST(SegmentExplain, OrReportsTheOperandsThatDecided) {
  TagTable t = SmallTable();  // row 1: south, no 5g, age 31, no interests
  SegmentExplanation e = ExplainRow("region = 'east' or is_5g", t, 1);
  EXPECT_FALSE(e.member);
  ExpectTerm(e.terms[0], "region = 'east'", "south", false);
  ExpectTerm(e.terms[1], "is_5g", "", false);
  EXPECT_EQ(e.summary, "not in: region = 'east' fails (south) and is_5g fails");

  e = ExplainRow("region = 'east' or age > 30 or interest has 'news'", t, 1);
  EXPECT_TRUE(e.member);
  ASSERT_EQ(e.terms.size(), 3u);
  ExpectTerm(e.terms[2], "interest has 'news'", "", false);
  EXPECT_EQ(e.summary, "in: age > 30 holds (31)");
}

TEST(SegmentExplain, NegatedUnknownIsAMember) {
  TagTable t = SmallTable();  // row 2: age unknown
  SegmentExplanation e = ExplainRow("not age > 30", t, 2);
  EXPECT_TRUE(e.member);
  ASSERT_EQ(e.terms.size(), 1u);
  ExpectTerm(e.terms[0], "age > 30", "", false);
  EXPECT_EQ(e.summary, "in: age > 30 fails (unknown)");
}

TEST(SegmentExplain, TermsAreInReadingOrderWithTheirTextAsWritten) {
  TagTable t = SmallTable();  // row 5: age 18, 5g, south, games|video|news, balance 100
  SegmentExplanation e = ExplainRow(
      "(balance>50  or\n region in ('east','south')) and not (age < 20 and interest)", t, 5);
  EXPECT_FALSE(e.member);
  ASSERT_EQ(e.terms.size(), 4u);
  ExpectTerm(e.terms[0], "balance>50", "100", true);
  ExpectTerm(e.terms[1], "region in ('east','south')", "south", true);
  ExpectTerm(e.terms[2], "age < 20", "18", true);
  ExpectTerm(e.terms[3], "interest", "games|video|news", true);
  EXPECT_EQ(e.summary,
            "not in: balance>50 holds (100) and region in ('east','south') holds, but age < 20 "
            "holds (18) and interest holds");
}

TEST(SegmentExplain, SetThatFailsShowsItsValuesOrNone) {
  TagTable t = SmallTable();
  EXPECT_EQ(ExplainRow("interest has 'games'", t, 3).summary,
            "not in: interest has 'games' fails (music|video)");
  EXPECT_EQ(ExplainRow("interest has 'games'", t, 1).summary,
            "not in: interest has 'games' fails (none)");
  EXPECT_EQ(ExplainRow("region != 'north'", t, 0).summary,
            "not in: region != 'north' fails (north)");
  EXPECT_EQ(ExplainRow("region != 'north'", t, 1).summary, "in: region != 'north' holds (south)");
}

TEST(SegmentExplain, AllAndNoneAreReportedToo) {
  TagTable t = SmallTable();
  SegmentExplanation e = ExplainRow("all and not none", t, 4);
  EXPECT_TRUE(e.member);
  ASSERT_EQ(e.terms.size(), 2u);
  ExpectTerm(e.terms[0], "all", "", true);
  ExpectTerm(e.terms[1], "none", "", false);
  EXPECT_EQ(e.summary, "in: all holds and none fails");
}

TEST(SegmentExplain, RowOutsideTheTableIsNotAMember) {
  TagTable t = SmallTable();
  SegmentExplanation e = ExplainRow("all", t, 8);
  EXPECT_FALSE(e.member);
  EXPECT_EQ(e.summary, "not in: no subscriber at row 8 of this table");
}

}  // namespace
}  // namespace ripple::profile
