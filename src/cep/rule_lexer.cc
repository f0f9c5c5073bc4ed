#include "cep/rule_lexer.h"

#include <array>
#include <charconv>
#include <cmath>

namespace ripple::cep {
namespace {

constexpr std::array<std::string_view, 18> kReserved = {
    "and",    "or",  "not",       "no",    "in",    "contains", "matches", "where", "then",
    "within", "for", "meanwhile", "today", "after", "of",       "emit",    "end",   "rule"};
constexpr std::array<std::string_view, 11> kOtherKeywords = {
    "on",    "count",    "sum", "dwell",    "change", "first",
    "title", "disabled", "ttl", "priority", "carry"};

constexpr const char* kNumberExpected =
    "expected a number such as 12, 1.5, 500KB, 90% or a duration such as 10m or 1h30m";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsWordStart(char c) { return IsAlpha(c) || c == '_'; }
bool IsWordChar(char c) { return IsWordStart(c) || IsDigit(c) || c == '.'; }
bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// Milliseconds of a duration unit, 0 when `unit` is not one.
int64_t DurationUnitMs(std::string_view unit) {
  if (unit == "s") return 1000;
  if (unit == "m") return 60'000;
  if (unit == "h") return 3'600'000;
  if (unit == "d") return 86'400'000;
  return 0;
}

// 1024^k for KB / MB / GB in any case, 0 otherwise.
double SizeUnitBytes(std::string_view unit) {
  if (unit.size() != 2 || Upper(unit[1]) != 'B') return 0;
  switch (Upper(unit[0])) {
    case 'K':
      return 1024.0;
    case 'M':
      return 1024.0 * 1024;
    case 'G':
      return 1024.0 * 1024 * 1024;
    default:
      return 0;
  }
}

// Interprets a number token's text (sign excluded): digits[.digits] and a unit, or a run of
// duration parts from the largest unit to the smallest (1d12h, 1h30m). False when malformed.
bool ConvertNumber(std::string_view s, Token& t) {
  double total = 0;
  int64_t previous_unit_ms = INT64_MAX;
  bool first = true;
  while (!s.empty()) {
    size_t n = 0;
    while (n < s.size() && IsDigit(s[n])) ++n;
    if (n < s.size() && s[n] == '.') {
      ++n;
      if (n == s.size() || !IsDigit(s[n])) return false;
      while (n < s.size() && IsDigit(s[n])) ++n;
    }
    if (n == 0) return false;
    double value = 0;
    if (std::from_chars(s.data(), s.data() + n, value).ec != std::errc()) return false;
    size_t u = n;
    while (u < s.size() && (IsAlpha(s[u]) || s[u] == '%')) ++u;
    std::string_view unit = s.substr(n, u - n);
    s.remove_prefix(u);
    if (int64_t ms = DurationUnitMs(unit); ms > 0 && ms < previous_unit_ms) {
      t.unit = NumberUnit::kDuration;
      total += value * static_cast<double>(ms);
      previous_unit_ms = ms;
    } else if (!first) {
      return false;  // only durations combine, each unit once and largest first
    } else if (unit.empty()) {
      total = value;
    } else if (unit == "%") {
      t.unit = NumberUnit::kPercent;
      total = value / 100;
    } else if (double bytes = SizeUnitBytes(unit); bytes > 0) {
      t.unit = NumberUnit::kSize;
      total = value * bytes;
    } else {
      return false;
    }
    if (t.unit != NumberUnit::kDuration && !s.empty()) return false;
    first = false;
  }
  t.number = t.unit == NumberUnit::kDuration ? std::round(total) : total;
  return std::isfinite(t.number);
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> Run() {
    std::vector<Token> out;
    SourcePos end_pos{1, 1};
    while (SkipSpaceAndComments()) {
      Token t = Scan();
      end_pos = {t.pos.line, t.end_column};
      const bool stop = t.kind == TokenKind::kError;
      out.push_back(std::move(t));
      if (stop) return out;
    }
    Token end;
    end.kind = TokenKind::kEnd;
    end.pos = end_pos;
    end.end_column = end_pos.column;
    out.push_back(std::move(end));
    return out;
  }

 private:
  // Advances to the next token; false at the end of the text.
  bool SkipSpaceAndComments() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        line_start_ = ++pos_;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        ++pos_;
      } else if (c == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else {
        return true;
      }
    }
    return false;
  }

  // 1-based column, in characters (not bytes), of byte offset `at` on the current line.
  int Column(size_t at) const {
    int col = 1;
    for (size_t i = line_start_; i < at; ++i) {
      if (!IsContinuation(text_[i])) ++col;
    }
    return col;
  }

