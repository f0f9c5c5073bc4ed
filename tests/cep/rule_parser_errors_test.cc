// Malformed rules: each error names FILE:LINE:COL of the offending token and what was expected.
// Also LoadRulesDir, which reads a folder of rules files.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cep/rule_parser.h"
#include "support/test_support.h"

namespace ripple::cep {
namespace {

using ::ripple::testing::TempDir;
using ::ripple::testing::WriteFile;

// The message of a parse expected to fail.
std::string ErrorOf(const std::string& text) {
  Result<std::vector<Rule>> r = ParseRules(text, "t.rules");
  EXPECT_FALSE(r.ok()) << text;
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  return r.status().message();
}

TEST(RuleParserErrors, UnknownPatternKeywordSuggestsTheClosest) {
  EXPECT_EQ(ErrorOf("rule a\n  onn calls\n  emit t\nend\n"),
            "t.rules:2:3: expected a pattern (on, count, sum, dwell, change, first), found 'onn' "
            "(did you mean 'on'?)");
}

TEST(RuleParserErrors, DurationMustHaveAUnit) {
  EXPECT_EQ(ErrorOf("rule a\n  on calls then sms\n  within 10\n  emit t\nend"),
            "t.rules:3:10: expected a duration such as 10m, 2h or 7d after 'within', found '10'");
}

TEST(RuleParserErrors, ZeroAndNegativeDurations) {
  EXPECT_EQ(ErrorOf("rule a\n  first calls after 0m\n  emit t\nend"),
            "t.rules:2:21: expected a duration greater than zero after 'after', found '0m'");
  EXPECT_EQ(ErrorOf("rule a on calls\nemit t ttl -1h\nend"),
            "t.rules:2:12: expected a duration greater than zero after 'ttl', found '-1h'");
  EXPECT_EQ(ErrorOf("rule a first calls after 3651d emit t end"),
            "t.rules:1:26: expected a duration of at most 3650d after 'after', found '3651d'");
  EXPECT_TRUE(ParseRules("rule a first calls after 3650d emit t end", "t.rules").ok());
}

TEST(RuleParserErrors, UnterminatedText) {
  EXPECT_EQ(ErrorOf("rule a\n  title \"At the airport\n  on calls emit t end\n"),
            "t.rules:2:9: expected a closing '\"' for the text starting here, found the end of "
            "the line");
  EXPECT_EQ(ErrorOf("rule a title \"abc"),
            "t.rules:1:14: expected a closing '\"' for the text starting here, found end of file");
}

TEST(RuleParserErrors, MissingEndAtEndOfFilePointsJustAfterTheLastToken) {
  EXPECT_EQ(ErrorOf("rule a\n  on calls\n  emit t   # no end\n"),
            "t.rules:3:9: expected 'end' to close rule 'a' (opened at 1:1), found end of file");
  EXPECT_EQ(ErrorOf("rule a on calls emit t\nrule b on sms emit u end"),
            "t.rules:2:1: expected 'end' to close rule 'a' (opened at 1:1), found 'rule'");
  EXPECT_EQ(ErrorOf("rule"),
            "t.rules:1:5: expected a rule id after 'rule' (a lower-case letter, then lower-case "
            "letters, digits, _), found end of file");
}

TEST(RuleParserErrors, EndWithoutRuleAndStrayWords) {
  EXPECT_EQ(ErrorOf("rule a on calls emit t end\nend\n"),
            "t.rules:2:1: expected 'rule', found 'end' (no rule is open)");
  EXPECT_EQ(ErrorOf("rul a on calls emit t end"),
            "t.rules:1:1: expected 'rule', found 'rul' (did you mean 'rule'?)");
}

TEST(RuleParserErrors, DuplicateEmitOption) {
  EXPECT_EQ(ErrorOf("rule a on calls\n  emit t ttl 1h priority 5\n       ttl 2h\nend"),
            "t.rules:3:8: expected each emit option at most once, found 'ttl' (already given at "
            "2:10)");
}

TEST(RuleParserErrors, SecondPatternInOneRule) {
  EXPECT_EQ(ErrorOf("rule a\n  on calls\n  count sms >= 2 within 1h\n  emit t\nend"),
            "t.rules:3:3: expected 'then', 'and no' or 'emit' after the event, found 'count' (a "
            "rule has exactly one pattern)");
  EXPECT_EQ(ErrorOf("rule a first calls after 1d on sms emit t end"),
            "t.rules:1:29: expected 'emit' after the pattern, found 'on' (a rule has exactly one "
            "pattern)");
}

TEST(RuleParserErrors, RuleWithoutEmitOrWithTwo) {
  EXPECT_EQ(ErrorOf("rule a\n  on calls where roaming\nend"),
            "t.rules:3:1: expected 'then', 'and no' or 'emit' after the event, found 'end' "
            "(every rule needs an 'emit TRIGGER')");
  EXPECT_EQ(ErrorOf("rule a on calls emit t emit u end"),
            "t.rules:1:24: expected 'end', found 'emit' (a rule has exactly one emit)");
}

TEST(RuleParserErrors, DuplicateRuleIdNamesTheFirstDefinition) {
  EXPECT_EQ(ErrorOf("rule a on calls emit t end\n\n# again\nrule b on sms emit u end\n"
                    "  rule a on data emit v end"),
            "t.rules:5:8: expected a rule id not used before, found 'a' (rule 'a' is already "
            "defined at t.rules:1)");
}

TEST(RuleParserErrors, CountNeedsAPositiveWholeNumberAndGreaterThan) {
  EXPECT_EQ(ErrorOf("rule a count calls >= 0 within 1h emit t end"),
            "t.rules:1:23: expected a positive whole number after '>=', found '0'");
  EXPECT_EQ(ErrorOf("rule a count calls >= 2.5 within 1h emit t end"),
            "t.rules:1:23: expected a positive whole number after '>=', found '2.5'");
  EXPECT_EQ(ErrorOf("rule a count calls = 3 within 1h emit t end"),
            "t.rules:1:20: expected '>=' or '>' and a count after the event, found '='");
}

TEST(RuleParserErrors, PriorityOutOfRange) {
  EXPECT_EQ(ErrorOf("rule a on calls emit t priority 101 end"),
            "t.rules:1:33: expected a priority from 0 to 100 after 'priority', found '101'");
}

TEST(RuleParserErrors, BadRuleIdAndTriggerName) {
  EXPECT_EQ(ErrorOf("rule Airport on calls emit t end"),
            "t.rules:1:6: expected a rule id after 'rule' (a lower-case letter, then lower-case "
            "letters, digits, _), found 'Airport'");
  EXPECT_EQ(ErrorOf("rule a on calls emit AtAirport end"),
            "t.rules:1:22: expected a trigger name after 'emit' (lower-case letters, digits, _), "
            "found 'AtAirport'");
}

TEST(RuleParserErrors, AndWithoutNoAfterAnEventWithoutWhere) {
  EXPECT_EQ(ErrorOf("rule a on calls and sms within 1h emit t end"),
            "t.rules:1:21: expected 'no' after 'and' (on E and no E2 within D), found 'sms' (to "
            "filter the event, write FEED where CONDITION)");
}

TEST(RuleParserErrors, UnclosedParenthesisNamesWhereItOpened) {
  EXPECT_EQ(ErrorOf("rule a\n  on calls where (a or b\n  emit t end"),
            "t.rules:3:3: expected 'and', 'or' or ')' to close the '(' at 2:18, found 'emit'");
}

TEST(RuleParserErrors, MissingValueAndReservedField) {
  EXPECT_EQ(ErrorOf("rule a on calls where area_type = emit t end"),
            "t.rules:1:35: expected a value (a number, \"text\" or a word such as airport) after "
            "'=', found 'emit'");
  EXPECT_EQ(ErrorOf("rule a on calls where no = 1 emit t end"),
            "t.rules:1:23: expected a condition (a field such as area_type, 'not' or '('), found "
            "'no'");
}

TEST(RuleParserErrors, ContainsNeedsTextAndInNeedsAList) {
  EXPECT_EQ(ErrorOf("rule a on visits where page contains pricing emit t end"),
            "t.rules:1:38: expected text in double quotes after 'contains', found 'pricing'");
  EXPECT_EQ(ErrorOf("rule a on calls where x in airport emit t end"),
            "t.rules:1:28: expected '(' and a list of values after 'in', found 'airport'");
  EXPECT_EQ(ErrorOf("rule a on calls where x in (a, b emit t end"),
            "t.rules:1:34: expected ',' or ')' in the list after 'in', found 'emit'");
}

TEST(RuleParserErrors, BadCharactersAndNumbers) {
  EXPECT_EQ(ErrorOf("rule a\n  on calls where a = 1 @\n  emit t end"),
            "t.rules:2:24: expected a name, number, \"text\" or operator, found '@'");
  EXPECT_EQ(ErrorOf("rule a on data where bytes > 12abc emit t end"),
            "t.rules:1:30: expected a number such as 12, 1.5, 500KB, 90% or a duration such as "
            "10m or 1h30m, found '12abc'");
}

TEST(RuleParserErrors, SumNeedsAWindowAndATag) {
  EXPECT_EQ(ErrorOf("rule a sum bytes of data >= 1GB emit t end"),
            "t.rules:1:33: expected 'within' and a duration, or 'today', after the threshold, "
            "found 'emit'");
  EXPECT_EQ(ErrorOf("rule a sum bytes of data >= 90% of plan_fee today emit t end"),
            "t.rules:1:36: expected tag.ID after 'of' (e.g. tag.data_allowance_bytes), found "
            "'plan_fee'");
}

TEST(RuleParserErrors, EmitOptionTypoSuggestsTheOption) {
  EXPECT_EQ(ErrorOf("rule a on calls emit t priorty 5 end"),
            "t.rules:1:24: expected an emit option (ttl, priority, carry) or 'end', found "
            "'priorty' (did you mean 'priority'?)");
}

TEST(RuleParserErrors, DwellNeedsFor) {
  EXPECT_EQ(ErrorOf("rule a dwell area_type = airport 10m emit t end"),
            "t.rules:1:34: expected 'for' and a duration after the dwell condition, found '10m'");
}

TEST(RuleParserErrors, MissingFeedAndMissingWithin) {
  EXPECT_EQ(ErrorOf("rule a on where a emit t end"),
            "t.rules:1:11: expected a feed (calls, sms, data, locations, orders, devices, "
            "recharges, visits) after 'on', found 'where'");
  EXPECT_EQ(ErrorOf("rule a on calls within 10m emit t end"),
            "t.rules:1:17: expected 'then', 'and no' or 'emit' after the event, found 'within'");
  EXPECT_EQ(ErrorOf("rule a on calls then sms emit t end"),
            "t.rules:1:26: expected 'then' or 'within' and a duration after the step, found "
            "'emit'");
}

TEST(RuleParserErrors, TypoAfterTheEventSuggestsWhere) {
  EXPECT_EQ(ErrorOf("rule a on calls wher x emit t end"),
            "t.rules:1:17: expected 'then', 'and no' or 'emit' after the event, found 'wher' "
            "(did you mean 'where'?)");
}

TEST(RuleParserErrors, TitleOutOfPlace) {
  EXPECT_EQ(ErrorOf("rule a on calls title \"x\" emit t end"),
            "t.rules:1:17: expected 'then', 'and no' or 'emit' after the event, found 'title' "
            "(the title comes before the pattern)");
  EXPECT_EQ(ErrorOf("rule a title \"x\" title \"y\" on calls emit t end"),
            "t.rules:1:18: expected a pattern (on, count, sum, dwell, change, first), found "
            "'title' (a rule has one title)");
}

TEST(RuleParserErrors, TheFirstErrorInReadingOrderWins) {
  // A lexing problem later in the file does not hide a syntax error before it.
  EXPECT_EQ(ErrorOf("rule a onn calls emit t end\nrule b title \"x"),
            "t.rules:1:8: expected a pattern (on, count, sum, dwell, change, first), found 'onn' "
            "(did you mean 'on'?)");
}

TEST(RuleParserErrors, DeepNestingIsAnErrorNotACrash) {
  const std::string text = "rule a on calls where " + std::string(300, '(') + "x" +
                           std::string(300, ')') + " emit t end";
  EXPECT_EQ(ErrorOf(text),
            "t.rules:1:223: expected a condition nested at most 200 deep, found '('");
  // 200 levels are fine.
  const std::string ok = "rule a on calls where " + std::string(199, '(') + "x" +
                         std::string(199, ')') + " emit t end";
  EXPECT_TRUE(ParseRules(ok, "t.rules").ok());
}

TEST(LoadRulesDir, ReadsRulesFilesInNameOrder) {
  TempDir dir;
  WriteFile(dir / "b.rules", "rule b1 on sms emit t end\n");
  WriteFile(dir / "a.rules", "rule a1 on calls emit t end\nrule a2 on data emit t end\n");
  WriteFile(dir / "notes.txt", "this is not a rules file");
  WriteFile(dir / "a.rules.bak", "garbage");
  std::filesystem::create_directories(dir.path() / "sub.rules");
  WriteFile(dir / "sub.rules/c.rules", "rule c1 on sms emit t end\n");  // not recursive
  Result<std::vector<Rule>> r = LoadRulesDir(dir.path().string());
  ASSERT_OK(r);
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].id, "a1");
  EXPECT_EQ((*r)[1].id, "a2");
  EXPECT_EQ((*r)[2].id, "b1");
  EXPECT_EQ((*r)[0].file, dir / "a.rules");
  EXPECT_EQ((*r)[2].file, dir / "b.rules");
}

