// Recursive-descent parser of segment expressions into a SegmentProgram, checking every tag
// and literal against the table's columns as it goes.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "profile/did_you_mean.h"
#include "profile/internal/segment_lexer.h"
#include "profile/internal/segment_program.h"

namespace ripple::profile::internal {
namespace {

// Deeper nesting than any sensible segment; keeps hostile input ("((((…" or "not not not …")
// from exhausting the stack.
constexpr int kMaxSegmentDepth = 200;

constexpr const char* kOperandExpected = "expected a tag, 'not', '(', 'all' or 'none'";

// Thrown inside the parser only and caught in ParseSegmentProgram; never leaves this file.
struct Abort {};

class Parser {
 public:
  Parser(std::string_view text, const TagTable& table) : lex_(text), table_(table) {}

  ParseOutcome Run() {
    ParseOutcome out;
    try {
      if (Peek().kind == SegmentTokenKind::kEnd) {
        Fail(0, "empty expression (expected a tag, 'all' or 'none')");
      }
      int root = ParseOr(1);
      const SegmentToken& t = Peek();
      if (t.kind == SegmentTokenKind::kRParen) {
        Fail(t.begin, "unexpected ')' (no '(' is open)");
      } else if (t.kind != SegmentTokenKind::kEnd) {
        Fail(t.begin, "expected 'and', 'or' or the end of the expression, found " +
                          lex_.Describe(t) + MissingConnective(t));
      }
      program_.root = root;
      program_.depth = ComputeDepth();
      out.program = std::move(program_);
      out.warnings = std::move(warnings_);
    } catch (const Abort&) {
      out.error = error_;
    }
    return out;
  }

 private:
  // Peek that turns a lexing error into the parse error.
  const SegmentToken& Peek() {
    const SegmentToken& t = lex_.Peek();
    if (t.kind == SegmentTokenKind::kError) {
      error_ = lex_.error();
      throw Abort{};
    }
    return t;
  }
  SegmentToken Next() {
    Peek();
    return lex_.Next();
  }
  [[noreturn]] void Fail(size_t offset, std::string message) {
    error_ = {lex_.Col(offset), offset, std::move(message)};
    throw Abort{};
  }
  std::string MissingConnective(const SegmentToken& t) const {
    return t.kind == SegmentTokenKind::kWord || t.kind == SegmentTokenKind::kLParen
               ? " (missing 'and' or 'or'?)"
               : "";
  }

  int Add(ExprNode node) {
    program_.nodes.push_back(std::move(node));
    return static_cast<int>(program_.nodes.size()) - 1;
  }

  int ParseOr(int depth) { return ParseChain(depth, "or", NodeKind::kOr); }
  int ParseAnd(int depth) { return ParseChain(depth, "and", NodeKind::kAnd); }

  // a KW b KW c … as one n-ary node (or the single operand).
  int ParseChain(int depth, std::string_view keyword, NodeKind kind) {
    std::vector<int> operands;
    operands.push_back(kind == NodeKind::kOr ? ParseAnd(depth) : ParseUnary(depth));
    while (lex_.IsKeyword(Peek(), keyword)) {
      Next();
      operands.push_back(kind == NodeKind::kOr ? ParseAnd(depth) : ParseUnary(depth));
    }
    if (operands.size() == 1) return operands[0];
    ExprNode node;
    node.kind = kind;
    node.children = std::move(operands);
    return Add(std::move(node));
  }

  int ParseUnary(int depth) {
    const SegmentToken& t = Peek();
    if (depth > kMaxSegmentDepth) {
      Fail(t.begin, "expression nested too deeply (more than " + std::to_string(kMaxSegmentDepth) +
                        " levels)");
    }
    if (lex_.IsKeyword(t, "not")) {
      Next();
      ExprNode node;
      node.kind = NodeKind::kNot;
      node.children.push_back(ParseUnary(depth + 1));
      return Add(std::move(node));
    }
    if (t.kind == SegmentTokenKind::kLParen) {
      SegmentToken open = Next();
      int inner = ParseOr(depth + 1);
      const SegmentToken& close = Peek();
      if (close.kind == SegmentTokenKind::kEnd) {
        Fail(open.begin, "'(' is never closed (expected ')' before the end)");
      }
      if (close.kind != SegmentTokenKind::kRParen) {
        Fail(close.begin, "expected 'and', 'or' or ')', found " + lex_.Describe(close) +
                              MissingConnective(close));
      }
      Next();
      return inner;
    }
    if (lex_.IsKeyword(t, "all") || lex_.IsKeyword(t, "none")) {
      ExprNode node;
      node.kind = lex_.IsKeyword(t, "all") ? NodeKind::kAll : NodeKind::kNone;
      node.text = std::string(lex_.Raw(t));
      Next();
      return Add(std::move(node));
    }
    if (t.kind == SegmentTokenKind::kWord && !IsReservedWord(lex_.Raw(t))) return ParseTerm();
    Fail(t.begin, std::string(kOperandExpected) + ", found " + lex_.Describe(t));
  }

