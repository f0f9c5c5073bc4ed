// Evaluate(): the per-subscriber hot path. One switch over flat ops and a caller-provided stack:
// no allocation, no virtual dispatch. The NaN rules (docs/tags.md, "Unknown values") live here
// and nowhere else — constant folding in the compiler calls this same function.
#include <cmath>
#include <limits>

#include "profile/internal/tag_expr.h"
#include "profile/tag_catalog.h"

namespace ripple::profile {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A comparison is unknown when either side is: NaN, which a flag reads as "does not hold" and
// `not` keeps unknown.
inline double Compare(double a, double b, bool holds) {
  return std::isnan(a) || std::isnan(b) ? kNaN : (holds ? 1.0 : 0.0);
}

// Kleene's three-valued logic with NaN as "unknown": a known false decides `and`, a known true
// decides `or`; otherwise an unknown operand makes the result unknown.
inline double And(double a, double b) {
  if (a == 0 || b == 0) return 0;
  return std::isnan(a) || std::isnan(b) ? kNaN : 1.0;
}
inline double Or(double a, double b) {
  if ((a != 0 && !std::isnan(a)) || (b != 0 && !std::isnan(b))) return 1.0;
  return std::isnan(a) || std::isnan(b) ? kNaN : 0.0;
}

inline double PropagatingMin(double a, double b) {
  return std::isnan(a) || std::isnan(b) ? kNaN : (b < a ? b : a);
}
inline double PropagatingMax(double a, double b) {
  return std::isnan(a) || std::isnan(b) ? kNaN : (b > a ? b : a);
}

}  // namespace

namespace internal {

int OpArity(OpCode c) {
  switch (c) {
    case OpCode::kConst:
    case OpCode::kScalar:
    case OpCode::kWindow:
    case OpCode::kActiveDays:
    case OpCode::kContacts:
    case OpCode::kCells:
      return 0;
    case OpCode::kNeg:
    case OpCode::kNot:
    case OpCode::kAddConst:
    case OpCode::kSubConst:
    case OpCode::kMulConst:
    case OpCode::kDivConst:
    case OpCode::kLtConst:
    case OpCode::kLeConst:
    case OpCode::kGtConst:
    case OpCode::kGeConst:
    case OpCode::kEqConst:
    case OpCode::kNeConst:
    case OpCode::kAbs:
    case OpCode::kLog1p:
    case OpCode::kRound:
      return 1;
    case OpCode::kAdd:
    case OpCode::kSub:
    case OpCode::kMul:
    case OpCode::kDiv:
    case OpCode::kLt:
    case OpCode::kLe:
    case OpCode::kGt:
    case OpCode::kGe:
    case OpCode::kEq:
    case OpCode::kNe:
    case OpCode::kAnd:
    case OpCode::kOr:
    case OpCode::kMin:
    case OpCode::kMax:
    case OpCode::kCoalesce:
      return 2;
  }
  return 0;
}

int ComputeMaxStack(const std::vector<Op>& ops) {
  int depth = 0;
  int deepest = 0;
  for (const Op& op : ops) {
    depth += 1 - OpArity(op.code);
    deepest = std::max(deepest, depth);
  }
  return deepest;
}

}  // namespace internal

double Evaluate(const TagProgram& program, const FeatureFrame& frame, double* stack) {
  // The top of the stack lives in `top` (a register); `stack` holds the values below it. The
  // first push spills the initial NaN into stack[0], so depth d uses d slots: max_stack fits.
  double top = kNaN;
  double* below = stack;  // next free slot
  double lhs;
  for (const Op& op : program.ops) {
    switch (op.code) {
      case OpCode::kConst:
        *below++ = top;
        top = op.value;
        break;
      case OpCode::kScalar:
        *below++ = top;
        top = frame.scalars[op.a];
        break;
      case OpCode::kWindow:
        *below++ = top;
        top = frame.windows[op.b * frame.window_field_count + op.a];
        break;
      case OpCode::kActiveDays:
        *below++ = top;
        top = frame.active_days[op.b];
        break;
      case OpCode::kContacts:
        *below++ = top;
        top = frame.distinct_contacts[op.b];
        break;
      case OpCode::kCells:
        *below++ = top;
        top = frame.distinct_cells[op.b];
        break;
      case OpCode::kAdd:
        top = *--below + top;
        break;
      case OpCode::kSub:
        top = *--below - top;
        break;
      case OpCode::kMul:
        top = *--below * top;
        break;
      case OpCode::kDiv:
        lhs = *--below;
        top = top == 0 ? kNaN : lhs / top;
        break;
      case OpCode::kNeg:
        top = -top;
        break;
      case OpCode::kLt:
        lhs = *--below;
        top = Compare(lhs, top, lhs < top);
        break;
      case OpCode::kLe:
        lhs = *--below;
        top = Compare(lhs, top, lhs <= top);
        break;
      case OpCode::kGt:
        lhs = *--below;
        top = Compare(lhs, top, lhs > top);
        break;
      case OpCode::kGe:
        lhs = *--below;
        top = Compare(lhs, top, lhs >= top);
        break;
      case OpCode::kEq:
        lhs = *--below;
        top = Compare(lhs, top, lhs == top);
        break;
      case OpCode::kNe:
        lhs = *--below;
        top = Compare(lhs, top, lhs != top);
        break;
      case OpCode::kAnd:
        top = And(*--below, top);
        break;
      case OpCode::kOr:
        top = Or(*--below, top);
        break;
      case OpCode::kNot:
        top = std::isnan(top) ? kNaN : (top == 0 ? 1.0 : 0.0);
        break;
      case OpCode::kMin:
        top = PropagatingMin(*--below, top);
        break;
      case OpCode::kMax:
        top = PropagatingMax(*--below, top);
        break;
      case OpCode::kAbs:
        top = std::fabs(top);
        break;
      case OpCode::kLog1p:
        // log1p(-1) would be -inf: outside the domain, so unknown like x/0.
        top = top <= -1 ? kNaN : std::log1p(top);
        break;
      case OpCode::kRound:
        top = std::round(top);  // halves away from zero
        break;
      case OpCode::kCoalesce:
        lhs = *--below;
        top = std::isnan(lhs) ? top : lhs;
        break;
      case OpCode::kAddConst:
        top = top + op.value;
        break;
      case OpCode::kSubConst:
        top = top - op.value;
        break;
      case OpCode::kMulConst:
        top = top * op.value;
        break;
      case OpCode::kDivConst:
        top = op.value == 0 ? kNaN : top / op.value;
        break;
      case OpCode::kLtConst:
        top = Compare(top, op.value, top < op.value);
        break;
      case OpCode::kLeConst:
        top = Compare(top, op.value, top <= op.value);
        break;
      case OpCode::kGtConst:
        top = Compare(top, op.value, top > op.value);
        break;
      case OpCode::kGeConst:
        top = Compare(top, op.value, top >= op.value);
        break;
      case OpCode::kEqConst:
        top = Compare(top, op.value, top == op.value);
        break;
      case OpCode::kNeConst:
        top = Compare(top, op.value, top != op.value);
        break;
    }
  }
  return top;  // NaN for an empty program (a builtin's)
}

const std::string* BandOf(const std::vector<Band>& bands, double value) {
  if (bands.empty() || std::isnan(value)) return nullptr;
  // The last band takes every value above the previous one, +inf included.
  for (size_t i = 0; i + 1 < bands.size(); ++i) {
    if (value < bands[i].below) return &bands[i].label;
  }
  return &bands.back().label;
}

}  // namespace ripple::profile