TEST(LoadRulesDir, DuplicateIdAcrossFilesNamesBothPlaces) {
  TempDir dir;
  WriteFile(dir / "a.rules", "rule x on calls emit t end\n");
  WriteFile(dir / "b.rules", "# b\n\nrule x on sms emit u end\n");
  Result<std::vector<Rule>> r = LoadRulesDir(dir.path().string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), dir / "b.rules" +
                                      ":3:6: expected a rule id not used before, found 'x' (rule "
                                      "'x' is already defined at " +
                                      dir / "a.rules" + ":1)");
}

TEST(LoadRulesDir, ErrorsNameTheFile) {
  TempDir dir;
  WriteFile(dir / "a.rules", "rule x on calls emit t end\n");
  WriteFile(dir / "b.rules", "rule y\n  on calls within 1h emit t end\n");
  Result<std::vector<Rule>> r = LoadRulesDir(dir.path().string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().rfind(dir / "b.rules" + ":2:12: expected", 0), 0u)
      << r.status().message();
}

TEST(LoadRulesDir, MissingFolderOrAFileIsAnErrorNamingIt) {
  TempDir dir;
  const std::string missing = dir / "nope";
  Result<std::vector<Rule>> r = LoadRulesDir(missing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "rules folder '" + missing + "' not found");
  WriteFile(dir / "file.rules", "");
  Result<std::vector<Rule>> f = LoadRulesDir(dir / "file.rules");
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("'" + dir / "file.rules" + "' is not a folder"),
            std::string::npos);
}

TEST(LoadRulesDir, EmptyFolderAndEmptyFilesGiveNoRules) {
  TempDir dir;
  Result<std::vector<Rule>> r = LoadRulesDir(dir.path().string());
  ASSERT_OK(r);
  EXPECT_TRUE(r->empty());
  WriteFile(dir / "empty.rules", "");
  WriteFile(dir / "comments.rules", "# nothing yet\n");
  Result<std::vector<Rule>> s = LoadRulesDir(dir.path().string());
  ASSERT_OK(s);
  EXPECT_TRUE(s->empty());
}

}  // namespace
}  // namespace ripple::cep
