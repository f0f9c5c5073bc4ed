// The parsed form of a segment expression, shared by the parser, the bitmap evaluator and the
// per-subscriber explainer (segment_parser.cc, segment_eval.cc, segment_explain.cc). Private
// to the segment code; the public interface is profile/segment.h.
//
// Invariants (established by ParseSegmentProgram): nodes are stored children-first, so the root
// is the last node and every child index is smaller than its parent's; terms are numbered left
// to right as written; every Term's column exists in the table it was parsed against and the
// op suits the column's type (see TermOp); codes are sorted, unique and < dictionary size.
// Thread-safety: plain immutable data once parsed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "profile/segment.h"
#include "profile/tag_table.h"

namespace ripple::profile::internal {

enum class TermOp : uint8_t {
  kHolds,  // bare tag: flag holds, number/text known, set non-empty
  kLt,     // numbers only: < <= > >= = != compare the float column with `number`
  kLe,
  kGt,
  kGe,
  kEq,
  kNe,     // numbers: known and different
  kIn,     // text: the value is one of `codes`; set: contains at least one of `codes`
  kNotIn,  // text only (`!=`): known and not one of `codes`
};

struct Term {
  int column = 0;  // index into TagTable::columns()
  TagType type = TagType::kNumber;
  TermOp op = TermOp::kHolds;
  float number = 0;             // numeric comparisons; compared as float like the column
  std::vector<uint32_t> codes;  // kIn / kNotIn: the dictionary codes of the values found
  std::string text;             // as written, runs of blanks folded to one space
  int col = 0;                  // 1-based column of the term in the expression
};

enum class NodeKind : uint8_t { kAll, kNone, kTerm, kNot, kAnd, kOr };

struct ExprNode {
  NodeKind kind = NodeKind::kAll;
  int term = -1;              // kTerm: index into SegmentProgram::terms
  std::vector<int> children;  // kNot: one; kAnd / kOr: two or more
  std::string text;           // kAll / kNone: the keyword as written
};

struct SegmentProgram {
  std::vector<ExprNode> nodes;
  std::vector<Term> terms;
  int root = -1;
  int depth = 1;  // nesting depth of the tree (a single leaf has depth 1)
};

// A parse failure (or warning): where, and the message without location.
struct ParseError {
  int col = 0;        // 1-based, in characters (UTF-8 code points)
  size_t offset = 0;  // the same place as a byte offset into the expression
  std::string message;
};

struct ParseOutcome {
  SegmentProgram program;
  ParseError error;  // error.col == 0: no error
  // Non-fatal findings (a value no subscriber has), as (column, message).
  std::vector<ParseError> warnings;
};

ParseOutcome ParseSegmentProgram(std::string_view text, const TagTable& table);

// False when `table` is not one the program could have been parsed against (a column missing,
// of another type, or a dictionary too small for a code): evaluating it then would read out of
// bounds, so the callers treat such a table as matching nobody.
bool ProgramFits(const SegmentProgram& program, const TagTable& table);

// Whether `term` holds for `row` (the scalar twin of the bitmap kernels, used by Explain).
bool TermHolds(const Term& term, const TagColumn& column, Row row);

}  // namespace ripple::profile::internal

namespace ripple::profile {
struct Segment::Node {
  internal::SegmentProgram program;
};
}  // namespace ripple::profile
