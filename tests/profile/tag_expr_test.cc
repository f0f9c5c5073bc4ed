// The expression language: what each function and operator computes over a hand-filled frame
// (tag_test_schema.h), the NaN rules, precedence, and the shape of the compiled programs.
#include <gtest/gtest.h>

#include <cmath>

#include "profile/tag_catalog.h"
#include "tag_test_schema.h"

namespace ripple::profile {
namespace {

using testing::Compile;
using testing::Eval;
using testing::kNaN;

TEST(TagExpr, WindowFunctionsReadTheirSlot) {
  EXPECT_EQ(Eval("sum(calls_out, 7d)"), 10);
  EXPECT_EQ(Eval("sum(calls_out, 30d)"), 40);
  EXPECT_EQ(Eval("sum(calls_in, 30d)"), 20);
  EXPECT_EQ(Eval("sum(recharges, 30d)"), 2);
  EXPECT_EQ(Eval("sum(data_kib, 30d) / 1048576"), 3);
  EXPECT_EQ(Eval("active_days(7d)"), 5);
  EXPECT_EQ(Eval("active_days(30d)"), 21);
  EXPECT_EQ(Eval("distinct_contacts(30d)"), 12);
  EXPECT_EQ(Eval("distinct_cells(7d)"), 2);
}

TEST(TagExpr, AverageIsTheWindowSumOverItsDays) {
  EXPECT_DOUBLE_EQ(Eval("avg(calls_out, 30d)"), 40.0 / 30.0);
  EXPECT_DOUBLE_EQ(Eval("avg(calls_in, 7d)"), 4.0 / 7.0);
  // Days without activity count: avg over 30 days, not over the 21 active ones.
  EXPECT_DOUBLE_EQ(Eval("avg(data_kib, 30d)"), 104857.6);
}

TEST(TagExpr, ScalarsAndArithmetic) {
  EXPECT_EQ(Eval("age"), 30);
  EXPECT_EQ(Eval("monthly_fee - age"), 28);
  EXPECT_EQ(Eval("age * 2 + 1"), 61);
  EXPECT_EQ(Eval("1 + 2 * 3"), 7);
  EXPECT_EQ(Eval("(1 + 2) * 3"), 9);
  EXPECT_EQ(Eval("10 - 4 - 3"), 3);  // left-associative
  EXPECT_EQ(Eval("24 / 4 / 2"), 3);  // left-associative
  EXPECT_EQ(Eval("-2 * 3"), -6);
  EXPECT_EQ(Eval("2 - -3"), 5);
  EXPECT_EQ(Eval("--age"), 30);
  EXPECT_EQ(Eval("0.5 + .25 + 1e2"), 100.75);
}

TEST(TagExpr, Functions) {
  EXPECT_EQ(Eval("ratio(sum(calls_out, 30d), sum(calls_in, 30d))"), 2);
  EXPECT_EQ(Eval("min(age, monthly_fee)"), 30);
  EXPECT_EQ(Eval("max(age, monthly_fee)"), 58);
  EXPECT_EQ(Eval("abs(age - monthly_fee)"), 28);
  EXPECT_EQ(Eval("log1p(0)"), 0);
  EXPECT_DOUBLE_EQ(Eval("log1p(age)"), std::log(31.0));
  EXPECT_EQ(Eval("round(2.5)"), 3);  // halves away from zero
  EXPECT_EQ(Eval("round(-2.5)"), -3);
  EXPECT_EQ(Eval("round(2.4)"), 2);
  EXPECT_EQ(Eval("coalesce(age, 5)"), 30);
}

TEST(TagExpr, ArithmeticWithUnknownIsUnknown) {
  EXPECT_TRUE(std::isnan(Eval("device_changes + 1")));
  EXPECT_TRUE(std::isnan(Eval("device_changes * 0")));
  EXPECT_TRUE(std::isnan(Eval("-device_changes")));
  EXPECT_TRUE(std::isnan(Eval("abs(device_changes)")));
  EXPECT_TRUE(std::isnan(Eval("round(device_changes)")));
  EXPECT_TRUE(std::isnan(Eval("min(age, device_changes)")));  // not fmin: unknown stays unknown
  EXPECT_TRUE(std::isnan(Eval("max(device_changes, age)")));
}

TEST(TagExpr, DivisionByZeroIsUnknown) {
  EXPECT_TRUE(std::isnan(Eval("ratio(3, 0)")));
  EXPECT_TRUE(std::isnan(Eval("3 / 0")));
  EXPECT_TRUE(std::isnan(Eval("0 / 0")));
  EXPECT_TRUE(std::isnan(Eval("age / (age - 30)")));  // at run time, not only when folded
  EXPECT_TRUE(std::isnan(Eval("ratio(sum(calls_out, 7d), sum(recharges, 7d))")));
  EXPECT_TRUE(std::isnan(Eval("ratio(age, -0)")));
}

TEST(TagExpr, LogOutsideItsDomainIsUnknown) {
  EXPECT_TRUE(std::isnan(Eval("log1p(-1)")));  // would be -inf
  EXPECT_TRUE(std::isnan(Eval("log1p(-2)")));
  EXPECT_TRUE(std::isnan(Eval("log1p(age - 31)")));
}

TEST(TagExpr, CoalesceReplacesOnlyUnknown) {
  EXPECT_EQ(Eval("coalesce(device_changes, 5)"), 5);
  EXPECT_EQ(Eval("coalesce(ratio(3, 0), 5)"), 5);
  EXPECT_EQ(Eval("coalesce(age - 30, 5)"), 0);  // zero is known
  EXPECT_TRUE(std::isnan(Eval("coalesce(device_changes, device_changes)")));
}

TEST(TagExpr, ComparisonsGiveOneOrZero) {
  EXPECT_EQ(Eval("age > 29"), 1);
  EXPECT_EQ(Eval("age >= 31"), 0);
  EXPECT_EQ(Eval("age >= 30"), 1);
  EXPECT_EQ(Eval("age < 30"), 0);
  EXPECT_EQ(Eval("age <= 30"), 1);
  EXPECT_EQ(Eval("age == 30"), 1);
  EXPECT_EQ(Eval("age != 30"), 0);
  EXPECT_EQ(Eval("sum(calls_out, 30d) > 4 * sum(calls_out, 7d) - 1"), 1);  // 40 > 39
}

TEST(TagExpr, ComparisonWithUnknownDoesNotHold) {
  // NaN: a flag reads it as "does not hold", and `not` keeps it unknown.
  EXPECT_TRUE(std::isnan(Eval("device_changes > 1")));
  EXPECT_TRUE(std::isnan(Eval("device_changes <= 1")));
  EXPECT_TRUE(std::isnan(Eval("device_changes == device_changes")));
  EXPECT_TRUE(std::isnan(Eval("device_changes != 0")));
  EXPECT_TRUE(std::isnan(Eval("ratio(3, 0) > 1")));
}

TEST(TagExpr, NotOfUnknownStaysUnknown) {
  EXPECT_EQ(Eval("not age > 40"), 1);
  EXPECT_EQ(Eval("not age > 1"), 0);
  EXPECT_EQ(Eval("not not age > 1"), 1);
  EXPECT_TRUE(std::isnan(Eval("not device_changes > 1")));
  EXPECT_TRUE(std::isnan(Eval("not (ratio(3, 0) > 1)")));
  EXPECT_TRUE(std::isnan(Eval("not not device_changes > 1")));
}

// T = age > 1 (holds), F = age > 100 (does not), U = device_changes > 1 (unknown).
TEST(TagExpr, AndOrFollowThreeValuedLogic) {
  EXPECT_EQ(Eval("age > 1 and age > 2"), 1);                        // T and T
  EXPECT_EQ(Eval("age > 1 and age > 100"), 0);                      // T and F
  EXPECT_EQ(Eval("age > 100 and device_changes > 1"), 0);           // F and U: false whatever U is
  EXPECT_EQ(Eval("device_changes > 1 and age > 100"), 0);           // U and F
  EXPECT_TRUE(std::isnan(Eval("age > 1 and device_changes > 1")));  // T and U
  EXPECT_TRUE(std::isnan(Eval("device_changes > 1 and device_changes < 5")));  // U and U
  EXPECT_EQ(Eval("age > 1 or device_changes > 1"), 1);               // T or U: true whatever U is
  EXPECT_EQ(Eval("device_changes > 1 or age > 1"), 1);               // U or T
  EXPECT_TRUE(std::isnan(Eval("age > 100 or device_changes > 1")));  // F or U
  EXPECT_EQ(Eval("age > 100 or age > 200"), 0);                      // F or F
  // So that unknown never turns into "holds" through a negation:
  EXPECT_TRUE(std::isnan(Eval("not (age > 1 and device_changes > 1)")));
  EXPECT_TRUE(std::isnan(Eval("not (age > 100 or device_changes > 1)")));
  EXPECT_EQ(Eval("not (age > 100 and device_changes > 1)"), 1);  // known false, whatever U
}

TEST(TagExpr, LogicalPrecedenceIsOrAndNotComparison) {
  EXPECT_EQ(Eval("age > 1 or age > 100 and age > 200"), 1);  // T or (F and F)
  EXPECT_EQ(Eval("(age > 1 or age > 100) and age > 200"), 0);
  EXPECT_EQ(Eval("not age > 100 and age > 200"), 0);  // (not F) and F
  EXPECT_EQ(Eval("not (age > 100 and age > 200)"), 1);
  EXPECT_EQ(Eval("age + 1 > 30 and -age < 0"), 1);  // arithmetic binds tighter
}

TEST(TagExpr, TypeFollowsTheTopLevelOperator) {
  EXPECT_FALSE(Compile("age").program.boolean);
  EXPECT_EQ(Compile("age").type, TagType::kNumber);
  EXPECT_TRUE(Compile("age > 1").program.boolean);
  EXPECT_EQ(Compile("age > 1").type, TagType::kFlag);
  EXPECT_EQ(Compile("(age > 1)").type, TagType::kFlag);
  EXPECT_EQ(Compile("not age > 1").type, TagType::kFlag);
  EXPECT_EQ(Compile("age > 1 or age < 0").type, TagType::kFlag);
  EXPECT_EQ(Compile("1 > 2").type, TagType::kFlag);  // folded to a constant, still a flag
  EXPECT_EQ(Compile("coalesce(age, 0)").type, TagType::kNumber);
}

TEST(TagExpr, MaxStackIsTheDeepestPoint) {
  EXPECT_EQ(Compile("age").program.max_stack, 1);
  EXPECT_EQ(Compile("age + monthly_fee * device_changes").program.max_stack, 3);
  EXPECT_EQ(Compile("(age + monthly_fee) * device_changes").program.max_stack, 2);
  EXPECT_EQ(Compile("age + (monthly_fee + (device_changes + age))").program.max_stack, 4);
  EXPECT_EQ(Compile("avg(calls_out, 30d)").program.max_stack, 1);  // kWindow, kDivConst 30
  EXPECT_EQ(Compile("2 * age").program.max_stack, 2);              // only a right constant is fused
}

TEST(TagExpr, ConstantSubexpressionsAreFolded) {
  const auto ops = Compile("(2 * 3) + age + -(1)").program.ops;
  ASSERT_EQ(ops.size(), 4u);  // 6 age + -1+
  EXPECT_EQ(ops[0].code, OpCode::kConst);
  EXPECT_EQ(ops[0].value, 6);
  EXPECT_EQ(ops[1].code, OpCode::kScalar);
  EXPECT_EQ(ops[2].code, OpCode::kAdd);
  EXPECT_EQ(ops[3].code, OpCode::kAddConst);
  EXPECT_EQ(ops[3].value, -1);
  const auto nan = Compile("ratio(3, 0)").program.ops;
  ASSERT_EQ(nan.size(), 1u);
  EXPECT_TRUE(std::isnan(nan[0].value));
}

TEST(TagExpr, AConstantRightOperandIsFusedIntoItsOperator) {
  const struct {
    const char* expr;
    OpCode fused;
  } cases[] = {{"age + 2", OpCode::kAddConst}, {"age - 2", OpCode::kSubConst},
               {"age * 2", OpCode::kMulConst}, {"age / 2", OpCode::kDivConst},
               {"age < 2", OpCode::kLtConst},  {"age <= 2", OpCode::kLeConst},
               {"age > 2", OpCode::kGtConst},  {"age >= 2", OpCode::kGeConst},
               {"age == 2", OpCode::kEqConst}, {"age != 2", OpCode::kNeConst}};
  for (const auto& c : cases) {
    const auto ops = Compile(c.expr).program.ops;
    ASSERT_EQ(ops.size(), 2u) << c.expr;
    EXPECT_EQ(ops[1].code, c.fused) << c.expr;
    EXPECT_EQ(ops[1].value, 2) << c.expr;
  }
  EXPECT_EQ(Compile("min(age, 2)").program.ops.size(), 3u);  // not fused
  // The fused ops keep the rules: x / 0 and comparisons with an unknown constant are unknown.
  EXPECT_TRUE(std::isnan(Eval("age / 0")));
  EXPECT_TRUE(std::isnan(Eval("age > ratio(1, 0)")));
  EXPECT_TRUE(std::isnan(Eval("device_changes == 0")));
  EXPECT_EQ(Eval("age - 2"), 28);
  EXPECT_EQ(Eval("age / 4"), 7.5);
  EXPECT_EQ(Eval("age <= 30"), 1);
  EXPECT_EQ(Eval("age != 29"), 1);
}

TEST(TagExpr, EvaluateRunsHandBuiltPrograms) {
  double stack[4];
  const FeatureFrame none;
  TagProgram div;
  div.ops = {{OpCode::kConst, 0, 0, 1}, {OpCode::kConst, 0, 0, 0}, {OpCode::kDiv}};
  div.max_stack = 2;
  EXPECT_TRUE(std::isnan(Evaluate(div, none, stack)));
  TagProgram logic;  // not (NaN and 0) = not 0 = 1
  logic.ops = {
      {OpCode::kConst, 0, 0, kNaN}, {OpCode::kConst, 0, 0, 0}, {OpCode::kAnd}, {OpCode::kNot}};
  EXPECT_EQ(Evaluate(logic, none, stack), 1);
  EXPECT_TRUE(std::isnan(Evaluate(TagProgram{}, none, stack)));  // a builtin's empty program
}

TEST(TagExpr, BandOfPicksTheFirstBandBelowWhichTheValueLies) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<Band> bands = {{1, "light"}, {20, "medium"}, {inf, "heavy"}};
  auto label = [&](double v) {
    const std::string* l = BandOf(bands, v);
    return l == nullptr ? std::string("<none>") : *l;
  };
  EXPECT_EQ(label(0.5), "light");
  EXPECT_EQ(label(-inf), "light");
  EXPECT_EQ(label(1), "medium");  // `below` is exclusive
  EXPECT_EQ(label(19.99), "medium");
  EXPECT_EQ(label(20), "heavy");
  EXPECT_EQ(label(inf), "heavy");
  EXPECT_EQ(label(kNaN), "<none>");
  EXPECT_EQ(BandOf({}, 3), nullptr);
}

}  // namespace
}  // namespace ripple::profile
