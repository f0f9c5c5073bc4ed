// Recursive descent over the token list, one function per precedence level, emitting postfix
// ops as each operator is reduced. Every subexpression is typed (number or truth value) so that
// type errors point at the operand that has the wrong type.
#include <algorithm>

#include "profile/did_you_mean.h"
#include "profile/internal/tag_expr.h"
#include "profile/internal/tag_expr_lexer.h"

namespace ripple::profile::internal {
namespace {

enum class Kind { kNumber, kTruth };

// A compiled subexpression: its type and the offset of its first token.
struct Sub {
  Kind kind = Kind::kNumber;
  size_t offset = 0;
};

enum class Args {
  kNumbers,      // f(a, b, …): expressions
  kFieldWindow,  // f(FIELD, Nd)
  kWindow,       // f(Nd)
};

struct Function {
  std::string_view name;
  Args args;
  int arity;
  OpCode op;
  std::string_view signature;
};

constexpr int kMaxDepth = 100;

constexpr Function kFunctions[] = {
    {"sum", Args::kFieldWindow, 2, OpCode::kWindow, "sum(FIELD, Nd)"},
    {"avg", Args::kFieldWindow, 2, OpCode::kWindow, "avg(FIELD, Nd)"},
    {"active_days", Args::kWindow, 1, OpCode::kActiveDays, "active_days(Nd)"},
    {"distinct_contacts", Args::kWindow, 1, OpCode::kContacts, "distinct_contacts(Nd)"},
    {"distinct_cells", Args::kWindow, 1, OpCode::kCells, "distinct_cells(Nd)"},
    {"ratio", Args::kNumbers, 2, OpCode::kDiv, "ratio(a, b)"},
    {"min", Args::kNumbers, 2, OpCode::kMin, "min(a, b)"},
    {"max", Args::kNumbers, 2, OpCode::kMax, "max(a, b)"},
    {"abs", Args::kNumbers, 1, OpCode::kAbs, "abs(a)"},
    {"log1p", Args::kNumbers, 1, OpCode::kLog1p, "log1p(a)"},
    {"round", Args::kNumbers, 1, OpCode::kRound, "round(a)"},
    {"coalesce", Args::kNumbers, 2, OpCode::kCoalesce, "coalesce(a, b)"},
};

const Function* FindFunction(std::string_view name) {
  for (const Function& f : kFunctions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

int IndexOf(const std::vector<std::string>& names, std::string_view name) {
  auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

std::vector<std::string_view> Views(const std::vector<std::string>& names) {
  return {names.begin(), names.end()};
}

bool IsComparison(TokenKind k) {
  return k == TokenKind::kLt || k == TokenKind::kLe || k == TokenKind::kGt || k == TokenKind::kGe ||
         k == TokenKind::kEq || k == TokenKind::kNe;
}

OpCode ComparisonOp(TokenKind k) {
  switch (k) {
    case TokenKind::kLt:
      return OpCode::kLt;
    case TokenKind::kLe:
      return OpCode::kLe;
    case TokenKind::kGt:
      return OpCode::kGt;
    case TokenKind::kGe:
      return OpCode::kGe;
    case TokenKind::kEq:
      return OpCode::kEq;
    default:
      return OpCode::kNe;
  }
}

class Compiler {
 public:
  Compiler(const std::vector<Token>& tokens, const FeatureSchema& schema)
      : tokens_(tokens), schema_(schema) {}

  std::optional<ExprError> Run(TagProgram* program) {
    if (tokens_.size() == 1) return ExprError{0, "empty expression"};
    Sub top;
    if (!ParseOr(&top)) return error_;
    if (Peek().kind != TokenKind::kEnd) {
      if (Peek().kind == TokenKind::kRParen) {
        Fail(Peek().offset, "')' without a matching '('");
      } else {
        Fail(Peek().offset,
             "expected an operator or the end of the expression, found " + DescribeToken(Peek()));
      }
      return error_;
    }
    program->ops = std::move(ops_);
    program->boolean = top.kind == Kind::kTruth;
    program->max_stack = ComputeMaxStack(program->ops);
    return std::nullopt;
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Next() {
    const Token& t = tokens_[pos_];
    if (t.kind != TokenKind::kEnd) ++pos_;
    return t;
  }

  bool Fail(size_t offset, std::string message) {
    error_ = ExprError{offset, std::move(message)};
    return false;
  }

  bool RequireNumber(const Sub& s, std::string_view what) {
    if (s.kind == Kind::kNumber) return true;
    return Fail(s.offset, std::string(what) +
                              " needs a number, found a truth value (a comparison, 'and', 'or' "
                              "or 'not'); flags cannot be used in arithmetic");
  }

  bool RequireTruth(const Sub& s, std::string_view what) {
    if (s.kind == Kind::kTruth) return true;
    return Fail(s.offset, std::string(what) +
                              " needs a truth value, found a number (compare it, e.g. x > 0)");
  }

  void Emit(Op op) { AppendOp(op, &ops_); }

  // Every nesting (parentheses, arguments, `not`, unary minus) recurses: bound it so that a
  // pathological expression is an error, not a stack overflow.
  bool Enter() {
    if (++depth_ <= kMaxDepth) return true;
    return Fail(Peek().offset, "expression nested too deeply (more than " +
                                   std::to_string(kMaxDepth) + " levels)");
  }

  bool ParseOr(Sub* out) {
    if (!Enter()) return false;
    const bool ok = ParseOrLevel(out);
    --depth_;
    return ok;
  }

  bool ParseOrLevel(Sub* out) {
    if (!ParseAnd(out)) return false;
    while (Peek().kind == TokenKind::kOr) {
      Next();
      Sub rhs;
      if (!RequireTruth(*out, "'or'") || !ParseAnd(&rhs) || !RequireTruth(rhs, "'or'")) {
        return false;
      }
      Emit({OpCode::kOr});
    }
    return true;
  }

  bool ParseAnd(Sub* out) {
    if (!ParseNot(out)) return false;
    while (Peek().kind == TokenKind::kAnd) {
      Next();
      Sub rhs;
      if (!RequireTruth(*out, "'and'") || !ParseNot(&rhs) || !RequireTruth(rhs, "'and'")) {
        return false;
      }
      Emit({OpCode::kAnd});
    }
    return true;
  }

  bool ParseNot(Sub* out) {
    if (Peek().kind != TokenKind::kNot) return ParseComparison(out);
    const size_t offset = Next().offset;
    Sub operand;
    if (!Enter()) return false;
    const bool ok = ParseNot(&operand);
    --depth_;
    if (!ok || !RequireTruth(operand, "'not'")) return false;
    Emit({OpCode::kNot});
    *out = {Kind::kTruth, offset};
    return true;
  }

  bool ParseComparison(Sub* out) {
    if (!ParseAdditive(out)) return false;
    if (!IsComparison(Peek().kind)) return true;
    const Token& op = Next();
    Sub rhs;
    if (!RequireNumber(*out, "'" + std::string(op.text) + "'") || !ParseAdditive(&rhs) ||
        !RequireNumber(rhs, "'" + std::string(op.text) + "'")) {
      return false;
    }
    if (IsComparison(Peek().kind)) {
      return Fail(Peek().offset, "comparisons do not chain: write 'a < b and b < c'");
    }
    Emit({ComparisonOp(op.kind)});
    out->kind = Kind::kTruth;
    return true;
  }

  bool ParseAdditive(Sub* out) {
    if (!ParseMultiplicative(out)) return false;
    while (Peek().kind == TokenKind::kPlus || Peek().kind == TokenKind::kMinus) {
      const Token& op = Next();
      const std::string what = "'" + std::string(op.text) + "'";
      Sub rhs;
      if (!RequireNumber(*out, what) || !ParseMultiplicative(&rhs) || !RequireNumber(rhs, what)) {
        return false;
      }
      Emit({op.kind == TokenKind::kPlus ? OpCode::kAdd : OpCode::kSub});
    }
    return true;
  }

  bool ParseMultiplicative(Sub* out) {
    if (!ParseUnary(out)) return false;
    while (Peek().kind == TokenKind::kStar || Peek().kind == TokenKind::kSlash) {
      const Token& op = Next();
      const std::string what = "'" + std::string(op.text) + "'";
      Sub rhs;
      if (!RequireNumber(*out, what) || !ParseUnary(&rhs) || !RequireNumber(rhs, what)) {
        return false;
      }
      Emit({op.kind == TokenKind::kStar ? OpCode::kMul : OpCode::kDiv});
    }
    return true;
  }

  bool ParseUnary(Sub* out) {
    if (Peek().kind != TokenKind::kMinus) return ParsePrimary(out);
    const size_t offset = Next().offset;
    Sub operand;
    if (!Enter()) return false;
    const bool ok = ParseUnary(&operand);
    --depth_;
    if (!ok || !RequireNumber(operand, "unary '-'")) return false;
    Emit({OpCode::kNeg});
    *out = {Kind::kNumber, offset};
    return true;
  }

  bool ParsePrimary(Sub* out) {
    const Token& t = Peek();
    *out = {Kind::kNumber, t.offset};
    switch (t.kind) {
      case TokenKind::kNumber:
        Next();
        Emit({OpCode::kConst, 0, 0, t.number});
        return true;
      case TokenKind::kIdent:
        Next();
        return Peek().kind == TokenKind::kLParen ? ParseCall(t, out) : ParseName(t);
      case TokenKind::kLParen: {
        Next();
        if (!ParseOr(out)) return false;
        out->offset = t.offset;
        if (Peek().kind == TokenKind::kRParen) {
          Next();
          return true;
        }
        if (Peek().kind == TokenKind::kEnd) {
          return Fail(t.offset,
                      "'(' is never closed: expected ')' before the end of the expression");
        }
        return Fail(Peek().offset, "expected ')' or an operator, found " + DescribeToken(Peek()));
      }
      case TokenKind::kWindow:
        return Fail(t.offset, "a window (" + std::string(t.text) +
                                  ") is only an argument of sum, avg, active_days, "
                                  "distinct_contacts or distinct_cells");
      default:
        return Fail(t.offset, "expected a number, a feature name, a function call or '(', found " +
                                  DescribeToken(t));
    }
  }

  // A bare name: a scalar feature.
  bool ParseName(const Token& t) {
    const int scalar = IndexOf(schema_.scalars, t.text);
    if (scalar >= 0) {
      Emit({OpCode::kScalar, static_cast<uint16_t>(scalar)});
      return true;
    }
    const std::string name(t.text);
    if (IndexOf(schema_.window_fields, t.text) >= 0) {
      return Fail(t.offset, "'" + name + "' is a daily field: sum it over a window, e.g. sum(" +
                                name + ", 30d)");
    }
    if (const Function* f = FindFunction(t.text)) {
      return Fail(t.offset, "'" + name + "' is a function: write " + std::string(f->signature));
    }
    std::vector<std::string_view> known = Views(schema_.scalars);
    std::string hint = DidYouMean(t.text, known);
    if (hint.empty()) hint = " (scalar features: " + JoinNames(known) + ")";
    return Fail(t.offset, "unknown identifier '" + name + "'" + hint);
  }

  // `found` < 0: more than the function takes, not counted (the extra ones are not parsed).
  bool ArgumentCount(const Token& name, const Function& f, int found) {
    return Fail(name.offset, std::string(f.name) + " takes " + std::to_string(f.arity) +
                                 (f.arity == 1 ? " argument (" : " arguments (") +
                                 std::string(f.signature) + "), found " +
                                 (found < 0 ? "more" : std::to_string(found)));
  }

  bool ParseCall(const Token& name, Sub* out) {
    const Function* f = FindFunction(name.text);
    if (f == nullptr) {
      std::vector<std::string_view> known = FunctionNames();
      std::string hint = DidYouMean(name.text, known);
      if (hint.empty()) hint = " (functions: " + JoinNames(known) + ")";
      return Fail(name.offset, "unknown function '" + std::string(name.text) + "'" + hint);
    }
    const size_t open = Next().offset;  // '('
    if (f->args == Args::kNumbers) return ParseNumberArgs(name, *f, open);
    int found = 0;
    uint16_t field = 0;
    if (Peek().kind == TokenKind::kRParen) return ArgumentCount(name, *f, found);
    if (f->args == Args::kFieldWindow) {
      if (!ParseField(*f, &field)) return false;
      ++found;
      if (Peek().kind == TokenKind::kRParen) return ArgumentCount(name, *f, found);
      if (Peek().kind != TokenKind::kComma) {
        return Fail(Peek().offset, "expected ',' after the field, found " + DescribeToken(Peek()));
      }
      Next();
    }
    uint16_t days = 0;
    if (!ParseWindow(&days)) return false;
    if (Peek().kind == TokenKind::kComma) return ArgumentCount(name, *f, -1);
    if (Peek().kind != TokenKind::kRParen) {
      if (Peek().kind == TokenKind::kEnd) {
        return Fail(open, "'(' is never closed: expected ')' before the end of the expression");
      }
      return Fail(Peek().offset, "expected ')', found " + DescribeToken(Peek()));
    }
    Next();
    Emit({f->op, field, days});
    if (f->name == "avg") {
      Emit({OpCode::kConst, 0, 0, static_cast<double>(days)});
      Emit({OpCode::kDiv});
    }
    out->kind = Kind::kNumber;
    return true;
  }

  bool ParseNumberArgs(const Token& name, const Function& f, size_t open) {
    int found = 0;
    const std::string what = std::string(f.name) + "()";
    if (Peek().kind == TokenKind::kRParen) {
      Next();
    } else {
      while (true) {
        Sub arg;
        if (!ParseOr(&arg) || !RequireNumber(arg, what)) return false;
        ++found;
        if (Peek().kind == TokenKind::kComma) {
          Next();
          continue;
        }
        if (Peek().kind == TokenKind::kRParen) {
          Next();
          break;
        }
        if (Peek().kind == TokenKind::kEnd) {
          return Fail(open, "'(' is never closed: expected ')' before the end of the expression");
        }
        return Fail(Peek().offset, "expected ',' or ')', found " + DescribeToken(Peek()));
      }
    }
    if (found != f.arity) return ArgumentCount(name, f, found);
    Emit({f.op});
    return true;
  }

  bool ParseField(const Function& f, uint16_t* field) {
    const Token& t = Peek();
    std::vector<std::string_view> known = Views(schema_.window_fields);
    const std::string fields = " (daily fields: " + JoinNames(known) + ")";
    if (t.kind != TokenKind::kIdent) {
      return Fail(t.offset, std::string(f.name) + "'s first argument must be a daily field" +
                                fields + ", found " + DescribeToken(t));
    }
    const int index = IndexOf(schema_.window_fields, t.text);
    if (index < 0) {
      const std::string name(t.text);
      if (IndexOf(schema_.scalars, t.text) >= 0) {
        return Fail(t.offset, "'" + name + "' is a scalar feature, not a daily field" + fields);
      }
      std::string hint = DidYouMean(t.text, known);
      return Fail(t.offset, "unknown daily field '" + name + "'" + (hint.empty() ? fields : hint));
    }
    Next();
    *field = static_cast<uint16_t>(index);
    return true;
  }

  bool ParseWindow(uint16_t* days) {
    const Token& t = Peek();
    if (t.kind != TokenKind::kWindow) {
      std::string hint =
          t.kind == TokenKind::kNumber ? " (write " + std::string(t.text) + "d)" : "";
      return Fail(t.offset,
                  "expected a window of days such as 30d, found " + DescribeToken(t) + hint);
    }
    const int max_days = std::min(schema_.max_window_days, int{UINT16_MAX});
    if (t.number < 1)
      return Fail(t.offset, "a window must be at least 1d, found " + std::string(t.text));
    if (t.number > max_days) {
      return Fail(t.offset, "window " + std::string(t.text) + " exceeds the state's retention of " +
                                std::to_string(schema_.max_window_days) +
                                " days (state.retention_days in the config)");
    }
    Next();
    *days = static_cast<uint16_t>(t.number);
    return true;
  }

  const std::vector<Token>& tokens_;
  const FeatureSchema& schema_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::vector<Op> ops_;
  std::optional<ExprError> error_;
};

}  // namespace

std::vector<std::string_view> FunctionNames() {
  std::vector<std::string_view> names;
  for (const Function& f : kFunctions) names.push_back(f.name);
  return names;
}

std::optional<ExprError> CompileExpression(std::string_view text, const FeatureSchema& schema,
                                           TagProgram* program) {
  std::vector<Token> tokens;
  if (auto err = Tokenize(text, &tokens)) return err;
  return Compiler(tokens, schema).Run(program);
}

}  // namespace ripple::profile::internal
