// Segments: boolean expressions over tags, evaluated over every subscriber with compressed
// bitmaps (CRoaring), and explained term by term for one subscriber.
//
// Grammar (keywords case-insensitive; precedence low to high: or, and, not):
//   expr    := or
//   or      := and ("or" and)*
//   and     := unary ("and" unary)*
//   unary   := "not" unary | "(" expr ")" | term | "all" | "none"
//   term    := TAG                         holds: flag set, number/text known, set non-empty
//            | TAG op literal              op: = != < <= > >=  (numbers; = and != also text)
//            | TAG "in" "(" literal ("," literal)* ")"      text value, or set containing any
//            | TAG "has" literal           set contains the value (sugar for TAG in (v))
//   literal := number | 'text' | "text"
// A term over an unknown value is false, so `not TERM` holds for subscribers whose tag is
// unknown ("negation of a missing tag": `not data_gb_30d > 5` includes those with no data).
// `!=` is "known and different" (use `not TAG = v` to include unknowns).
// Parsing checks tag ids and literal types against the table's columns: an unknown tag, a text
// literal compared with a number tag, `<` on a text tag, `in` on a number tag, or a value no
// subscriber has (for text/set; a warning, not an error) are reported with the 1-based column
// in the expression: "segment:COL: unknown tag 'agee' (did you mean 'age'?)".
// Thread-safety: a parsed Segment is immutable; Evaluate/Explain may run concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "profile/tag_table.h"

class Roaring;  // CRoaring's C++ class lives in the global namespace

namespace ripple::profile {

struct TermExplanation {
  std::string term;    // as written, e.g. "age >= 25"
  std::string value;   // the subscriber's value of the tag ("" when unknown)
  bool holds = false;  // the term's truth for this subscriber
};

struct SegmentExplanation {
  bool member = false;
  std::vector<TermExplanation> terms;  // every term of the expression, left to right
  std::string summary;  // one line: "in: age >= 25 holds (31) and interest has 'games' holds"
};

class Segment {
 public:
  // Parses `text` against the columns of `table`. Errors: InvalidArgument
  // "<source>:<col>: <what was expected or found>".
  static Result<Segment> Parse(std::string_view text, const TagTable& table,
                               std::string_view source = "segment");
  Segment(Segment&&) noexcept;
  Segment& operator=(Segment&&) noexcept;
  ~Segment();

  // The members (rows) of the segment.
  Roaring Evaluate(const TagTable& table) const;
  SegmentExplanation Explain(const TagTable& table, Row row) const;
  const std::string& text() const { return text_; }
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  struct Node;
  Segment();
  std::string text_;
  std::unique_ptr<Node> root_;
  std::vector<std::string> warnings_;
};

// Saved segments: config/segments.yaml
//   segments:
//     - name: young_gamers                 # [a-z][a-z0-9_]*, unique
//       expr: interest has 'games' and age < 30
//       description: ...                   # optional
struct SavedSegmentDef {
  std::string name, expr, description;
  int line = 0, column = 0;
};
// Errors "FILE:LINE:COL: ..." for YAML problems, missing/duplicate names, unknown keys; the
// expressions are only parsed against a table by EvaluateSavedSegments (errors then name the
// file, the line of the `expr` and the column inside it).
Result<std::vector<SavedSegmentDef>> LoadSavedSegments(const std::string& path);

struct SavedSegmentResult {
  std::string name, expr, description;
  uint64_t count = 0;
  std::string bitmap;  // portable serialization of the members (Roaring::write)
};
Result<std::vector<SavedSegmentResult>> EvaluateSavedSegments(
    const std::vector<SavedSegmentDef>& defs, const TagTable& table, std::string_view source);

// OUT/profile/segments.csv (name,count,expr,description) and OUT/profile/segments.bin (the
// bitmaps; format documented in segment_store.cc), written atomically.
Status WriteSavedSegments(const std::vector<SavedSegmentResult>& results, const std::string& dir);
// Reads segments.bin back (for the server and `ripple segment --saved NAME`).
Result<std::vector<SavedSegmentResult>> ReadSavedSegments(const std::string& dir);

}  // namespace ripple::profile
