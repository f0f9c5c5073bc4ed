// Every way a tags.yaml can be wrong, and the exact "FILE:LINE:COL: message" it gets: LINE and
// COL are 1-based and point at the offending key, value or expression token.
#include <gtest/gtest.h>

#include <string>

#include "tag_test_schema.h"

namespace ripple::profile {
namespace {

using testing::ParseError;

const std::string kDimensions =
    "basic, plan, consumption, usage, communication, interest, location, terminal, social, "
    "channel, marketing";

// An entry `x` whose expression is on line 4, starting at column 11 when written plain.
std::string Expr(const std::string& expr) {
  return "tags:\n  - id: x\n    dimension: usage\n    expr: " + expr + "\n";
}

// An entry `a` (line 2) with `age` as expression and `bands:` on line 5, bands from line 6.
std::string Bands(const std::string& band_lines) {
  return "tags:\n  - id: a\n    dimension: usage\n    expr: age\n    bands:\n" + band_lines;
}

TEST(TagCatalogErrors, TopLevelMustBeAMappingWithATagsList) {
  const std::string expected = "t.yaml:1:1: expected a mapping with a 'tags:' list, found ";
  EXPECT_EQ(ParseError(""), expected + "nothing");
  EXPECT_EQ(ParseError("- a\n- b\n"), expected + "a list");
  EXPECT_EQ(ParseError("just text\n"), expected + "'just text'");
  EXPECT_EQ(ParseError("{}\n"), "t.yaml:1:1: missing the 'tags:' list");
  EXPECT_EQ(ParseError("# header\nversion: 1\n"),
            "t.yaml:2:1: unknown top-level key 'version' (expected 'tags')");
  EXPECT_EQ(ParseError("tags: []\ntags: []\n"), "t.yaml:2:1: duplicate key 'tags'");
}

TEST(TagCatalogErrors, TagsMustBeAList) {
  const std::string expected = "t.yaml:1:1: 'tags' must be a list of tag entries, found ";
  EXPECT_EQ(ParseError("tags: 5\n"), expected + "'5'");
  EXPECT_EQ(ParseError("tags:\n"), expected + "nothing");
  EXPECT_EQ(ParseError("tags: {id: x}\n"), expected + "a mapping");
}

TEST(TagCatalogErrors, InvalidYamlIsReportedWithItsPosition) {
  // The flow sequence opened on line 2 is never closed; yaml-cpp notices on line 3.
  EXPECT_EQ(ParseError("tags:\n  - id: [a, b\n    dimension: usage\n"),
            "t.yaml:3:14: invalid YAML: end of sequence flow not found");
  // A key indented less than the entry's keys ends the list early: yaml-cpp points at it.
  EXPECT_EQ(ParseError("tags:\n  - id: a\n   dimension: usage\n"),
            "t.yaml:3:4: invalid YAML: end of sequence not found");
}

TEST(TagCatalogErrors, EntryMustBeAMapping) {
  const std::string expected =
      "t.yaml:2:5: a tag entry must be a mapping (id, dimension, expr or builtin, …), found ";
  EXPECT_EQ(ParseError("tags:\n  - just_a_name\n"), expected + "'just_a_name'");
  EXPECT_EQ(ParseError("tags:\n  - [a, b]\n"), expected + "a list");
}

TEST(TagCatalogErrors, IdIsRequiredAndWellFormed) {
  EXPECT_EQ(ParseError("tags:\n  - dimension: usage\n    expr: age\n"),
            "t.yaml:2:5: tag entry has no 'id'");
  const std::string rule =
      "': lower-case letters, digits and '_', starting with a letter, at most 64 characters";
  EXPECT_EQ(ParseError("tags:\n  - id: Data-GB\n    dimension: usage\n    expr: age\n"),
            "t.yaml:2:9: bad id 'Data-GB" + rule);
  EXPECT_EQ(ParseError("tags:\n  - id: 9lives\n    dimension: usage\n    expr: age\n"),
            "t.yaml:2:9: bad id '9lives" + rule);
  const std::string long_id(65, 'a');
  EXPECT_EQ(ParseError("tags:\n  - id: " + long_id + "\n    dimension: usage\n    expr: age\n"),
            "t.yaml:2:9: bad id '" + long_id + rule);
  EXPECT_OK(testing::ParseTestCatalog("tags:\n  - id: " + long_id.substr(1) +
                                      "\n    dimension: usage\n    expr: age\n"));
  EXPECT_EQ(ParseError("tags:\n  - id:\n    dimension: usage\n    expr: age\n"),
            "t.yaml:2:5: 'id' must be a text, found nothing");
  EXPECT_EQ(ParseError("tags:\n  - id: [a]\n    dimension: usage\n    expr: age\n"),
            "t.yaml:2:9: 'id' must be a text, found a list");
}

TEST(TagCatalogErrors, DuplicateIdNamesTheFirstLine) {
  EXPECT_EQ(ParseError("tags:\n"
                       "  - id: a\n"
                       "    dimension: usage\n"
                       "    expr: age\n"
                       "  - id: a\n"
                       "    dimension: usage\n"
                       "    expr: age + 1\n"),
            "t.yaml:5:9: duplicate id 'a' (first defined at line 2)");
}

TEST(TagCatalogErrors, UnknownKeySuggestsAndListsTheAllowedOnes) {
  const std::string allowed = "; allowed: id, dimension, description, expr, builtin, bands";
  EXPECT_EQ(ParseError("tags:\n  - id: a\n    dimension: usage\n    expresion: age\n"),
            "t.yaml:4:5: unknown key 'expresion' (did you mean 'expr'?)" + allowed);
  EXPECT_EQ(ParseError("tags:\n  - id: a\n    dimention: usage\n    expr: age\n"),
            "t.yaml:3:5: unknown key 'dimention' (did you mean 'dimension'?)" + allowed);
  EXPECT_EQ(ParseError("tags:\n  - id: a\n    colour: red\n"),
            "t.yaml:3:5: unknown key 'colour'" + allowed);
  EXPECT_EQ(ParseError("tags:\n  - id: a\n    dimension: usage\n    expr: age\n    expr: age\n"),
            "t.yaml:5:5: duplicate key 'expr' in this entry");
}

TEST(TagCatalogErrors, DimensionIsRequiredAndKnown) {
  EXPECT_EQ(ParseError("tags:\n  - id: a\n    expr: age\n"),
            "t.yaml:2:5: tag 'a' has no 'dimension' (one of: " + kDimensions + ")");
  EXPECT_EQ(
      ParseError("tags:\n  - id: a\n    dimension: usge\n    expr: age\n"),
      "t.yaml:3:16: unknown dimension 'usge' (did you mean 'usage'?); one of: " + kDimensions);
  EXPECT_EQ(ParseError("tags:\n  - id: a\n    dimension: money\n    expr: age\n"),
            "t.yaml:3:16: unknown dimension 'money'; one of: " + kDimensions);
}

TEST(TagCatalogErrors, ExactlyOneOfExprAndBuiltin) {
  EXPECT_EQ(ParseError("tags:\n  - id: a\n    dimension: usage\n    expr: age\n"
                       "    builtin: home_cell\n"),
            "t.yaml:5:5: tag 'a' has both 'expr' and 'builtin': keep one");
  EXPECT_EQ(ParseError("tags:\n  - id: a\n    dimension: usage\n    description: x\n"),
            "t.yaml:2:5: tag 'a' needs 'expr' (an expression) or 'builtin' (one of: home_cell, "
            "interest)");
}

TEST(TagCatalogErrors, UnknownBuiltinListsTheKnownOnes) {
  EXPECT_EQ(ParseError("tags:\n  - id: a\n    dimension: usage\n    builtin: home_cel\n"),
            "t.yaml:4:14: unknown builtin 'home_cel' for tag 'a' (did you mean 'home_cell'?); "
            "known: home_cell, interest");
  EXPECT_EQ(ParseError("tags:\n  - id: a\n    dimension: usage\n    builtin: gender\n"),
            "t.yaml:4:14: unknown builtin 'gender' for tag 'a'; known: home_cell, interest");
}

TEST(TagCatalogErrors, BandsOnlyOnNumberExpressions) {
  EXPECT_EQ(ParseError("tags:\n  - id: a\n    dimension: usage\n    builtin: home_cell\n"
                       "    bands:\n      - {label: x}\n"),
            "t.yaml:5:5: 'bands' apply to number expressions, not to builtin 'home_cell'");
  EXPECT_EQ(ParseError("tags:\n  - id: a\n    dimension: usage\n    expr: age > 1\n"
                       "    bands:\n      - {label: x}\n"),
            "t.yaml:5:5: 'bands' apply to numbers, but tag 'a' is a flag (its expression is a "
            "comparison or and/or/not)");
}

TEST(TagCatalogErrors, BandsAscendAndOnlyTheLastIsOpen) {
  EXPECT_EQ(ParseError(Bands("      - {below: 20, label: a}\n      - {below: 10, label: b}\n"
                             "      - {label: c}\n")),
            "t.yaml:7:17: bands must ascend: below 10 is not above the previous band's 20");
  EXPECT_EQ(ParseError(Bands("      - {below: 20, label: a}\n      - {below: 20, label: b}\n"
                             "      - {label: c}\n")),
            "t.yaml:7:17: bands must ascend: below 20 is not above the previous band's 20");
  EXPECT_EQ(ParseError(Bands("      - {below: 1, label: a}\n      - {below: 5, label: b}\n")),
            "t.yaml:7:17: the last band must have no 'below': it takes every value from the "
            "previous band's 'below' up");
  EXPECT_EQ(ParseError(Bands("      - {label: a}\n      - {label: b}\n")),
            "t.yaml:6:9: only the last band may omit 'below'");
  EXPECT_OK(testing::ParseTestCatalog(Bands("      - {label: all}\n")));
}

TEST(TagCatalogErrors, BandsAreWellFormed) {
  EXPECT_EQ(ParseError("tags:\n  - id: a\n    dimension: usage\n    expr: age\n    bands: []\n"),
            "t.yaml:5:5: 'bands' must be a list of {below: NUMBER, label: TEXT}, the last "
            "without 'below'");
  EXPECT_EQ(ParseError(Bands("      - light\n")),
            "t.yaml:6:9: a band must be a mapping {below: NUMBER, label: TEXT}, found 'light'");
  EXPECT_EQ(ParseError(Bands("      - {below: 1}\n      - {label: b}\n")),
            "t.yaml:6:9: band without a 'label'");
  EXPECT_EQ(ParseError(Bands("      - {below: ten, label: a}\n      - {label: b}\n")),
            "t.yaml:6:17: 'below' must be a finite number, found 'ten'");
  EXPECT_EQ(ParseError(Bands("      - {below: .inf, label: a}\n      - {label: b}\n")),
            "t.yaml:6:17: 'below' must be a finite number, found '.inf'");
  EXPECT_EQ(ParseError(Bands("      - {below: 1, lable: a}\n      - {label: b}\n")),
            "t.yaml:6:20: unknown key 'lable' in a band (allowed: below, label)");
  EXPECT_EQ(ParseError(Bands("      - {below: 1, label: [a]}\n      - {label: b}\n")),
            "t.yaml:6:27: a band's 'label' must be a text, found a list");
}

TEST(TagCatalogErrors, SyntaxErrorsSayWhatWasExpected) {
  EXPECT_EQ(ParseError(Expr("age + * 2")),
            "t.yaml:4:17: expected a number, a feature name, a function call or '(', found '*'");
  EXPECT_EQ(ParseError(Expr("(age + 1")),
            "t.yaml:4:11: '(' is never closed: expected ')' before the end of the expression");
  EXPECT_EQ(ParseError(Expr("min(age, 1")),
            "t.yaml:4:14: '(' is never closed: expected ')' before the end of the expression");
  EXPECT_EQ(ParseError(Expr("(age + 1 2)")),
            "t.yaml:4:20: expected ')' or an operator, found number 2");
  EXPECT_EQ(ParseError(Expr("age 1")),
            "t.yaml:4:15: expected an operator or the end of the expression, found number 1");
  EXPECT_EQ(ParseError(Expr("age > 1 AND age < 9")),
            "t.yaml:4:19: expected an operator or the end of the expression, found identifier "
            "'AND'");
  EXPECT_EQ(ParseError(Expr("age)")), "t.yaml:4:14: ')' without a matching '('");
  EXPECT_EQ(ParseError(Expr("1 < age < 50")),
            "t.yaml:4:19: comparisons do not chain: write 'a < b and b < c'");
}

TEST(TagCatalogErrors, EmptyExpression) {
  EXPECT_EQ(ParseError(Expr("\"\"")), "t.yaml:4:11: empty expression");
  EXPECT_EQ(ParseError(Expr("\"   \"")), "t.yaml:4:11: empty expression");
  EXPECT_EQ(ParseError(Expr("")), "t.yaml:4:5: 'expr' is empty");
}

TEST(TagCatalogErrors, BadCharactersNameTheRightSpelling) {
  EXPECT_EQ(ParseError(Expr("age = 30")), "t.yaml:4:15: unexpected '=' (equality is written '==')");
  EXPECT_EQ(ParseError(Expr("age > 1 && age < 9")), "t.yaml:4:19: unexpected '&&' (write 'and')");
  EXPECT_EQ(ParseError(Expr("age > 1 || age < 9")), "t.yaml:4:19: unexpected '||' (write 'or')");
  EXPECT_EQ(ParseError(Expr("\"!(age > 1)\"")),
            "t.yaml:4:12: unexpected '!' (negation is written 'not', inequality '!=')");
  EXPECT_EQ(ParseError(Expr("age $ 1")), "t.yaml:4:15: unexpected character '$'");
  EXPECT_EQ(ParseError(Expr("1e999")), "t.yaml:4:11: number '1e999' is out of range");
}

TEST(TagCatalogErrors, UnknownNames) {
  EXPECT_EQ(ParseError(Expr("monthly_fe * 12")),
            "t.yaml:4:11: unknown identifier 'monthly_fe' (did you mean 'monthly_fee'?)");
  EXPECT_EQ(ParseError(Expr("zodiac")),
            "t.yaml:4:11: unknown identifier 'zodiac' (scalar features: age, monthly_fee, "
            "device_changes)");
  EXPECT_EQ(ParseError(Expr("calls_out > 3")),
            "t.yaml:4:11: 'calls_out' is a daily field: sum it over a window, e.g. "
            "sum(calls_out, 30d)");
  EXPECT_EQ(ParseError(Expr("sum + 1")), "t.yaml:4:11: 'sum' is a function: write sum(FIELD, Nd)");
  EXPECT_EQ(ParseError(Expr("1 + summ(calls_out, 30d)")),
            "t.yaml:4:15: unknown function 'summ' (did you mean 'sum'?)");
  EXPECT_EQ(ParseError(Expr("median(age)")),
            "t.yaml:4:11: unknown function 'median' (functions: sum, avg, active_days, "
            "distinct_contacts, distinct_cells, ratio, min, max, abs, log1p, round, coalesce)");
}

TEST(TagCatalogErrors, ArgumentCountNamesTheSignature) {
  EXPECT_EQ(ParseError(Expr("sum(calls_out)")),
            "t.yaml:4:11: sum takes 2 arguments (sum(FIELD, Nd)), found 1");
  EXPECT_EQ(ParseError(Expr("avg()")),
            "t.yaml:4:11: avg takes 2 arguments (avg(FIELD, Nd)), found 0");
  EXPECT_EQ(ParseError(Expr("sum(calls_out, 30d, 7d)")),
            "t.yaml:4:11: sum takes 2 arguments (sum(FIELD, Nd)), found more");
  EXPECT_EQ(ParseError(Expr("active_days(7d, 30d)")),
            "t.yaml:4:11: active_days takes 1 argument (active_days(Nd)), found more");
  EXPECT_EQ(ParseError(Expr("distinct_cells()")),
            "t.yaml:4:11: distinct_cells takes 1 argument (distinct_cells(Nd)), found 0");
  EXPECT_EQ(ParseError(Expr("1 + abs(1, 2)")),
            "t.yaml:4:15: abs takes 1 argument (abs(a)), found 2");
  EXPECT_EQ(ParseError(Expr("min(age)")),
            "t.yaml:4:11: min takes 2 arguments (min(a, b)), found 1");
  EXPECT_EQ(ParseError(Expr("round()")), "t.yaml:4:11: round takes 1 argument (round(a)), found 0");
  EXPECT_EQ(ParseError(Expr("coalesce(age, 1, 2)")),
            "t.yaml:4:11: coalesce takes 2 arguments (coalesce(a, b)), found 3");
}

TEST(TagCatalogErrors, WindowsAreWholeDaysWithinTheRetention) {
  EXPECT_EQ(ParseError(Expr("sum(calls_out, 30)")),
            "t.yaml:4:26: expected a window of days such as 30d, found number 30 (write 30d)");
  EXPECT_EQ(ParseError(Expr("active_days(age)")),
            "t.yaml:4:23: expected a window of days such as 30d, found identifier 'age'");
  EXPECT_EQ(ParseError(Expr("sum(calls_out, 0d)")),
            "t.yaml:4:26: a window must be at least 1d, found 0d");
  EXPECT_EQ(ParseError(Expr("sum(calls_out, 90d)")),
            "t.yaml:4:26: window 90d exceeds the state's retention of 35 days "
            "(state.retention_days in the config)");
  EXPECT_EQ(ParseError(Expr("sum(calls_out, 36d)")),
            "t.yaml:4:26: window 36d exceeds the state's retention of 35 days "
            "(state.retention_days in the config)");
  EXPECT_EQ(ParseError(Expr("sum(calls_out, 30days)")),
            "t.yaml:4:26: malformed number '30days' (a number is written like 12 or 0.5, a "
            "window of days like 30d)");
  EXPECT_EQ(ParseError(Expr("sum(calls_out, 1.5d)")),
            "t.yaml:4:26: malformed number '1.5d' (a number is written like 12 or 0.5, a window "
            "of days like 30d)");
  EXPECT_EQ(ParseError(Expr("age + 30d")),
            "t.yaml:4:17: a window (30d) is only an argument of sum, avg, active_days, "
            "distinct_contacts or distinct_cells");
}

TEST(TagCatalogErrors, SumTakesADailyField) {
  const std::string fields = "(daily fields: calls_out, calls_in, data_kib, recharges)";
  EXPECT_EQ(ParseError(Expr("sum(age, 30d)")),
            "t.yaml:4:15: 'age' is a scalar feature, not a daily field " + fields);
  EXPECT_EQ(ParseError(Expr("avg(calls_ot, 30d)")),
            "t.yaml:4:15: unknown daily field 'calls_ot' (did you mean 'calls_out'?)");
  EXPECT_EQ(ParseError(Expr("sum(zzz, 30d)")), "t.yaml:4:15: unknown daily field 'zzz' " + fields);
  EXPECT_EQ(
      ParseError(Expr("sum(3, 30d)")),
      "t.yaml:4:15: sum's first argument must be a daily field " + fields + ", found number 3");
  EXPECT_EQ(ParseError(Expr("sum(calls_out 30d)")),
            "t.yaml:4:25: expected ',' after the field, found window 30d");
}

TEST(TagCatalogErrors, DeepNestingIsAnErrorNotAStackOverflow) {
  const std::string deep = std::string(5000, '(') + "age" + std::string(5000, ')');
  // The 101st '(' (offset 100) is one level too many.
  EXPECT_EQ(ParseError(Expr(deep)),
            "t.yaml:4:111: expression nested too deeply (more than 100 levels)");
  std::string nots;
  for (int i = 0; i < 5000; ++i) nots += "not ";
  EXPECT_NE(ParseError(Expr(nots + "age > 1")).find("nested too deeply"), std::string::npos);
  EXPECT_NE(ParseError(Expr(std::string(5000, '-') + "age")).find("nested too deeply"),
            std::string::npos);
  const std::string ok = std::string(50, '(') + "age" + std::string(50, ')');
  EXPECT_EQ(ParseError(Expr(ok)), "OK");
}

// Decision (docs/tags.md): truth values and numbers do not mix. A flag in arithmetic would
// silently count unknown as 0 or poison the sum; write the condition out instead.
TEST(TagCatalogErrors, TruthValuesAreNotNumbers) {
  const std::string flag =
      " needs a number, found a truth value (a comparison, 'and', 'or' or 'not'); flags cannot "
      "be used in arithmetic";
  EXPECT_EQ(ParseError(Expr("(age > 1) + 2")), "t.yaml:4:11: '+'" + flag);
  EXPECT_EQ(ParseError(Expr("2 * (age > 1)")), "t.yaml:4:15: '*'" + flag);
  EXPECT_EQ(ParseError(Expr("-(age > 1)")), "t.yaml:4:12: unary '-'" + flag);
  EXPECT_EQ(ParseError(Expr("min(age > 1, 2)")), "t.yaml:4:15: min()" + flag);
  EXPECT_EQ(ParseError(Expr("(age > 1) > 0")), "t.yaml:4:11: '>'" + flag);
  const std::string number = " needs a truth value, found a number (compare it, e.g. x > 0)";
  EXPECT_EQ(ParseError(Expr("age and age > 1")), "t.yaml:4:11: 'and'" + number);
  EXPECT_EQ(ParseError(Expr("age > 1 or 2")), "t.yaml:4:22: 'or'" + number);
  EXPECT_EQ(ParseError(Expr("not age")), "t.yaml:4:15: 'not'" + number);
}

}  // namespace
}  // namespace ripple::profile
