// TagCatalog: the tag definitions of config/tags.yaml, parsed, type-checked and compiled.
//
// A tag is either an expression over the subscriber's features (windowed sums of the daily
// aggregates, and scalar facts such as age or handset age) or a built-in derivation named by
// `builtin:` (home_cell, interest, …; the registry is passed in by the caller). Expressions are
// compiled once into a flat postfix program (TagProgram) that Evaluate() runs per subscriber
// with no allocation and no virtual dispatch.
//
// The file format (documented in docs/tags.md):
//   tags:
//     - id: data_gb_30d                       # [a-z][a-z0-9_]*, unique
//       dimension: usage                      # one of the 11 dimensions of tag_table.h
//       description: Mobile data, last 30 days, GB   # optional
//       expr: sum(data_kib, 30d) / 1048576    # or `builtin: NAME`, exactly one of the two
//       bands:                                # optional: number -> text label
//         - {below: 1, label: light}          # ascending `below`; the last entry has no `below`
//         - {below: 20, label: medium}
//         - {label: heavy}
// Expression grammar (precedence low to high): `or`, `and`, `not`, comparisons
// (< <= > >= == !=), + -, * /, unary -, primary: number, identifier (a scalar feature),
// function call: sum(FIELD, Nd), avg(FIELD, Nd) (sum / N), active_days(Nd),
// distinct_contacts(Nd), distinct_cells(Nd), ratio(a, b), min(a, b), max(a, b), abs(a),
// log1p(a), round(a), coalesce(a, b); parentheses. `Nd` is a window of N local days ending on
// the snapshot day, 1 <= N <= the state's retention.
// Unknown values are NaN: arithmetic with NaN is NaN, x/0 and ratio(x, 0) are NaN, a comparison
// with NaN is false, `not` of NaN is NaN (so "unknown" never turns into "holds"). Precisely: a
// comparison with NaN yields NaN, which a flag reads as false (a flag holds iff its value is 1);
// and/or follow three-valued logic (0 and NaN = 0, 1 and NaN = NaN, 1 or NaN = 1, 0 or NaN =
// NaN). Truth values and numbers do not mix (`(a > 1) + 2` is an error). See docs/tags.md.
// A top-level comparison or logical expression makes a flag tag; with `bands` a text tag;
// otherwise a number tag.
//
// Errors are InvalidArgument "FILE:LINE:COL: what was expected/found", LINE and COL 1-based and
// pointing into the YAML file (inside an expression: at the offending token).
// Thread-safety: immutable after load.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "profile/tag_table.h"

namespace ripple::profile {

// What expressions may name. Window fields are summed over days (DayBucket fields); scalars are
// one value per subscriber. Index = position in the vectors.
struct FeatureSchema {
  std::vector<std::string> scalars;
  std::vector<std::string> window_fields;
  int max_window_days = 35;
};

// A built-in derivation the engine knows, and the type of tag it produces.
struct BuiltinInfo {
  std::string_view name;
  TagType type;
};

enum class OpCode : uint8_t {
  kConst,        // push constant
  kScalar,       // push scalars[a]
  kWindow,       // push windows[b * window_field_count + a]  (a = field, b = window slot)
  kActiveDays,   // push active_days[b]
  kContacts,     // push distinct_contacts[b]
  kCells,        // push distinct_cells[b]
  kAdd, kSub, kMul, kDiv, kNeg,
  kLt, kLe, kGt, kGe, kEq, kNe,
  kAnd, kOr, kNot,
  kMin, kMax, kAbs, kLog1p, kRound, kCoalesce,
  // A binary operator whose right operand is the constant `value` (fused by the compiler: one
  // dispatch instead of two for `x / 1024`, `x > 0.5`, avg()'s division).
  kAddConst, kSubConst, kMulConst, kDivConst,
  kLtConst, kLeConst, kGtConst, kGeConst, kEqConst, kNeConst,
};

struct Op {
  OpCode code;
  uint16_t a = 0;
  uint16_t b = 0;
  double value = 0;  // kConst and the k…Const ops; avg() is kWindow then kDivConst N
};

struct TagProgram {
  std::vector<Op> ops;
  int max_stack = 0;
  bool boolean = false;  // result is a truth value (flag tag)
};

struct Band {
  double below;  // +inf for the last band
  std::string label;
};

struct TagDefinition {
  std::string id;
  Dimension dimension = Dimension::kBasic;
  std::string description;
  std::string builtin;    // set for a built-in derivation
  std::string expr_text;  // set for an expression
  TagProgram program;
  std::vector<Band> bands;
  int line = 0, column = 0;  // of the entry in the file
  TagType type = TagType::kNumber;
};

struct TagCatalog {
  std::vector<TagDefinition> tags;
  // The distinct window lengths the expressions use, ascending; kWindow/kActiveDays/… ops
  // address them by slot (index into this vector).
  std::vector<int> window_days;
};

// The values one subscriber's programs read. `windows` holds window_field_count values per
// window slot; the other arrays one value per slot.
struct FeatureFrame {
  const double* scalars = nullptr;
  const double* windows = nullptr;
  const double* active_days = nullptr;
  const double* distinct_contacts = nullptr;
  const double* distinct_cells = nullptr;
  int window_field_count = 0;
};

Result<TagCatalog> ParseTagCatalog(std::string_view yaml_text, std::string_view source_name,
                                   const FeatureSchema& schema,
                                   std::span<const BuiltinInfo> builtins);
Result<TagCatalog> LoadTagCatalog(const std::string& path, const FeatureSchema& schema,
                                  std::span<const BuiltinInfo> builtins);

// Runs `program` over `frame`: the number (flags: 1 or 0), NaN when unknown.
// `stack` must have room for program.max_stack values.
double Evaluate(const TagProgram& program, const FeatureFrame& frame, double* stack);

// The label of `value` among `bands` (the first band with value < below), nullptr for NaN.
const std::string* BandOf(const std::vector<Band>& bands, double value);

}  // namespace ripple::profile