  Token Make(TokenKind kind, size_t len) {
    Token t;
    t.kind = kind;
    t.raw = text_.substr(pos_, len);
    t.pos = {line_, Column(pos_)};
    pos_ += len;
    t.end_column = Column(pos_);
    return t;
  }

  Token Error(size_t len, std::string message) {
    Token t = Make(TokenKind::kError, len);
    t.error = std::move(message);
    return t;
  }

  Token Scan() {
    const char c = text_[pos_];
    auto at = [&](size_t i) { return pos_ + i < text_.size() ? text_[pos_ + i] : '\0'; };
    auto run = [&](size_t from, auto pred) {
      while (pos_ + from < text_.size() && pred(text_[pos_ + from])) ++from;
      return from;
    };
    if (IsWordStart(c)) return Make(TokenKind::kWord, run(1, IsWordChar));
    if (IsDigit(c) || (c == '-' && IsDigit(at(1)))) {
      // The whole run that could belong to a number, so `12abc` is one bad number.
      Token t = Make(TokenKind::kNumber, run(1, [](char d) { return IsWordChar(d) || d == '%'; }));
      std::string_view digits = t.raw.front() == '-' ? t.raw.substr(1) : t.raw;
      if (!ConvertNumber(digits, t)) {
        t.error = std::string(kNumberExpected) + ", found '" + std::string(t.raw) + "'";
      } else if (t.raw.front() == '-') {
        t.number = -t.number;
      }
      return t;
    }
    if (c == '"') return ScanText();
    switch (c) {
      case '=':
        return Make(TokenKind::kEq, 1);
      case '!':
        if (at(1) == '=') return Make(TokenKind::kNe, 2);
        return Error(1, "expected '!=', found '!' (write 'not' to negate a condition)");
      case '<':
        return at(1) == '=' ? Make(TokenKind::kLe, 2) : Make(TokenKind::kLt, 1);
      case '>':
        return at(1) == '=' ? Make(TokenKind::kGe, 2) : Make(TokenKind::kGt, 1);
      case '(':
        return Make(TokenKind::kLParen, 1);
      case ')':
        return Make(TokenKind::kRParen, 1);
      case ',':
        return Make(TokenKind::kComma, 1);
      case '%':
        return Make(TokenKind::kPercent, 1);
      case '*':
        return Make(TokenKind::kStar, 1);
      default:
        break;
    }
    // Name the whole UTF-8 character, not its first byte; a control character or a stray
    // byte that starts no character is shown by its code.
    const size_t len = run(1, IsContinuation);
    std::string found(text_.substr(pos_, len));
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F || (len == 1 && byte >= 0x80)) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      found = std::string("\\x") + kHex[byte >> 4] + kHex[byte & 0xF];
    }
    std::string hint = c == '\'' ? " (text is written in double quotes)" : "";
    return Error(len,
                 "expected a name, number, \"text\" or operator, found '" + found + "'" + hint);
  }

  Token ScanText() {
    std::string value;
    size_t i = pos_ + 1;
    for (; i < text_.size() && text_[i] != '"' && text_[i] != '\n'; ++i) {
      // \" and \\ are the escapes; any other backslash is kept, so regexes read as written.
      if (text_[i] == '\\' && i + 1 < text_.size() &&
          (text_[i + 1] == '"' || text_[i + 1] == '\\')) {
        ++i;
      }
      value += text_[i];
    }
    if (i >= text_.size() || text_[i] != '"') {
      const bool eof = i >= text_.size();
      return Error(i - pos_, std::string("expected a closing '\"' for the text starting here, "
                                         "found ") +
                                 (eof ? "end of file" : "the end of the line"));
    }
    Token t = Make(TokenKind::kText, i + 1 - pos_);
    t.text = std::move(value);
    return t;
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t line_start_ = 0;
  int line_ = 1;
};

}  // namespace

std::vector<Token> Tokenize(std::string_view text) { return Lexer(text).Run(); }

bool IsReservedWord(std::string_view word) {
  for (std::string_view w : kReserved) {
    if (w == word) return true;
  }
  return false;
}

bool IsKeyword(std::string_view word) {
  if (IsReservedWord(word)) return true;
  for (std::string_view w : kOtherKeywords) {
    if (w == word) return true;
  }
  return false;
}

std::string DescribeToken(const Token& token) {
  if (token.kind == TokenKind::kEnd) return "end of file";
  if (token.kind == TokenKind::kText) return std::string(token.raw);
  return "'" + std::string(token.raw) + "'";
}

}  // namespace ripple::cep
