// The syntax trees the rule parser builds, one test per form of the language (cep/rule.h).
#include "cep/rule_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/test_support.h"

namespace ripple::cep {
namespace {

using K = Condition::Kind;

std::vector<Rule> ParseAll(const std::string& text) {
  Result<std::vector<Rule>> r = ParseRules(text, "t.rules");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : std::vector<Rule>{};
}

Rule ParseOne(const std::string& text) {
  std::vector<Rule> rules = ParseAll(text);
  EXPECT_EQ(rules.size(), 1u);
  return rules.empty() ? Rule{} : rules.front();
}

// The pattern of `rule r PATTERN emit t end`.
Pattern PatternOf(const std::string& pattern) {
  return ParseOne("rule r " + pattern + " emit t end").pattern;
}

void ExpectCompare(const Condition& c, const std::string& field, CompareOp op,
                   const std::string& text) {
  EXPECT_EQ(c.kind, K::kCompare);
  EXPECT_EQ(c.field, field);
  EXPECT_EQ(c.op, op);
  ASSERT_EQ(c.values.size(), 1u);
  EXPECT_EQ(c.values[0].text, text);
}

void ExpectBare(const Condition& c, const std::string& field) {
  EXPECT_EQ(c.kind, K::kBareField);
  EXPECT_EQ(c.field, field);
  EXPECT_TRUE(c.values.empty());
}

TEST(RuleParser, OnWithWhereAndEmitDefaults) {
  Rule r = ParseOne(
      "rule big_download\n"
      "  on data where bytes > 1.5GB and app = \"youtube\"\n"
      "  emit heavy_user\n"
      "end\n");
  EXPECT_EQ(r.id, "big_download");
  EXPECT_EQ(r.file, "t.rules");
  EXPECT_EQ(r.pos.line, 1);
  EXPECT_EQ(r.pos.column, 1);
  EXPECT_TRUE(r.enabled);
  EXPECT_EQ(r.title, "");
  EXPECT_EQ(r.pattern.kind, Pattern::Kind::kOn);
  ASSERT_EQ(r.pattern.events.size(), 1u);
  const EventSpec& e = r.pattern.events[0];
  EXPECT_EQ(e.feed, "data");
  EXPECT_EQ(e.feed_pos.line, 2);
  EXPECT_EQ(e.feed_pos.column, 6);
  ASSERT_TRUE(e.where.has_value());
  ASSERT_EQ(e.where->kind, K::kAnd);
  ASSERT_EQ(e.where->children.size(), 2u);
  const Condition& bytes = e.where->children[0];
  ExpectCompare(bytes, "bytes", CompareOp::kGt, "1.5GB");
  EXPECT_EQ(bytes.field_pos.column, 17);
  EXPECT_EQ(bytes.values[0].kind, Literal::Kind::kNumber);
  EXPECT_EQ(bytes.values[0].number, 1610612736);
  EXPECT_EQ(bytes.values[0].pos.column, 25);
  ExpectCompare(e.where->children[1], "app", CompareOp::kEq, "youtube");
  EXPECT_EQ(e.where->children[1].values[0].kind, Literal::Kind::kText);
  EXPECT_FALSE(r.pattern.window.has_value());
  EXPECT_EQ(r.emit.trigger, "heavy_user");
  EXPECT_EQ(r.emit.trigger_pos.line, 3);
  EXPECT_EQ(r.emit.trigger_pos.column, 8);
  EXPECT_EQ(r.emit.ttl_ms, 3600000);
  EXPECT_EQ(r.emit.priority, 50);
  EXPECT_TRUE(r.emit.carry.empty());
}

TEST(RuleParser, TheExampleOfRuleH) {
  Rule r = ParseOne(
      "  # At the airport for ten minutes, using mobile data meanwhile.\n"
      "  rule airport_with_data\n"
      "    title \"At the airport with data on\"\n"
      "    dwell area_type = airport for 10m meanwhile data\n"
      "    emit at_airport ttl 3h priority 80 carry area_id\n"
      "  end\n");
  EXPECT_EQ(r.id, "airport_with_data");
  EXPECT_EQ(r.pos.line, 2);
  EXPECT_EQ(r.pos.column, 3);
  EXPECT_EQ(r.title, "At the airport with data on");
  EXPECT_EQ(r.pattern.kind, Pattern::Kind::kDwell);
  ASSERT_TRUE(r.pattern.dwell.has_value());
  ExpectCompare(*r.pattern.dwell, "area_type", CompareOp::kEq, "airport");
  EXPECT_EQ(r.pattern.dwell->values[0].kind, Literal::Kind::kText);
  ASSERT_TRUE(r.pattern.window.has_value());
  EXPECT_EQ(r.pattern.window->ms, 600000);
  EXPECT_EQ(r.pattern.window->pos.line, 4);
  EXPECT_EQ(r.pattern.window->pos.column, 35);
  ASSERT_EQ(r.pattern.events.size(), 1u);
  EXPECT_EQ(r.pattern.events[0].feed, "data");
  EXPECT_FALSE(r.pattern.events[0].where.has_value());
  EXPECT_EQ(r.emit.trigger, "at_airport");
  EXPECT_EQ(r.emit.ttl_ms, 3 * 3600000);
  EXPECT_EQ(r.emit.priority, 80);
  ASSERT_EQ(r.emit.carry.size(), 1u);
  EXPECT_EQ(r.emit.carry[0].field, "area_id");
  EXPECT_EQ(r.emit.carry[0].pos.line, 5);
  EXPECT_EQ(r.emit.carry[0].pos.column, 46);
}

TEST(RuleParser, EveryPatternLineOfTheLanguageSummaryParses) {
  std::vector<Rule> rules = ParseAll(
      "rule a on calls emit t end\n"
      "rule b on orders then visits then sms within 1h emit t end\n"
      "rule c on visits and no orders within 2h emit t end\n"
      "rule d count calls >= 5 within 30m emit t end\n"
      "rule e sum bytes of data >= 90% of tag.data_allowance_bytes within 7d emit t end\n"
      "rule f sum amount of recharges >= 100 today emit t end\n"
      "rule g dwell area_type = airport for 10m emit t end\n"
      "rule h change model of devices emit t end\n"
      "rule i first visits after 30d emit t end\n");
  ASSERT_EQ(rules.size(), 9u);
  const std::vector<Pattern::Kind> kinds = {
      Pattern::Kind::kOn,    Pattern::Kind::kSequence, Pattern::Kind::kAbsence,
      Pattern::Kind::kCount, Pattern::Kind::kSum,      Pattern::Kind::kSum,
      Pattern::Kind::kDwell, Pattern::Kind::kChange,   Pattern::Kind::kFirst};
  for (size_t i = 0; i < rules.size(); ++i) {
    EXPECT_EQ(rules[i].pattern.kind, kinds[i]) << rules[i].id;
    EXPECT_EQ(rules[i].pos.line, static_cast<int>(i) + 1);
  }
  EXPECT_EQ(rules[0].id, "a");
  EXPECT_EQ(rules[8].id, "i");
}

TEST(RuleParser, SequenceOfThreeStepsWithinACombinedDuration) {
  Pattern p = PatternOf(
      "on orders where action = cart then orders where action = pay then visits within 1h30m");
  EXPECT_EQ(p.kind, Pattern::Kind::kSequence);
  ASSERT_EQ(p.events.size(), 3u);
  EXPECT_EQ(p.events[0].feed, "orders");
  ExpectCompare(*p.events[0].where, "action", CompareOp::kEq, "cart");
  ExpectCompare(*p.events[1].where, "action", CompareOp::kEq, "pay");
  EXPECT_EQ(p.events[2].feed, "visits");
  EXPECT_FALSE(p.events[2].where.has_value());
  ASSERT_TRUE(p.window.has_value());
  EXPECT_EQ(p.window->ms, 5400000);
}

TEST(RuleParser, AbsenceAfterAWhereEndsTheConditionAtAndNo) {
  Pattern p = PatternOf(
      "on calls where roaming and new_contact and no sms where direction = out within 10m");
  EXPECT_EQ(p.kind, Pattern::Kind::kAbsence);
  ASSERT_EQ(p.events.size(), 2u);
  const Condition& first = *p.events[0].where;
  ASSERT_EQ(first.kind, K::kAnd);
  ASSERT_EQ(first.children.size(), 2u);
  ExpectBare(first.children[0], "roaming");
  ExpectBare(first.children[1], "new_contact");
  EXPECT_EQ(p.events[1].feed, "sms");
  ExpectCompare(*p.events[1].where, "direction", CompareOp::kEq, "out");
  EXPECT_EQ(p.window->ms, 600000);

  Pattern q = PatternOf("on visits where page contains \"pricing\" and no orders within 2h");
  EXPECT_EQ(q.kind, Pattern::Kind::kAbsence);
  ExpectCompare(*q.events[0].where, "page", CompareOp::kContains, "pricing");
  EXPECT_FALSE(q.events[1].where.has_value());
  EXPECT_EQ(q.window->ms, 7200000);
}

TEST(RuleParser, CountThresholdAndWindow) {
  Pattern p = PatternOf("count calls where direction = out > 5 within 30m");
  EXPECT_EQ(p.kind, Pattern::Kind::kCount);
  ExpectCompare(*p.events[0].where, "direction", CompareOp::kEq, "out");
  EXPECT_EQ(p.threshold.op, CompareOp::kGt);
  EXPECT_EQ(p.threshold.value.kind, Literal::Kind::kNumber);
  EXPECT_EQ(p.threshold.value.number, 5);
  EXPECT_EQ(p.threshold.value.text, "5");
  EXPECT_TRUE(p.threshold.tag.empty());
  EXPECT_EQ(p.window->ms, 1800000);
}

TEST(RuleParser, BareFieldRightBeforeTheThresholdIsABareField) {
  Pattern p = PatternOf("count calls where roaming >= 3 within 1h");
  ExpectBare(*p.events[0].where, "roaming");
  EXPECT_EQ(p.threshold.op, CompareOp::kGe);
  EXPECT_EQ(p.threshold.value.number, 3);
  // A comparison followed by the threshold stays a comparison.
  Pattern q = PatternOf("count calls where duration_s >= 60 >= 3 within 1h");
  ExpectCompare(*q.events[0].where, "duration_s", CompareOp::kGe, "60");
  EXPECT_EQ(q.threshold.value.number, 3);
  Pattern s = PatternOf("sum bytes of data where roaming > 0.5 * tag.allowance today");
  ExpectBare(*s.events[0].where, "roaming");
  EXPECT_EQ(s.threshold.tag, "allowance");
}

TEST(RuleParser, SumOfAPercentageOfATag) {
  Pattern p =
      PatternOf("sum bytes of data where roaming >= 90% of tag.data_allowance_bytes within 7d");
  EXPECT_EQ(p.kind, Pattern::Kind::kSum);
  EXPECT_EQ(p.field, "bytes");
  EXPECT_EQ(p.field_pos.column, 12);
  EXPECT_EQ(p.events[0].feed, "data");
  ExpectBare(*p.events[0].where, "roaming");
  EXPECT_EQ(p.threshold.op, CompareOp::kGe);
  EXPECT_DOUBLE_EQ(p.threshold.value.number, 0.9);
  EXPECT_EQ(p.threshold.value.text, "90%");
  EXPECT_EQ(p.threshold.tag, "data_allowance_bytes");
  EXPECT_EQ(p.threshold.tag_pos.column, 50);
  EXPECT_FALSE(p.today);
  EXPECT_EQ(p.window->ms, 604800000);
}

TEST(RuleParser, SumTodayOfAFactorOfATagOrAPlainSize) {
  Pattern p = PatternOf("sum amount of recharges > 0.5 * tag.plan_fee today");
  EXPECT_EQ(p.field, "amount");
  EXPECT_EQ(p.threshold.op, CompareOp::kGt);
  EXPECT_EQ(p.threshold.value.number, 0.5);
  EXPECT_EQ(p.threshold.tag, "plan_fee");
  EXPECT_TRUE(p.today);
  EXPECT_FALSE(p.window.has_value());

  Pattern q = PatternOf("sum bytes of data >= 20MB within 1d");
  EXPECT_EQ(q.threshold.value.number, 20971520);
  EXPECT_TRUE(q.threshold.tag.empty());
  EXPECT_EQ(q.window->ms, 86400000);
}

TEST(RuleParser, DwellWithoutMeanwhileHasNoEvent) {
  Pattern p = PatternOf("dwell roaming and not area_type in (airport, railway) for 2h");
  EXPECT_EQ(p.kind, Pattern::Kind::kDwell);
  EXPECT_TRUE(p.events.empty());
  ASSERT_EQ(p.dwell->kind, K::kAnd);
  ExpectBare(p.dwell->children[0], "roaming");
  ASSERT_EQ(p.dwell->children[1].kind, K::kNot);
  const Condition& in = p.dwell->children[1].children[0];
  EXPECT_EQ(in.op, CompareOp::kIn);
  ASSERT_EQ(in.values.size(), 2u);
  EXPECT_EQ(in.values[1].text, "railway");
  EXPECT_EQ(p.window->ms, 7200000);
}

TEST(RuleParser, ChangeAndFirst) {
  Pattern c = PatternOf("change model of devices");
  EXPECT_EQ(c.kind, Pattern::Kind::kChange);
  EXPECT_EQ(c.field, "model");
  EXPECT_EQ(c.field_pos.column, 15);
  EXPECT_EQ(c.events[0].feed, "devices");
  EXPECT_FALSE(c.window.has_value());

  Pattern f = PatternOf("first visits where page matches \"^/5g/.*\" after 30d");
  EXPECT_EQ(f.kind, Pattern::Kind::kFirst);
  ExpectCompare(*f.events[0].where, "page", CompareOp::kMatches, "^/5g/.*");
  EXPECT_EQ(f.window->ms, 30LL * 86400000);
}

TEST(RuleParser, NotBindsTighterThanAndTighterThanOr) {
  // not a or b and c  ==  (not a) or (b and c)
  Condition c = *PatternOf("on calls where not a or b and c").events[0].where;
  ASSERT_EQ(c.kind, K::kOr);
  ASSERT_EQ(c.children.size(), 2u);
  ASSERT_EQ(c.children[0].kind, K::kNot);
  ExpectBare(c.children[0].children[0], "a");
  ASSERT_EQ(c.children[1].kind, K::kAnd);
  ExpectBare(c.children[1].children[0], "b");
  ExpectBare(c.children[1].children[1], "c");

  // Parentheses override: not (a or b) and c
  Condition d = *PatternOf("on calls where not (a or b) and c").events[0].where;
  ASSERT_EQ(d.kind, K::kAnd);
  ASSERT_EQ(d.children[0].kind, K::kNot);
  ASSERT_EQ(d.children[0].children[0].kind, K::kOr);
  ExpectBare(d.children[0].children[0].children[1], "b");
  ExpectBare(d.children[1], "c");

  // Chains of one operator are one node; not not stays two nots.
  Condition e = *PatternOf("on calls where a or b or c").events[0].where;
  EXPECT_EQ(e.kind, K::kOr);
  EXPECT_EQ(e.children.size(), 3u);
  Condition f = *PatternOf("on calls where a and b and not not c").events[0].where;
  ASSERT_EQ(f.children.size(), 3u);
  ASSERT_EQ(f.children[2].kind, K::kNot);
  ASSERT_EQ(f.children[2].children[0].kind, K::kNot);
}

TEST(RuleParser, EveryComparisonAndLiteralForm) {
  Condition c = *PatternOf(
                     "on calls where a = 1 and b != x and c < -2 and d <= 3 and e > 4 and "
                     "f >= 5 and host = example.com and g in (airport, \"rail way\", 3)")
                     .events[0]
                     .where;
  ASSERT_EQ(c.children.size(), 8u);
  const CompareOp ops[] = {CompareOp::kEq, CompareOp::kNe, CompareOp::kLt, CompareOp::kLe,
                           CompareOp::kGt, CompareOp::kGe, CompareOp::kEq, CompareOp::kIn};
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(c.children[i].op, ops[i]) << i;
  EXPECT_EQ(c.children[1].values[0].kind, Literal::Kind::kText);
  EXPECT_EQ(c.children[1].values[0].text, "x");
  EXPECT_EQ(c.children[2].values[0].number, -2);
  EXPECT_EQ(c.children[6].values[0].text, "example.com");
  const std::vector<Literal>& list = c.children[7].values;
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].kind, Literal::Kind::kText);
  EXPECT_EQ(list[0].text, "airport");
  EXPECT_EQ(list[1].text, "rail way");
  EXPECT_EQ(list[2].kind, Literal::Kind::kNumber);
  EXPECT_EQ(list[2].number, 3);
}

