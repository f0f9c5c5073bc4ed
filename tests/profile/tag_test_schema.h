// The hand-made feature schema, builtin registry and feature frame the tag catalog tests share,
// and helpers to compile one expression and evaluate it over that frame.
//
// Frame (window slots: 0 = 7d, 1 = 30d — every helper catalog uses exactly those two windows):
//   scalars       age 30, monthly_fee 58, device_changes NaN (unknown)
//   7d windows    calls_out 10, calls_in 4, data_kib 2048, recharges 0
//   30d windows   calls_out 40, calls_in 20, data_kib 3145728 (3 GiB), recharges 2
//   active_days 5 / 21, distinct_contacts 3 / 12, distinct_cells 2 / 9   (7d / 30d)
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "profile/tag_catalog.h"
#include "support/test_support.h"

namespace ripple::profile::testing {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

inline FeatureSchema TestSchema() {
  FeatureSchema s;
  s.scalars = {"age", "monthly_fee", "device_changes"};
  s.window_fields = {"calls_out", "calls_in", "data_kib", "recharges"};
  s.max_window_days = 35;
  return s;
}

inline constexpr BuiltinInfo kTestBuiltins[] = {{"home_cell", TagType::kText},
                                                {"interest", TagType::kSet}};

inline Result<TagCatalog> ParseTestCatalog(const std::string& yaml) {
  return ParseTagCatalog(yaml, "t.yaml", TestSchema(), kTestBuiltins);
}

// The error message of parsing `yaml`, or "OK".
inline std::string ParseError(const std::string& yaml) {
  auto r = ParseTestCatalog(yaml);
  return r.ok() ? "OK" : r.status().message();
}

struct TestFrame {
  std::array<double, 3> scalars = {30, 58, kNaN};
  std::array<double, 8> windows = {10, 4, 2048, 0, 40, 20, 3145728, 2};
  std::array<double, 2> active_days = {5, 21};
  std::array<double, 2> contacts = {3, 12};
  std::array<double, 2> cells = {2, 9};
  FeatureFrame frame() const {
    return {scalars.data(), windows.data(), active_days.data(), contacts.data(), cells.data(), 4};
  }
};

// A catalog of an anchor tag reading both windows (so 7d is slot 0 and 30d slot 1 whatever
// `expr` uses) followed by tag `t` = `expr`, written as a double-quoted YAML scalar.
inline std::string OneTagYaml(const std::string& expr) {
  return "tags:\n"
         "  - id: anchor\n"
         "    dimension: usage\n"
         "    expr: \"active_days(7d) + active_days(30d)\"\n"
         "  - id: t\n"
         "    dimension: usage\n"
         "    expr: \"" +
         expr + "\"\n";
}

// Compiles `expr` (must be valid, windows 7d/30d only) and returns its definition.
inline TagDefinition Compile(const std::string& expr) {
  auto r = ParseTestCatalog(OneTagYaml(expr));
  EXPECT_TRUE(r.ok()) << expr << ": " << ::ripple::testing::StatusText(r);
  if (!r.ok()) return {};
  EXPECT_EQ(r->window_days, (std::vector<int>{7, 30})) << expr;
  return r->tags[1];
}

// The value of `expr` over `frame`.
inline double Eval(const std::string& expr, const TestFrame& frame = TestFrame()) {
  TagDefinition def = Compile(expr);
  std::vector<double> stack(static_cast<size_t>(std::max(def.program.max_stack, 1)));
  return Evaluate(def.program, frame.frame(), stack.data());
}

}  // namespace ripple::profile::testing
