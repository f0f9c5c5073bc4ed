// The compiler of one tag expression (grammar in tag_catalog.h, reference in docs/tags.md) into
// a flat postfix TagProgram, and the facts about ops that the compiler, the catalog and
// Evaluate() share. Internal to the profile part: callers use ParseTagCatalog.
//
// Invariants of a compiled program: running its ops leaves exactly one value on the stack and
// never holds more than max_stack values; numeric ops only see numbers and logical ops only
// truth values (0, 1 or NaN), because the compiler type-checks every operand.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "profile/tag_catalog.h"

namespace ripple::profile::internal {

// A compile error: where in the expression text (byte offset of the offending token; the
// text's length for "end of expression") and what was expected or found.
struct ExprError {
  size_t offset = 0;
  std::string message;
};

// Compiles `text` against `schema`. On success fills `program` (ops, max_stack, boolean) and
// returns nullopt. Window ops (IsWindowOp) carry the window LENGTH IN DAYS in `b`, not yet a
// slot: the catalog renumbers them once it knows every window of every tag.
std::optional<ExprError> CompileExpression(std::string_view text, const FeatureSchema& schema,
                                           TagProgram* program);

// The built-in functions, for messages and docs.
std::vector<std::string_view> FunctionNames();

// True for the ops that read a window (kWindow, kActiveDays, kContacts, kCells).
constexpr bool IsWindowOp(OpCode c) {
  return c == OpCode::kWindow || c == OpCode::kActiveDays || c == OpCode::kContacts ||
         c == OpCode::kCells;
}

// Appends `op` to a postfix program under construction, as a peephole optimiser: an operator
// whose operands are all constants is replaced by the constant it yields (computed by
// Evaluate(), so folding follows the run-time NaN rules exactly); failing that, a binary
// operator whose right operand is a constant becomes one k…Const op.
void AppendOp(Op op, std::vector<Op>* ops);

// How many values the op pops (it always pushes one).
int OpArity(OpCode c);

// The deepest the stack gets while running `ops`.
int ComputeMaxStack(const std::vector<Op>& ops);

}  // namespace ripple::profile::internal