TEST(RuleParser, LiteralUnitsInConditions) {
  Condition c =
      *PatternOf("on data where bytes >= 500KB and duration_s < 90% or x > 1h30m").events[0].where;
  ASSERT_EQ(c.kind, K::kOr);
  EXPECT_EQ(c.children[0].children[0].values[0].number, 512000);
  EXPECT_DOUBLE_EQ(c.children[0].children[1].values[0].number, 0.9);
  EXPECT_EQ(c.children[1].values[0].number, 5400000);
  EXPECT_EQ(c.children[1].values[0].text, "1h30m");
}

TEST(RuleParser, EmitOptionsInAnyOrder) {
  Emit e = ParseOne("rule r on calls emit t carry a, tag.b ,c priority 0 ttl 1d end").emit;
  EXPECT_EQ(e.ttl_ms, 86400000);
  EXPECT_EQ(e.priority, 0);
  ASSERT_EQ(e.carry.size(), 3u);
  EXPECT_EQ(e.carry[0].field, "a");
  EXPECT_EQ(e.carry[1].field, "tag.b");
  EXPECT_EQ(e.carry[2].field, "c");
  Emit f = ParseOne("rule r on calls emit 5g_offer priority 100 end").emit;
  EXPECT_EQ(f.trigger, "5g_offer");
  EXPECT_EQ(f.priority, 100);
  EXPECT_EQ(f.ttl_ms, 3600000);
}

