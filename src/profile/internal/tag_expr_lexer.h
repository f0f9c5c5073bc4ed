// Tokens of the tag expression language: numbers (1048576, 0.5, 1e6), windows (30d),
// identifiers, the keywords and/or/not, operators and parentheses. Every token records its byte
// offset in the text so that errors point at it. Internal to the tag expression compiler.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "profile/internal/tag_expr.h"

namespace ripple::profile::internal {

enum class TokenKind : uint8_t {
  kEnd,     // after the last token; offset = text length
  kNumber,  // number = value
  kWindow,  // number = days ("30d"; a whole number, may be 0: the compiler checks the range)
  kIdent,
  kLParen,
  kRParen,
  kComma,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kLt,
  kLe,
  kGt,
  kGe,
  kEq,
  kNe,
  kAnd,
  kOr,
  kNot,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  size_t offset = 0;
  std::string_view text;  // as written (a view into the expression text)
  double number = 0;
};

// Splits `text` into tokens ending with one kEnd. Returns the error for a character or a
// number that cannot start or form a token.
std::optional<ExprError> Tokenize(std::string_view text, std::vector<Token>* tokens);

// For messages: "end of expression", "number 3", "window 30d", "identifier 'x'", "')'", "'and'".
std::string DescribeToken(const Token& token);

}  // namespace ripple::profile::internal
