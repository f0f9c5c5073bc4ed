// Segment::Explain: the same tree walked for one row, every term reported, and a one-line
// summary built from the terms that decided the outcome.
#include <cmath>
#include <string>
#include <vector>

#include "profile/internal/segment_program.h"
#include "profile/segment.h"

namespace ripple::profile {
namespace internal {

bool TermHolds(const Term& term, const TagColumn& column, Row row) {
  auto in_codes = [&](uint32_t code) {
    for (uint32_t c : term.codes) {
      if (c == code) return true;
    }
    return false;
  };
  switch (column.type) {
    case TagType::kFlag:
    case TagType::kNumber: {
      const float v = column.numbers[row];
      const float t = term.number;
      switch (term.op) {
        case TermOp::kLt:
          return v < t;
        case TermOp::kLe:
          return v <= t;
        case TermOp::kGt:
          return v > t;
        case TermOp::kGe:
          return v >= t;
        case TermOp::kEq:
          return v == t;
        case TermOp::kNe:
          return v < t || v > t;
        default:
          return !std::isnan(v);
      }
    }
    case TagType::kText: {
      const uint32_t code = column.codes[row];
      if (term.op == TermOp::kHolds) return code != kNoCode;
      if (term.op == TermOp::kIn) return in_codes(code);
      return code != kNoCode && !in_codes(code);  // kNotIn
    }
    case TagType::kSet: {
      const uint32_t begin = column.set_offsets[row], end = column.set_offsets[row + 1];
      if (term.op == TermOp::kHolds) return end > begin;
      for (uint32_t i = begin; i < end; ++i) {
        if (in_codes(column.set_codes[i])) return true;
      }
      return false;
    }
  }
  return false;
}

}  // namespace internal

namespace {

using internal::ExprNode;
using internal::NodeKind;
using internal::SegmentProgram;

// One leaf (term, `all` or `none`) with its truth for the row.
struct Leaf {
  std::string text;
  std::string value;  // TagColumn::ValueText; "" when unknown or for all/none
  bool holds = false;
  const internal::Term* term = nullptr;  // null for all/none
};

class Explainer {
 public:
  Explainer(const SegmentProgram& program, const TagTable& table, Row row)
      : program_(program), table_(table), row_(row), leaf_of_node_(program.nodes.size(), -1) {}

  SegmentExplanation Run() {
    SegmentExplanation out;
    values_.assign(program_.nodes.size(), false);
    // Children come before parents, and leaves in reading order: one pass evaluates all.
    for (size_t i = 0; i < program_.nodes.size(); ++i) values_[i] = Value(static_cast<int>(i));
    out.member = values_[program_.root];
    for (const Leaf& leaf : leaves_) out.terms.push_back({leaf.text, leaf.value, leaf.holds});

    std::vector<int> context, decisive;
    Why(program_.root, &context, &decisive);
    std::string summary = out.member ? "in: " : "not in: ";
    if (!context.empty()) summary += Join(context) + ", but ";
    summary += Join(decisive);
    out.summary = std::move(summary);
    return out;
  }

 private:
  bool Value(int index) {
    const ExprNode& node = program_.nodes[index];
    switch (node.kind) {
      case NodeKind::kAll:
      case NodeKind::kNone: {
        bool holds = node.kind == NodeKind::kAll;
        AddLeaf(index, {node.text, "", holds, nullptr});
        return holds;
      }
      case NodeKind::kTerm: {
        const internal::Term& term = program_.terms[node.term];
        const TagColumn& column = table_.columns()[term.column];
        bool holds = internal::TermHolds(term, column, row_);
        AddLeaf(index, {term.text, column.ValueText(row_), holds, &term});
        return holds;
      }
      case NodeKind::kNot:
        return !values_[node.children[0]];
      case NodeKind::kAnd:
        for (int c : node.children) {
          if (!values_[c]) return false;
        }
        return true;
      case NodeKind::kOr:
        for (int c : node.children) {
          if (values_[c]) return true;
        }
        return false;
    }
    return false;
  }

  void AddLeaf(int node, Leaf leaf) {
    leaf_of_node_[node] = static_cast<int>(leaves_.size());
    leaves_.push_back(std::move(leaf));
  }

  // The leaves that decided node `index`: for an `and` that fails, its failing operands (and,
  // as context, those that held); for an `or` that holds, its holding operands; otherwise all.
  void Why(int index, std::vector<int>* context, std::vector<int>* decisive) const {
    const ExprNode& node = program_.nodes[index];
    switch (node.kind) {
      case NodeKind::kAll:
      case NodeKind::kNone:
      case NodeKind::kTerm:
        decisive->push_back(leaf_of_node_[index]);
        return;
      case NodeKind::kNot:
        Why(node.children[0], context, decisive);
        return;
      case NodeKind::kAnd:
      case NodeKind::kOr: {
        const bool value = values_[index];
        const bool selective = node.kind == NodeKind::kAnd ? !value : value;
        for (int c : node.children) {
          if (!selective || values_[c] == value) {
            Why(c, context, decisive);
          } else if (node.kind == NodeKind::kAnd) {
            std::vector<int> ignored;
            Why(c, context, &ignored);
            context->insert(context->end(), ignored.begin(), ignored.end());
          }
        }
        return;
      }
    }
  }

  std::string Describe(const Leaf& leaf) const {
    std::string s = leaf.text + (leaf.holds ? " holds" : " fails");
    if (leaf.term == nullptr || leaf.term->type == TagType::kFlag) return s;
    const bool is_set = leaf.term->type == TagType::kSet;
    // A value the term itself names (region = 'north' holds) is not repeated.
    const bool evident = leaf.holds && (is_set || leaf.term->op == internal::TermOp::kIn);
    if (evident) return s;
    if (!leaf.value.empty()) return s + " (" + leaf.value + ")";
    return s + (is_set ? " (none)" : " (unknown)");
  }

  std::string Join(const std::vector<int>& leaves) const {
    std::string s;
    for (int i : leaves) s += (s.empty() ? "" : " and ") + Describe(leaves_[i]);
    return s;
  }

  const SegmentProgram& program_;
  const TagTable& table_;
  const Row row_;
  std::vector<bool> values_;
  std::vector<Leaf> leaves_;
  std::vector<int> leaf_of_node_;
};

}  // namespace

SegmentExplanation Segment::Explain(const TagTable& table, Row row) const {
  if (row >= table.rows() || !internal::ProgramFits(root_->program, table)) {
    SegmentExplanation out;
    out.summary = "not in: no subscriber at row " + std::to_string(row) + " of this table";
    return out;
  }
  return Explainer(root_->program, table, row).Run();
}

}  // namespace ripple::profile