TEST(RuleParser, DisabledRuleAndFreeLayout) {
  std::vector<Rule> rules = ParseAll(
      "rule quiet disabled on\ncalls\nemit\nt end rule\r\nloud title\n\"Loud\"\r\n on sms emit u "
      "end");
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_FALSE(rules[0].enabled);
  EXPECT_EQ(rules[0].emit.trigger, "t");
  EXPECT_TRUE(rules[1].enabled);
  EXPECT_EQ(rules[1].id, "loud");
  EXPECT_EQ(rules[1].pos.line, 4);
  EXPECT_EQ(rules[1].pos.column, 7);
  EXPECT_EQ(rules[1].title, "Loud");
  EXPECT_EQ(rules[1].pattern.events[0].feed, "sms");
}

TEST(RuleParser, EmptyTextAndCommentsOnlyGiveNoRules) {
  EXPECT_TRUE(ParseAll("").empty());
  EXPECT_TRUE(ParseAll("# only a comment\n\n   # another\n").empty());
}

TEST(RuleParser, CanonicalTextIgnoresLayoutAndComments) {
  const std::string a =
      "rule a   # the first\n"
      "  title \"T  x\"\n"
      "  on calls where roaming   # abroad\n"
      "  emit t\n"
      "end\n"
      "rule b on sms emit u end\n";
  const std::string b = "# header\nrule a title \"T  x\" on calls\n\twhere roaming emit t end";
  std::vector<Rule> ra = ParseAll(a);
  Rule rb = ParseOne(b);
  ASSERT_EQ(ra.size(), 2u);
  EXPECT_EQ(ra[0].canonical, "rule a title \"T  x\" on calls where roaming emit t end");
  EXPECT_EQ(ra[0].canonical, rb.canonical);
  EXPECT_EQ(ra[1].canonical, "rule b on sms emit u end");
  EXPECT_EQ(CanonicalText("rule a\n title \"T  x\" # c\n on calls where roaming emit t end"),
            ra[0].canonical);
  // Any changed token is another rule, literals included as written.
  EXPECT_NE(ParseOne("rule a title \"T  x\" on calls where new_contact emit t end").canonical,
            ra[0].canonical);
  EXPECT_NE(ParseOne("rule a title \"T x\" on calls where roaming emit t end").canonical,
            ra[0].canonical);
  EXPECT_NE(ParseOne("rule r first calls after 60m emit t end").canonical,
            ParseOne("rule r first calls after 1h emit t end").canonical);
}

}  // namespace
}  // namespace ripple::cep
