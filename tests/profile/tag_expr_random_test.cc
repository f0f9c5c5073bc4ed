// Randomised checks of the expression compiler and evaluator: random well-typed expressions are
// evaluated both by the compiled program and by a tree-walking reference written here from the
// rules of docs/tags.md (so folding, fusion, slots and max_stack are checked against an
// independent implementation); random token soup must fail cleanly or run within max_stack.
// Seeded: the same cases every run. Run under the sanitizer build too (stack bounds).
#include <gtest/gtest.h>

#include <cmath>
#include <iterator>
#include <string>
#include <vector>

#include "core/rng.h"
#include "profile/tag_catalog.h"
#include "tag_test_schema.h"

namespace ripple::profile {
namespace {

using testing::kNaN;

// An expression and its value under the documented rules, over the frame of tag_test_schema.h.
struct ExprCase {
  std::string text;
  double value;
};

double Compare(double a, double b, bool holds) {
  return std::isnan(a) || std::isnan(b) ? kNaN : holds;
}

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  ExprCase Number(int depth) {
    if (depth == 0 || rng_.Chance(0.25)) return NumberLeaf();
    const uint64_t kind = rng_.Below(13);
    if (kind == 0) {
      ExprCase a = Number(depth - 1);
      return {"-" + a.text, -a.value};
    }
    if (kind <= 4) {
      ExprCase a = Number(depth - 1), b = Number(depth - 1);
      const char* ops[] = {"+", "-", "*", "/"};
      double v = kind == 1      ? a.value + b.value
                 : kind == 2    ? a.value - b.value
                 : kind == 3    ? a.value * b.value
                 : b.value == 0 ? kNaN
                                : a.value / b.value;
      return {"(" + a.text + " " + ops[kind - 1] + " " + b.text + ")", v};
    }
    if (kind <= 9) {
      ExprCase a = Number(depth - 1), b = Number(depth - 1);
      const bool unknown = std::isnan(a.value) || std::isnan(b.value);
      switch (kind) {
        case 5:
          return {"ratio(" + a.text + ", " + b.text + ")", b.value == 0 ? kNaN : a.value / b.value};
        case 6:
          return {"min(" + a.text + ", " + b.text + ")",
                  unknown ? kNaN : std::min(a.value, b.value)};
        case 7:
          return {"max(" + a.text + ", " + b.text + ")",
                  unknown ? kNaN : std::max(a.value, b.value)};
        default:
          return {"coalesce(" + a.text + ", " + b.text + ")",
                  std::isnan(a.value) ? b.value : a.value};
      }
    }
    ExprCase a = Number(depth - 1);
    switch (kind) {
      case 10:
        return {"abs(" + a.text + ")", std::fabs(a.value)};
      case 11:
        return {"round(" + a.text + ")", std::round(a.value)};
      default:
        return {"log1p(" + a.text + ")", a.value <= -1 ? kNaN : std::log1p(a.value)};
    }
  }

  ExprCase Truth(int depth) {
    const uint64_t kind = depth == 0 ? 0 : rng_.Below(4);
    if (kind == 0) {
      ExprCase a = Number(depth == 0 ? 0 : depth - 1), b = Number(depth == 0 ? 0 : depth - 1);
      const char* ops[] = {"<", "<=", ">", ">=", "==", "!="};
      const uint64_t op = rng_.Below(6);
      const bool holds[] = {a.value<b.value, a.value <= b.value, a.value> b.value,
                            a.value >= b.value, a.value == b.value, a.value != b.value};
      return {"(" + a.text + " " + ops[op] + " " + b.text + ")",
              Compare(a.value, b.value, holds[op])};
    }
    if (kind == 1) {
      ExprCase a = Truth(depth - 1);
      return {"not " + a.text, std::isnan(a.value) ? kNaN : (a.value == 0 ? 1.0 : 0.0)};
    }
    ExprCase a = Truth(depth - 1), b = Truth(depth - 1);
    const bool any_unknown = std::isnan(a.value) || std::isnan(b.value);
    if (kind == 2) {
      double v = a.value == 0 || b.value == 0 ? 0.0 : (any_unknown ? kNaN : 1.0);
      return {"(" + a.text + " and " + b.text + ")", v};
    }
    double v = a.value == 1 || b.value == 1 ? 1.0 : (any_unknown ? kNaN : 0.0);
    return {"(" + a.text + " or " + b.text + ")", v};
  }