  const TagColumn& FindColumn(const SegmentToken& name, int* index) {
    std::string id(lex_.Raw(name));
    *index = table_.Find(id);
    if (*index >= 0) return table_.columns()[*index];
    std::vector<std::string_view> ids;
    for (const TagColumn& c : table_.columns()) ids.push_back(c.id);
    Fail(name.begin, "unknown tag '" + id + "'" + DidYouMean(id, ids));
  }

  // A value literal for a text/set column: returns its code (kNoCode + a warning when no
  // subscriber has it).
  uint32_t TextValue(const SegmentToken& lit, const TagColumn& column) {
    if (lit.kind == SegmentTokenKind::kNumber) {
      Fail(lit.begin, "'" + column.id + "' is a " + std::string(TagTypeName(column.type)) +
                          " tag; quote the value: '" + std::string(lex_.Raw(lit)) + "'");
    }
    uint32_t code = column.FindCode(lit.value);
    if (code == kNoCode) {
      std::vector<std::string_view> values(column.dictionary.begin(), column.dictionary.end());
      warnings_.push_back({lex_.Col(lit.begin), lit.begin,
                           "no subscriber has " + column.id + " '" + lit.value + "'" +
                               DidYouMean(lit.value, values)});
    }
    return code;
  }

  SegmentToken ExpectLiteral(std::string_view after) {
    const SegmentToken& t = Peek();
    if (t.kind != SegmentTokenKind::kNumber && t.kind != SegmentTokenKind::kString) {
      Fail(t.begin, "expected a value after " + std::string(after) + ", found " + lex_.Describe(t));
    }
    return Next();
  }

  int ParseTerm() {
    SegmentToken name = Next();
    int index;
    const TagColumn& column = FindColumn(name, &index);
    Term term;
    term.column = index;
    term.type = column.type;
    term.col = lex_.Col(name.begin);
    size_t end = name.end;

    const SegmentToken& t = Peek();
    if (t.kind >= SegmentTokenKind::kEq && t.kind <= SegmentTokenKind::kGe) {
      end = ParseComparison(column, &term);
    } else if (lex_.IsKeyword(t, "in")) {
      end = ParseIn(column, &term);
    } else if (lex_.IsKeyword(t, "has")) {
      end = ParseHas(column, &term);
    }  // else a bare tag: kHolds
    term.text = Fold(lex_.text().substr(name.begin, end - name.begin));
    program_.terms.push_back(std::move(term));
    ExprNode node;
    node.kind = NodeKind::kTerm;
    node.term = static_cast<int>(program_.terms.size()) - 1;
    return Add(std::move(node));
  }

  // TAG op literal. Returns the end offset of the term.
  size_t ParseComparison(const TagColumn& column, Term* term) {
    SegmentToken op = Next();
    std::string op_text(lex_.Raw(op));
    if (column.type == TagType::kFlag) {
      Fail(op.begin, "'" + column.id + "' is a flag tag: write '" + column.id + "' or 'not " +
                         column.id + "', without '" + op_text + "'");
    }
    if (column.type == TagType::kSet) {
      Fail(op.begin,
           "'" + op_text + "' does not apply to set tag '" + column.id + "' (use 'has' or 'in')");
    }
    if (column.type == TagType::kText && op.kind != SegmentTokenKind::kEq &&
        op.kind != SegmentTokenKind::kNe) {
      Fail(op.begin,
           "'" + op_text + "' does not apply to text tag '" + column.id + "' (use =, != or in)");
    }
    SegmentToken lit = ExpectLiteral("'" + op_text + "'");
    if (column.type == TagType::kNumber) {
      if (lit.kind != SegmentTokenKind::kNumber) {
        Fail(lit.begin, "'" + column.id +
                            "' is a number tag; compare it with a number, not the text " +
                            std::string(lex_.Raw(lit)));
      }
      term->number = static_cast<float>(lit.number);
      static constexpr TermOp kOps[] = {TermOp::kEq, TermOp::kNe, TermOp::kLt,
                                        TermOp::kLe, TermOp::kGt, TermOp::kGe};
      term->op = kOps[static_cast<int>(op.kind) - static_cast<int>(SegmentTokenKind::kEq)];
    } else {
      uint32_t code = TextValue(lit, column);
      if (code != kNoCode) term->codes.push_back(code);
      term->op = op.kind == SegmentTokenKind::kEq ? TermOp::kIn : TermOp::kNotIn;
      if (term->op == TermOp::kIn && term->codes.empty()) warnings_.back().message += NoMatch();
    }
    return lit.end;
  }

