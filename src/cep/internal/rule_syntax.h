// What the rule parser's two halves share: cep/rule_parser.cc (files, rules, patterns, emit)
// and cep/rule_condition_parser.cc (conditions, values, durations). TokenCursor walks the
// tokens of one text and turns the first problem into "FILE:LINE:COL: expected ..., found ..."
// (cep/rule_parser.h), unwinding by throwing SyntaxAbort, which ParseRules / LoadRulesDir catch:
// it never leaves them.
// Thread-safety: one cursor per parse.
#pragma once

#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cep/rule.h"
#include "cep/rule_lexer.h"
#include "profile/did_you_mean.h"

namespace ripple::cep::internal {

struct SyntaxAbort {};

inline std::string LineCol(SourcePos p) {
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

class TokenCursor {
 public:
  // `text` must outlive the cursor: tokens view it.
  TokenCursor(std::string_view text, std::string file)
      : tokens_(Tokenize(text)), file_(std::move(file)) {}

  // Past the last token, Peek keeps returning it (kEnd or kError).
  const Token& Peek(size_t ahead = 0) const {
    return tokens_[std::min(i_ + ahead, tokens_.size() - 1)];
  }
  const Token& Next() {
    const Token& t = Peek();
    if (i_ + 1 < tokens_.size()) ++i_;
    return t;
  }
  bool At(TokenKind kind, size_t ahead = 0) const { return Peek(ahead).kind == kind; }
  // True when the token `ahead` is the word `word` (keywords are lower case, exactly).
  bool AtWord(std::string_view word, size_t ahead = 0) const {
    return At(TokenKind::kWord, ahead) && Peek(ahead).raw == word;
  }
  bool Accept(std::string_view word) {
    if (!AtWord(word)) return false;
    Next();
    return true;
  }
  void Expect(std::string_view word, const std::string& expected) {
    if (!Accept(word)) Fail(Peek(), expected);
  }

  size_t index() const { return i_; }
  const std::vector<Token>& tokens() const { return tokens_; }
  const std::string& file() const { return file_; }
  const std::string& error() const { return error_; }

  // "FILE:LINE:COL: expected EXPECTED, found TOKEN HINT"; a lexing error speaks for itself.
  [[noreturn]] void Fail(const Token& t, const std::string& expected,
                         const std::string& hint = "") {
    if (t.kind == TokenKind::kError) FailWith(t, t.error);
    FailWith(t, "expected " + expected + ", found " + DescribeToken(t) + hint);
  }
  // Fail, adding " (did you mean 'x'?)" when a word that is no keyword is close to a name.
  [[noreturn]] void FailSuggest(const Token& t, const std::string& expected,
                                std::span<const std::string_view> names) {
    const bool typo = t.kind == TokenKind::kWord && !IsKeyword(t.raw);
    Fail(t, expected, typo ? profile::DidYouMean(t.raw, names) : "");
  }
  [[noreturn]] void FailWith(const Token& t, const std::string& message) {
    error_ = file_ + ":" + LineCol(t.pos) + ": " + message;
    throw SyntaxAbort{};
  }

 private:
  std::vector<Token> tokens_;
  size_t i_ = 0;
  std::string file_;
  std::string error_;
};

// CONDITION: `or` looser than `and`, `not` tightest, parentheses; leaves `field OP value`,
// `field in (...)`, `field contains|matches "text"` and bare fields. `and no` ends it. With
// `threshold_follows` (the event of a count or sum), `field >= N` (or `>`) directly followed by
// `within` / `today` is a bare field before the threshold, not a comparison.
Condition ParseCondition(TokenCursor& in, bool threshold_follows);

// A number (units applied), "text" or a bare word that is not reserved. `after` names the token
// before it in messages ("" for none).
Literal ParseLiteral(TokenCursor& in, const std::string& after);

// A duration literal greater than zero, after the keyword `after`.
Duration ParseDuration(TokenCursor& in, const std::string& after);

}  // namespace ripple::cep::internal
