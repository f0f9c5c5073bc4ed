// Tokens of the event-rule language (cep/rule.h, cep/rule_parser.h), with their positions.
//
// The whole text is tokenized up front: the parser needs a few tokens of lookahead (`and no`,
// a count's threshold after a bare field) and Rule::canonical is the rule's tokens joined. A
// lexing problem does not stop at once in the caller's eyes: the token list ends with a kError
// token at the problem, which the parser reports only when it gets there, so the first problem
// in reading order is the one reported. A malformed number (`12abc`, `10x`) is a kNumber token
// with `error` set rather than a lexing stop, because a trigger name such as `5g_offer` is
// written the same way and only the parser knows which one it expects.
// Invariants: the list is never empty and its last token, only, is kEnd or kError; tokens do
// not span lines; Token::raw points into the text passed to Tokenize.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cep/rule.h"

namespace ripple::cep {

enum class TokenKind : uint8_t {
  kEnd,    // end of the text; pos is just after the last token
  kError,  // a lexing problem at pos; `error` says what ("expected ..., found ...")
  kWord,   // keyword or identifier: [A-Za-z_][A-Za-z0-9_.]*
  kNumber,
  kText,  // "double quoted"; `text` holds it unescaped
  kEq,    // =
  kNe,    // !=
  kLt,
  kLe,
  kGt,
  kGe,
  kLParen,
  kRParen,
  kComma,
  kPercent,  // a `%` not attached to a number
  kStar,     // `*`, as in `0.9 * tag.x`
};

// What a number's suffix made of it; the value is already converted.
enum class NumberUnit : uint8_t {
  kNone,      // 12, 1.5, -3
  kSize,      // 500KB 20MB 1.5GB: bytes (powers of 1024)
  kDuration,  // 30s 10m 2h 7d 1h30m: milliseconds
  kPercent,   // 90%: 0.9
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view raw;  // as written, quotes included
  SourcePos pos;         // of the first character
  int end_column = 0;    // the column just after the token
  std::string text;      // kText: unescaped
  double number = 0;     // kNumber: converted by `unit`
  NumberUnit unit = NumberUnit::kNone;
  std::string error;  // kError; kNumber: set when the number is malformed
};

// The tokens of `text`, comments dropped, ending with kEnd (or kError at the first problem).
std::vector<Token> Tokenize(std::string_view text);

// The keywords of the language (lower case only). Reserved words cannot be field names, feeds
// or bare-word values: they end or join conditions (`and no`, `for`, `within`...). The other
// keywords (on, count, sum, dwell, change, first, title, disabled, ttl, priority, carry) can,
// but no keyword can be a rule id, a trigger name or a carried field.
bool IsKeyword(std::string_view word);
bool IsReservedWord(std::string_view word);

// How an error message names a token: 'raw', "text" as written, or "end of file".
std::string DescribeToken(const Token& token);

}  // namespace ripple::cep