 private:
  ExprCase NumberLeaf() {
    static const ExprCase kLeaves[] = {{"0", 0},
                                       {"1", 1},
                                       {"2.5", 2.5},
                                       {"3", 3},
                                       {"1024", 1024},
                                       {"age", 30},
                                       {"monthly_fee", 58},
                                       {"device_changes", kNaN},
                                       {"sum(calls_out, 7d)", 10},
                                       {"sum(calls_in, 30d)", 20},
                                       {"avg(calls_out, 30d)", 40.0 / 30.0},
                                       {"active_days(7d)", 5},
                                       {"distinct_cells(30d)", 9},
                                       {"ratio(1, 0)", kNaN}};
    return kLeaves[rng_.Below(std::size(kLeaves))];
  }

  Rng rng_;
};

TEST(TagExprRandom, CompiledProgramsAgreeWithTheReferenceRules) {
  Generator gen(2024);
  int known = 0, holds = 0;
  for (int i = 0; i < 3000; ++i) {
    const bool truth = i % 2 == 1;
    const ExprCase c = truth ? gen.Truth(4) : gen.Number(4);
    const TagDefinition def = testing::Compile(c.text);
    ASSERT_EQ(def.program.boolean, truth) << c.text;
    std::vector<double> stack(static_cast<size_t>(def.program.max_stack));
    const double v = Evaluate(def.program, testing::TestFrame().frame(), stack.data());
    if (std::isnan(c.value)) {
      EXPECT_TRUE(std::isnan(v)) << c.text << " = " << v;
    } else {
      EXPECT_EQ(v, c.value) << c.text;
      ++known;
      holds += truth && v == 1;
    }
  }
  // The cases are not all unknown: most yield a value, and many flags hold.
  EXPECT_GT(known, 1500);
  EXPECT_GT(holds, 300);
}

// Token soup from the language's own vocabulary (plus a few stray characters): every input
// either fails with a message or compiles to a program that runs within its max_stack (the
// sanitizer build checks the stack bounds).
TEST(TagExprRandom, TokenSoupFailsCleanlyOrRuns) {
  const char* vocabulary[] = {"age",
                              "monthly_fee",
                              "device_changes",
                              "calls_out",
                              "sum(",
                              "avg(",
                              "active_days(",
                              "ratio(",
                              "min(",
                              "coalesce(",
                              "not",
                              "and",
                              "or",
                              "(",
                              ")",
                              ",",
                              "+",
                              "-",
                              "*",
                              "/",
                              "<",
                              ">=",
                              "==",
                              "!=",
                              "30d",
                              "7d",
                              "0d",
                              "99d",
                              "3",
                              "0",
                              "2.5",
                              "$",
                              "=",
                              "1e400",
                              "calls_in"};
  Rng rng(42);
  int compiled = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string expr;
    const uint64_t n = 1 + rng.Below(12);
    for (uint64_t k = 0; k < n; ++k) {
      expr += vocabulary[rng.Below(std::size(vocabulary))];
      expr += ' ';
    }
    auto r = testing::ParseTestCatalog(testing::OneTagYaml(expr));
    if (!r.ok()) {
      EXPECT_EQ(r.status().message().rfind("t.yaml:", 0), 0u) << expr;
      continue;
    }
    ++compiled;
    const TagProgram& p = r->tags[1].program;
    ASSERT_GE(p.max_stack, 1) << expr;
    std::vector<double> stack(static_cast<size_t>(p.max_stack));
    std::vector<double> windows(4 * r->window_days.size(), 1.0);
    std::vector<double> counts(r->window_days.size(), 2.0);
    const double scalars[] = {30, 58, kNaN};
    const FeatureFrame frame{scalars,       windows.data(), counts.data(),
                             counts.data(), counts.data(),  4};
    const double v = Evaluate(p, frame, stack.data());
    if (p.boolean) {
      EXPECT_TRUE(std::isnan(v) || v == 0 || v == 1) << expr;
    }
  }
  EXPECT_GT(compiled, 50);  // the soup does reach the evaluator
}

}  // namespace
}  // namespace ripple::profile