  // TAG in (literal, ...).
  size_t ParseIn(const TagColumn& column, Term* term) {
    SegmentToken in = Next();
    if (column.type == TagType::kNumber || column.type == TagType::kFlag) {
      Fail(in.begin, "'in' applies to text and set tags; '" + column.id + "' is a " +
                         std::string(TagTypeName(column.type)) + " tag");
    }
    const SegmentToken& open = Peek();
    if (open.kind != SegmentTokenKind::kLParen) {
      Fail(open.begin, "expected '(' after 'in', found " + lex_.Describe(open));
    }
    Next();
    size_t end = 0;
    for (bool first = true;; first = false) {
      SegmentToken lit = ExpectLiteral(first ? "'('" : "','");
      uint32_t code = TextValue(lit, column);
      if (code != kNoCode) term->codes.push_back(code);
      const SegmentToken& sep = Peek();
      if (sep.kind == SegmentTokenKind::kRParen) {
        end = Next().end;
        break;
      }
      if (sep.kind != SegmentTokenKind::kComma) {
        Fail(sep.begin, "expected ',' or ')' in the list of values, found " + lex_.Describe(sep));
      }
      Next();
    }
    std::sort(term->codes.begin(), term->codes.end());
    term->codes.erase(std::unique(term->codes.begin(), term->codes.end()), term->codes.end());
    term->op = TermOp::kIn;
    if (term->codes.empty()) warnings_.back().message += NoMatch();
    return end;
  }

  // TAG has literal.
  size_t ParseHas(const TagColumn& column, Term* term) {
    SegmentToken has = Next();
    if (column.type != TagType::kSet) {
      Fail(has.begin,
           "'has' applies to set tags; '" + column.id + "' is a " +
               std::string(TagTypeName(column.type)) + " tag" +
               (column.type == TagType::kText ? " (write " + column.id + " = 'value')" : ""));
    }
    SegmentToken lit = ExpectLiteral("'has'");
    uint32_t code = TextValue(lit, column);
    if (code != kNoCode) term->codes.push_back(code);
    term->op = TermOp::kIn;
    if (term->codes.empty()) warnings_.back().message += NoMatch();
    return lit.end;
  }

  static std::string NoMatch() { return "; the term matches nobody"; }

  // The term as written, with each run of blanks outside quotes folded to one space (saved
  // expressions may span lines).
  static std::string Fold(std::string_view s) {
    std::string out;
    char quote = 0;
    for (char c : s) {
      bool blank = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
      if (quote == 0 && blank) {
        if (!out.empty() && out.back() != ' ') out += ' ';
        continue;
      }
      if (quote == 0 && (c == '\'' || c == '"')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      }
      out += c;
    }
    return out;
  }

  int ComputeDepth() const {
    std::vector<int> depth(program_.nodes.size(), 1);
    int max_depth = 1;
    for (size_t i = 0; i < program_.nodes.size(); ++i) {
      for (int c : program_.nodes[i].children) depth[i] = std::max(depth[i], depth[c] + 1);
      max_depth = std::max(max_depth, depth[i]);
    }
    return max_depth;
  }

  Lexer lex_;
  const TagTable& table_;
  SegmentProgram program_;
  std::vector<ParseError> warnings_;
  ParseError error_;
};

}  // namespace

ParseOutcome ParseSegmentProgram(std::string_view text, const TagTable& table) {
  return Parser(text, table).Run();
}

}  // namespace ripple::profile::internal
