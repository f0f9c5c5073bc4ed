#include "profile/internal/tag_expr_lexer.h"

#include <charconv>

namespace ripple::profile::internal {
namespace {

bool IsExprDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || IsExprDigit(c); }
bool IsExprSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

ExprError Error(size_t offset, std::string message) { return {offset, std::move(message)}; }

// Numbers and windows: DIGITS [. DIGITS] [e [+-] DIGITS] or . DIGITS; a whole number directly
// followed by `d` is a window. A number glued to letters ("30days", "1e") is one malformed
// token rather than a number and an identifier, so that the message quotes what was written.
std::optional<ExprError> LexNumber(std::string_view text, size_t* pos, Token* token) {
  const size_t start = *pos;
  size_t i = start;
  bool whole = true;
  while (i < text.size() && IsExprDigit(text[i])) ++i;
  if (i < text.size() && text[i] == '.' && i + 1 < text.size() && IsExprDigit(text[i + 1])) {
    whole = false;
    ++i;
    while (i < text.size() && IsExprDigit(text[i])) ++i;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    size_t j = i + 1;
    if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
    if (j < text.size() && IsExprDigit(text[j])) {
      whole = false;
      i = j;
      while (i < text.size() && IsExprDigit(text[i])) ++i;
    }
  }
  const size_t number_end = i;
  bool window = false;
  if (whole && i < text.size() && text[i] == 'd' &&
      (i + 1 == text.size() || !IsIdentChar(text[i + 1]))) {
    window = true;
    ++i;
  }
  if (i < text.size() && (IsIdentChar(text[i]) || text[i] == '.')) {
    size_t end = i;
    while (end < text.size() && (IsIdentChar(text[end]) || text[end] == '.')) ++end;
    return Error(start, "malformed number '" + std::string(text.substr(start, end - start)) +
                            "' (a number is written like 12 or 0.5, a window of days like 30d)");
  }
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data() + start, text.data() + number_end, value);
  if (ec != std::errc() || ptr != text.data() + number_end) {
    return Error(start, "number '" + std::string(text.substr(start, number_end - start)) +
                            "' is out of range");
  }
  *token = {window ? TokenKind::kWindow : TokenKind::kNumber, start, text.substr(start, i - start),
            value};
  *pos = i;
  return std::nullopt;
}

// A character that starts no token, with a hint for the spellings of other languages.
ExprError BadCharacter(std::string_view text, size_t i) {
  char c = text[i];
  char next = i + 1 < text.size() ? text[i + 1] : '\0';
  switch (c) {
    case '=':
      return Error(i, "unexpected '=' (equality is written '==')");
    case '!':
      return Error(i, "unexpected '!' (negation is written 'not', inequality '!=')");
    case '&':
      return Error(i, std::string("unexpected '") + (next == '&' ? "&&" : "&") + "' (write 'and')");
    case '|':
      return Error(i, std::string("unexpected '") + (next == '|' ? "||" : "|") + "' (write 'or')");
    default:
      break;
  }
  size_t end = i + 1;
  // Show a whole UTF-8 sequence rather than a lone lead byte.
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  return Error(i, "unexpected character '" + std::string(text.substr(i, end - i)) + "'");
}

}  // namespace

std::optional<ExprError> Tokenize(std::string_view text, std::vector<Token>* tokens) {
  tokens->clear();
  size_t i = 0;
  while (true) {
    while (i < text.size() && IsExprSpace(text[i])) ++i;
    if (i == text.size()) break;
    const char c = text[i];
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    Token t{TokenKind::kEnd, i, text.substr(i, 1), 0};
    if (IsExprDigit(c) || (c == '.' && IsExprDigit(next))) {
      if (auto err = LexNumber(text, &i, &t)) return err;
      tokens->push_back(t);
      continue;
    }
    if (IsIdentStart(c)) {
      size_t end = i;
      while (end < text.size() && IsIdentChar(text[end])) ++end;
      t.text = text.substr(i, end - i);
      t.kind = t.text == "and"   ? TokenKind::kAnd
               : t.text == "or"  ? TokenKind::kOr
               : t.text == "not" ? TokenKind::kNot
                                 : TokenKind::kIdent;
      tokens->push_back(t);
      i = end;
      continue;
    }
    size_t length = 1;
    switch (c) {
      case '(':
        t.kind = TokenKind::kLParen;
        break;
      case ')':
        t.kind = TokenKind::kRParen;
        break;
      case ',':
        t.kind = TokenKind::kComma;
        break;
      case '+':
        t.kind = TokenKind::kPlus;
        break;
      case '-':
        t.kind = TokenKind::kMinus;
        break;
      case '*':
        t.kind = TokenKind::kStar;
        break;
      case '/':
        t.kind = TokenKind::kSlash;
        break;
      case '<':
        t.kind = next == '=' ? TokenKind::kLe : TokenKind::kLt;
        length = next == '=' ? 2 : 1;
        break;
      case '>':
        t.kind = next == '=' ? TokenKind::kGe : TokenKind::kGt;
        length = next == '=' ? 2 : 1;
        break;
      case '=':
        if (next != '=') return BadCharacter(text, i);
        t.kind = TokenKind::kEq;
        length = 2;
        break;
      case '!':
        if (next != '=') return BadCharacter(text, i);
        t.kind = TokenKind::kNe;
        length = 2;
        break;
      default:
        return BadCharacter(text, i);
    }
    t.text = text.substr(i, length);
    tokens->push_back(t);
    i += length;
  }
  tokens->push_back({TokenKind::kEnd, text.size(), {}, 0});
  return std::nullopt;
}

std::string DescribeToken(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd:
      return "end of expression";
    case TokenKind::kNumber:
      return "number " + std::string(token.text);
    case TokenKind::kWindow:
      return "window " + std::string(token.text);
    case TokenKind::kIdent:
      return "identifier '" + std::string(token.text) + "'";
    default:
      return "'" + std::string(token.text) + "'";
  }
}

}  // namespace ripple::profile::internal
