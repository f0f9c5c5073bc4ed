// Tokens of the segment language (see profile/segment.h for the grammar). The lexer runs on
// demand, one token ahead of the parser, so that the first problem in reading order is the one
// reported: an unterminated string late in the text never hides an unknown tag before it.
// Thread-safety: one lexer per parse; not shared.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "profile/internal/segment_program.h"

namespace ripple::profile::internal {

enum class SegmentTokenKind : uint8_t {
  kEnd,
  kError,  // a lexing problem; the lexer's error() says which
  kWord,   // identifier or keyword: [A-Za-z_][A-Za-z0-9_]*
  kNumber,
  kString,
  kLParen,
  kRParen,
  kComma,
  kEq,  // = or ==
  kNe,  // !=
  kLt,
  kLe,
  kGt,
  kGe,
};

struct SegmentToken {
  SegmentTokenKind kind = SegmentTokenKind::kEnd;
  size_t begin = 0, end = 0;  // byte offsets of the token in the text (quotes included)
  std::string value;          // kString: the text between the quotes
  double number = 0;          // kNumber
};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  const SegmentToken& Peek();
  SegmentToken Next();
  // Set when Peek() returned kError.
  const ParseError& error() const { return error_; }
  std::string_view Raw(const SegmentToken& t) const {
    return text_.substr(t.begin, t.end - t.begin);
  }
  // 1-based column, in code points, of byte offset `pos`.
  int Col(size_t pos) const;
  // "'raw'" or "the end of the expression": how error messages name what was found.
  std::string Describe(const SegmentToken& t) const;
  // True when `t` is the keyword `kw` (lower case), in any case.
  bool IsKeyword(const SegmentToken& t, std::string_view kw) const;
  std::string_view text() const { return text_; }

 private:
  SegmentToken Scan();
  SegmentToken Fail(size_t pos, std::string message);

  std::string_view text_;
  size_t pos_ = 0;
  bool peeked_ = false;
  SegmentToken next_;
  ParseError error_;
};

// True for the reserved words and, or, not, in, has, all, none (any case).
bool IsReservedWord(std::string_view word);

}  // namespace ripple::profile::internal
