#include "profile/internal/segment_lexer.h"

#include <array>
#include <charconv>
#include <cmath>

namespace ripple::profile::internal {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsWordChar(char c) { return IsWordStart(c) || IsDigit(c); }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

}  // namespace

bool IsReservedWord(std::string_view word) {
  static constexpr std::array<std::string_view, 7> kWords = {"and", "or",  "not", "in",
                                                             "has", "all", "none"};
  for (std::string_view w : kWords) {
    if (EqualsIgnoreCase(word, w)) return true;
  }
  return false;
}

const SegmentToken& Lexer::Peek() {
  if (!peeked_) {
    next_ = Scan();
    peeked_ = true;
  }
  return next_;
}

SegmentToken Lexer::Next() {
  Peek();
  peeked_ = false;
  return std::move(next_);
}

int Lexer::Col(size_t pos) const {
  int col = 1;
  for (size_t i = 0; i < pos && i < text_.size(); ++i) {
    // UTF-8 continuation bytes do not start a new character.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++col;
  }
  return col;
}

std::string Lexer::Describe(const SegmentToken& t) const {
  if (t.kind == SegmentTokenKind::kEnd) return "the end of the expression";
  if (t.kind == SegmentTokenKind::kString) return std::string(Raw(t));  // quoted already
  return "'" + std::string(Raw(t)) + "'";
}

bool Lexer::IsKeyword(const SegmentToken& t, std::string_view kw) const {
  return t.kind == SegmentTokenKind::kWord && EqualsIgnoreCase(Raw(t), kw);
}

SegmentToken Lexer::Fail(size_t pos, std::string message) {
  error_ = {Col(pos), pos, std::move(message)};
  SegmentToken t;
  t.kind = SegmentTokenKind::kError;
  t.begin = t.end = pos;
  pos_ = text_.size();  // nothing after a lexing error is read
  return t;
}

SegmentToken Lexer::Scan() {
  while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
  SegmentToken t;
  t.begin = pos_;
  if (pos_ >= text_.size()) {
    t.kind = SegmentTokenKind::kEnd;
    t.end = pos_;
    return t;
  }
  const char c = text_[pos_];
  auto next_is = [&](char want) { return pos_ + 1 < text_.size() && text_[pos_ + 1] == want; };
  auto single = [&](SegmentTokenKind kind, size_t len) {
    t.kind = kind;
    pos_ += len;
    t.end = pos_;
    return t;
  };

  if (IsWordStart(c)) {
    while (pos_ < text_.size() && IsWordChar(text_[pos_])) ++pos_;
    t.kind = SegmentTokenKind::kWord;
    t.end = pos_;
    return t;
  }
  const bool signed_number = (c == '-' || c == '+') && pos_ + 1 < text_.size() &&
                             (IsDigit(text_[pos_ + 1]) || text_[pos_ + 1] == '.');
  if (IsDigit(c) || c == '.' || signed_number) {
    // Take the whole run that looks like part of a number, so that "3.4.5" or "12abc" is
    // reported as one bad number rather than as a number followed by a surprise.
    size_t p = pos_ + 1;
    while (p < text_.size()) {
      char d = text_[p];
      bool exponent_sign = (d == '-' || d == '+') && (text_[p - 1] == 'e' || text_[p - 1] == 'E');
      if (!IsWordChar(d) && d != '.' && !exponent_sign) break;
      ++p;
    }
    std::string_view raw = text_.substr(pos_, p - pos_);
    std::string_view digits = raw.front() == '+' ? raw.substr(1) : raw;
    double v = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec != std::errc() || end != digits.data() + digits.size() || !std::isfinite(v)) {
      return Fail(pos_, "'" + std::string(raw) + "' is not a number");
    }
    pos_ = p;
    t.kind = SegmentTokenKind::kNumber;
    t.number = v;
    t.end = pos_;
    return t;
  }
  if (c == '\'' || c == '"') {
    size_t close = text_.find(c, pos_ + 1);
    if (close == std::string_view::npos) {
      return Fail(pos_, std::string("unterminated string (no closing ") + c + ")");
    }
    t.kind = SegmentTokenKind::kString;
    t.value = std::string(text_.substr(pos_ + 1, close - pos_ - 1));
    pos_ = close + 1;
    t.end = pos_;
    return t;
  }
  switch (c) {
    case '(':
      return single(SegmentTokenKind::kLParen, 1);
    case ')':
      return single(SegmentTokenKind::kRParen, 1);
    case ',':
      return single(SegmentTokenKind::kComma, 1);
    case '=':
      return single(SegmentTokenKind::kEq, next_is('=') ? 2 : 1);
    case '<':
      return next_is('=') ? single(SegmentTokenKind::kLe, 2) : single(SegmentTokenKind::kLt, 1);
    case '>':
      return next_is('=') ? single(SegmentTokenKind::kGe, 2) : single(SegmentTokenKind::kGt, 1);
    case '!':
      if (next_is('=')) return single(SegmentTokenKind::kNe, 2);
      return Fail(pos_, "unexpected '!' (write 'not' to negate, '!=' for different from)");
    default:
      break;
  }
  // Name the whole UTF-8 character, not its first byte.
  size_t len = 1;
  while (pos_ + len < text_.size() &&
         (static_cast<unsigned char>(text_[pos_ + len]) & 0xC0) == 0x80) {
    ++len;
  }
  return Fail(pos_, "unexpected character '" + std::string(text_.substr(pos_, len)) + "'");
}

}  // namespace ripple::profile::internal
