// AppendOp: constant folding and constant-operand fusion as ops are emitted. Both look only at
// the tail of the program: in postfix, an operator's operands are the complete subexpressions
// just before it, and a constant is a complete subexpression of one op.
#include "profile/internal/tag_expr.h"

namespace ripple::profile::internal {
namespace {

// The k…Const form of a binary operator, or `op` itself when it has none.
OpCode ConstantOperandForm(OpCode op) {
  switch (op) {
    case OpCode::kAdd:
      return OpCode::kAddConst;
    case OpCode::kSub:
      return OpCode::kSubConst;
    case OpCode::kMul:
      return OpCode::kMulConst;
    case OpCode::kDiv:
      return OpCode::kDivConst;
    case OpCode::kLt:
      return OpCode::kLtConst;
    case OpCode::kLe:
      return OpCode::kLeConst;
    case OpCode::kGt:
      return OpCode::kGtConst;
    case OpCode::kGe:
      return OpCode::kGeConst;
    case OpCode::kEq:
      return OpCode::kEqConst;
    case OpCode::kNe:
      return OpCode::kNeConst;
    default:
      return op;
  }
}

}  // namespace

void AppendOp(Op op, std::vector<Op>* ops) {
  const size_t arity = static_cast<size_t>(OpArity(op.code));
  std::vector<Op>& v = *ops;
  v.push_back(op);
  if (arity == 0 || v.size() < arity + 1) return;
  const bool right_constant = v[v.size() - 2].code == OpCode::kConst;
  const bool left_constant = arity == 1 || v[v.size() - 3].code == OpCode::kConst;
  if (right_constant && left_constant) {
    TagProgram folded;
    folded.ops.assign(v.end() - static_cast<long>(arity) - 1, v.end());
    double stack[2];
    const double value = Evaluate(folded, FeatureFrame{}, stack);
    v.resize(v.size() - arity - 1);
    v.push_back({OpCode::kConst, 0, 0, value});
    return;
  }
  const OpCode fused = ConstantOperandForm(op.code);
  if (right_constant && fused != op.code) {
    const double value = v[v.size() - 2].value;
    v.resize(v.size() - 2);
    v.push_back({fused, 0, 0, value});
  }
}

}  // namespace ripple::profile::internal
