// Conditions, values and durations of the rule language (see cep/internal/rule_syntax.h).
#include <optional>
#include <string>
#include <utility>

#include "cep/internal/rule_syntax.h"

namespace ripple::cep::internal {
namespace {

// Deeper nesting than any sensible condition; keeps hostile input ("((((…", "not not not …")
// from exhausting the stack.
constexpr int kMaxDepth = 200;

// Ten years: longer windows are typos, and the bound keeps milliseconds within int64_t.
constexpr double kMaxDurationMs = 3650.0 * 86'400'000;

std::optional<CompareOp> CompareOf(TokenKind kind) {
  static constexpr std::pair<TokenKind, CompareOp> kOps[] = {
      {TokenKind::kEq, CompareOp::kEq}, {TokenKind::kNe, CompareOp::kNe},
      {TokenKind::kLt, CompareOp::kLt}, {TokenKind::kLe, CompareOp::kLe},
      {TokenKind::kGt, CompareOp::kGt}, {TokenKind::kGe, CompareOp::kGe}};
  for (const auto& [k, op] : kOps) {
    if (k == kind) return op;
  }
  return std::nullopt;
}

class ConditionParser {
 public:
  ConditionParser(TokenCursor& in, bool threshold_follows)
      : in_(in), threshold_follows_(threshold_follows) {}

  Condition ParseOr() {
    Condition first = ParseAnd();
    if (!in_.AtWord("or")) return first;
    Condition node;
    node.kind = Condition::Kind::kOr;
    node.children.push_back(std::move(first));
    while (in_.Accept("or")) node.children.push_back(ParseAnd());
    return node;
  }

 private:
  // `and no` belongs to `on E and no E2`, not to the condition.
  bool AtAnd() const { return in_.AtWord("and") && !in_.AtWord("no", 1); }

  Condition ParseAnd() {
    Condition first = ParseUnary();
    if (!AtAnd()) return first;
    Condition node;
    node.kind = Condition::Kind::kAnd;
    node.children.push_back(std::move(first));
    while (AtAnd()) {
      in_.Next();
      node.children.push_back(ParseUnary());
    }
    return node;
  }

  Condition ParseUnary() {
    if (++depth_ > kMaxDepth) in_.Fail(in_.Peek(), "a condition nested at most 200 deep");
    Condition c;
    if (in_.Accept("not")) {
      c.kind = Condition::Kind::kNot;
      c.children.push_back(ParseUnary());
    } else if (in_.At(TokenKind::kLParen)) {
      const SourcePos open = in_.Next().pos;
      c = ParseOr();
      if (!in_.At(TokenKind::kRParen)) {
        in_.Fail(in_.Peek(), "'and', 'or' or ')' to close the '(' at " + LineCol(open));
      }
      in_.Next();
    } else {
      c = ParseLeaf();
    }
    --depth_;
    return c;
  }

  Condition ParseLeaf() {
    const Token& f = in_.Peek();
    if (f.kind != TokenKind::kWord || IsReservedWord(f.raw)) {
      in_.Fail(f, "a condition (a field such as area_type, 'not' or '(')");
    }
    in_.Next();
    Condition c;
    c.field = std::string(f.raw);
    c.field_pos = f.pos;
    const Token& op = in_.Peek();
    if (in_.Accept("in")) {
      c.op = CompareOp::kIn;
      if (!in_.At(TokenKind::kLParen)) in_.Fail(in_.Peek(), "'(' and a list of values after 'in'");
      for (std::string after = "(";; after = ",") {
        in_.Next();  // ( or ,
        c.values.push_back(ParseLiteral(in_, after));
        if (!in_.At(TokenKind::kComma)) break;
      }
      if (!in_.At(TokenKind::kRParen)) in_.Fail(in_.Peek(), "',' or ')' in the list after 'in'");
      in_.Next();
    } else if (in_.AtWord("contains") || in_.AtWord("matches")) {
      c.op = op.raw == "contains" ? CompareOp::kContains : CompareOp::kMatches;
      in_.Next();
      if (!in_.At(TokenKind::kText)) {
        in_.Fail(in_.Peek(), "text in double quotes after '" + std::string(op.raw) + "'");
      }
      c.values.push_back(ParseLiteral(in_, ""));
    } else if (std::optional<CompareOp> cmp = CompareOf(op.kind);
               cmp && !(threshold_follows_ && AtThreshold())) {
      c.op = *cmp;
      in_.Next();
      c.values.push_back(ParseLiteral(in_, std::string(op.raw)));
    } else {
      c.kind = Condition::Kind::kBareField;
    }
    return c;
  }

  // At `>=` / `>`: is this the rule's threshold (`>= N [of|* tag.x] within|today`)?
  bool AtThreshold() const {
    if (!in_.At(TokenKind::kGe) && !in_.At(TokenKind::kGt)) return false;
    if (!in_.At(TokenKind::kNumber, 1)) return false;
    size_t k = 2;
    if ((in_.AtWord("of", 2) || in_.At(TokenKind::kStar, 2)) && in_.At(TokenKind::kWord, 3)) {
      k = 4;
    }
    return in_.AtWord("within", k) || in_.AtWord("today", k);
  }

  TokenCursor& in_;
  const bool threshold_follows_;
  int depth_ = 0;
};

}  // namespace

Condition ParseCondition(TokenCursor& in, bool threshold_follows) {
  return ConditionParser(in, threshold_follows).ParseOr();
}

Literal ParseLiteral(TokenCursor& in, const std::string& after) {
  const Token& t = in.Peek();
  Literal lit;
  lit.pos = t.pos;
  if (t.kind == TokenKind::kNumber && t.error.empty()) {
    lit.kind = Literal::Kind::kNumber;
    lit.text = std::string(t.raw);
    lit.number = t.number;
  } else if (t.kind == TokenKind::kText) {
    lit.text = t.text;
  } else if (t.kind == TokenKind::kWord && !IsReservedWord(t.raw)) {
    lit.text = std::string(t.raw);
  } else if (t.kind == TokenKind::kNumber) {
    in.FailWith(t, t.error);
  } else {
    in.Fail(t, "a value (a number, \"text\" or a word such as airport)" +
                   (after.empty() ? "" : " after '" + after + "'"));
  }
  in.Next();
  return lit;
}

Duration ParseDuration(TokenCursor& in, const std::string& after) {
  const Token& t = in.Peek();
  if (t.kind != TokenKind::kNumber || !t.error.empty() || t.unit != NumberUnit::kDuration) {
    in.Fail(t, "a duration such as 10m, 2h or 7d after '" + after + "'");
  }
  if (t.number <= 0) in.Fail(t, "a duration greater than zero after '" + after + "'");
  if (t.number > kMaxDurationMs) in.Fail(t, "a duration of at most 3650d after '" + after + "'");
  in.Next();
  return {static_cast<int64_t>(t.number), t.pos};
}

}  // namespace ripple::cep::internal
