// Recursive-descent parser of the event-rule language (grammar in cep/rule.h): files, rules,
// patterns and emit here; conditions, values and durations in rule_condition_parser.cc.
#include "cep/rule_parser.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <span>
#include <sstream>
#include <utility>

#include "cep/internal/rule_syntax.h"
#include "cep/rule_lexer.h"

namespace ripple::cep {
namespace {

using internal::LineCol;
using internal::ParseCondition;
using internal::ParseDuration;
using internal::ParseLiteral;
using internal::TokenCursor;

constexpr std::array<std::string_view, 1> kRuleWord = {"rule"};
constexpr std::array<std::string_view, 7> kPatternsAndTitle = {"on",     "count", "sum",  "dwell",
                                                               "change", "first", "title"};
// What may follow an event: typos of these get a suggestion.
constexpr std::array<std::string_view, 3> kAfterEvent = {"emit", "where", "then"};
constexpr std::array<std::string_view, 4> kEmitOptionsAndEnd = {"ttl", "priority", "carry", "end"};
constexpr const char* kPatternExpected = "a pattern (on, count, sum, dwell, change, first)";
constexpr const char* kFeedExpected =
    "a feed (calls, sms, data, locations, orders, devices, recharges, visits)";

// Where each rule id was first defined ("FILE:LINE"), shared by the files of one folder.
using SeenIds = std::map<std::string, std::string, std::less<>>;

bool IsNameChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }
bool IsRuleId(std::string_view s) {
  return !s.empty() && s[0] >= 'a' && s[0] <= 'z' && std::all_of(s.begin(), s.end(), IsNameChar);
}
bool IsTriggerName(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsNameChar);
}
bool IsPatternWord(std::string_view s) {
  return std::find(kPatternsAndTitle.begin(), kPatternsAndTitle.end() - 1, s) !=
         kPatternsAndTitle.end() - 1;
}

std::string Join(const std::vector<Token>& tokens, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end && tokens[i].kind != TokenKind::kEnd; ++i) {
    if (!out.empty()) out += ' ';
    out += tokens[i].raw;
  }
  return out;
}

class Parser {
 public:
  Parser(std::string_view text, std::string file, SeenIds& seen)
      : in_(text, std::move(file)), seen_(seen) {}

  Result<std::vector<Rule>> Run() {
    std::vector<Rule> rules;
    try {
      while (!in_.At(TokenKind::kEnd)) rules.push_back(ParseRule());
    } catch (const internal::SyntaxAbort&) {
      return Status::InvalidArgument(in_.error());
    }
    return rules;
  }

 private:
  Rule ParseRule() {
    if (!in_.AtWord("rule")) {
      if (in_.AtWord("end")) in_.Fail(in_.Peek(), "'rule'", " (no rule is open)");
      in_.FailSuggest(in_.Peek(), "'rule'", kRuleWord);
    }
    const size_t begin = in_.index();
    Rule rule;
    rule.file = in_.file();
    rule.pos = in_.Next().pos;
    const Token& id = in_.Peek();
    if (!in_.At(TokenKind::kWord) || !IsRuleId(id.raw) || IsKeyword(id.raw)) {
      in_.Fail(id,
               "a rule id after 'rule' (a lower-case letter, then lower-case letters, "
               "digits, _)");
    }
    rule.id = std::string(id.raw);
    auto [first, fresh] =
        seen_.try_emplace(rule.id, rule.file + ":" + std::to_string(rule.pos.line));
    if (!fresh) {
      in_.Fail(id, "a rule id not used before",
               " (rule '" + rule.id + "' is already defined at " + first->second + ")");
    }
    in_.Next();
    rule.enabled = !in_.Accept("disabled");
    const bool has_title = in_.Accept("title");
    if (has_title) {
      if (!in_.At(TokenKind::kText))
        in_.Fail(in_.Peek(), "the title in double quotes after 'title'");
      rule.title = in_.Next().text;
    }
    rule.pattern = ParsePattern(has_title);
    if (!in_.AtWord("emit")) NoEmit(rule.pattern);
    ParseEmit(rule.emit);
    if (!in_.AtWord("end")) NoEnd(rule);
    in_.Next();
    rule.canonical = Join(in_.tokens(), begin, in_.index());
    return rule;
  }

  [[noreturn]] void NoEmit(const Pattern& pattern) {
    const Token& t = in_.Peek();
    const std::string expected = pattern.kind == Pattern::Kind::kOn
                                     ? "'then', 'and no' or 'emit' after the event"
                                     : "'emit' after the pattern";
    if (t.kind == TokenKind::kWord && IsPatternWord(t.raw)) {
      in_.Fail(t, expected, " (a rule has exactly one pattern)");
    }
    if (in_.AtWord("title")) in_.Fail(t, expected, " (the title comes before the pattern)");
    if (in_.AtWord("end") || in_.AtWord("rule") || in_.At(TokenKind::kEnd)) {
      in_.Fail(t, expected, " (every rule needs an 'emit TRIGGER')");
    }
    in_.FailSuggest(t, expected, kAfterEvent);
  }

  [[noreturn]] void NoEnd(const Rule& rule) {
    const Token& t = in_.Peek();
    if (in_.AtWord("emit")) in_.Fail(t, "'end'", " (a rule has exactly one emit)");
    if (in_.AtWord("rule") || in_.At(TokenKind::kEnd)) {
      in_.Fail(t, "'end' to close rule '" + rule.id + "' (opened at " + LineCol(rule.pos) + ")");
    }
    in_.FailSuggest(t, "an emit option (ttl, priority, carry) or 'end'", kEmitOptionsAndEnd);
  }

  Pattern ParsePattern(bool has_title) {
    const Token& t = in_.Peek();
    Pattern p;
    if (in_.Accept("on")) {
      ParseOn(p);
    } else if (in_.Accept("count")) {
      p.kind = Pattern::Kind::kCount;
      p.events.push_back(ParseEvent("count", true));
      ParseThreshold(p, false);
      in_.Expect("within", "'within' and a duration after the count");
      p.window = ParseDuration(in_, "within");
    } else if (in_.Accept("sum")) {
      p.kind = Pattern::Kind::kSum;
      ParseField(p, "the field to sum after 'sum' (e.g. bytes)");
      in_.Expect("of", "'of' and the event after the summed field");
      p.events.push_back(ParseEvent("of", true));
      ParseThreshold(p, true);
      if (in_.Accept("today")) {
        p.today = true;
      } else {
        in_.Expect("within", "'within' and a duration, or 'today', after the threshold");
        p.window = ParseDuration(in_, "within");
      }
    } else if (in_.Accept("dwell")) {
      p.kind = Pattern::Kind::kDwell;
      p.dwell = ParseCondition(in_, false);
      in_.Expect("for", "'for' and a duration after the dwell condition");
      p.window = ParseDuration(in_, "for");
      if (in_.Accept("meanwhile")) p.events.push_back(ParseEvent("meanwhile", false));
    } else if (in_.Accept("change")) {
      p.kind = Pattern::Kind::kChange;
      ParseField(p, "the field to watch after 'change' (e.g. model)");
      in_.Expect("of", "'of' and the event after the watched field");
      p.events.push_back(ParseEvent("of", false));
    } else if (in_.Accept("first")) {
      p.kind = Pattern::Kind::kFirst;
      p.events.push_back(ParseEvent("first", false));
      in_.Expect("after", "'after' and a duration after the event");
      p.window = ParseDuration(in_, "after");
    } else {
      if (in_.AtWord("title") && has_title)
        in_.Fail(t, kPatternExpected, " (a rule has one title)");
      in_.FailSuggest(t, kPatternExpected,
                      std::span(kPatternsAndTitle).first(has_title ? 6 : kPatternsAndTitle.size()));
    }
    return p;
  }

  void ParseOn(Pattern& p) {
    p.events.push_back(ParseEvent("on", false));
    if (in_.AtWord("then")) {
      p.kind = Pattern::Kind::kSequence;
      while (in_.Accept("then")) p.events.push_back(ParseEvent("then", false));
      in_.Expect("within", "'then' or 'within' and a duration after the step");
      p.window = ParseDuration(in_, "within");
    } else if (in_.AtWord("and")) {
      // A `where` would have taken this `and` unless `no` follows: the event has none.
      if (!in_.AtWord("no", 1)) {
        in_.Fail(in_.Peek(1), "'no' after 'and' (on E and no E2 within D)",
                 " (to filter the event, write FEED where CONDITION)");
      }
      in_.Next();
      in_.Next();
      p.kind = Pattern::Kind::kAbsence;
      p.events.push_back(ParseEvent("no", false));
      in_.Expect("within", "'within' and a duration after the absent event");
      p.window = ParseDuration(in_, "within");
    }
  }

  EventSpec ParseEvent(const std::string& after, bool threshold_follows) {
    const Token& t = in_.Peek();
    if (t.kind != TokenKind::kWord || IsReservedWord(t.raw)) {
      in_.Fail(t, std::string(kFeedExpected) + " after '" + after + "'");
    }
    in_.Next();
    EventSpec e{std::string(t.raw), t.pos, std::nullopt};
    if (in_.Accept("where")) e.where = ParseCondition(in_, threshold_follows);
    return e;
  }

  void ParseField(Pattern& p, const std::string& expected) {
    const Token& t = in_.Peek();
    if (t.kind != TokenKind::kWord || IsReservedWord(t.raw)) in_.Fail(t, expected);
    p.field = std::string(t.raw);
    p.field_pos = in_.Next().pos;
  }

  // `>= N` for a count; `>= VALUE` for a sum, VALUE being NUMBER, `NUMBER% of tag.ID` or
  // `NUMBER * tag.ID`.
  void ParseThreshold(Pattern& p, bool sum) {
    const Token& op = in_.Peek();
    if (op.kind != TokenKind::kGe && op.kind != TokenKind::kGt) {
      in_.Fail(op, sum ? "'>=' or '>' and a threshold after the event"
                       : "'>=' or '>' and a count after the event");
    }
    p.threshold.op = op.kind == TokenKind::kGe ? CompareOp::kGe : CompareOp::kGt;
    in_.Next();
    const Token& v = in_.Peek();
    const std::string after(op.raw);
    if (!sum) {
      const bool whole = v.kind == TokenKind::kNumber && v.error.empty() &&
                         v.unit == NumberUnit::kNone && v.number >= 1 &&
                         v.number == std::floor(v.number);
      if (!whole) in_.Fail(v, "a positive whole number after '" + after + "'");
    } else if (v.kind != TokenKind::kNumber) {
      in_.Fail(v, "a number such as 100, 20GB or 90% after '" + after + "'");
    }
    p.threshold.value = ParseLiteral(in_, after);
    if (!sum) return;
    const bool of_tag = v.unit == NumberUnit::kPercent && in_.AtWord("of");
    if (!of_tag && !in_.At(TokenKind::kStar)) return;
    const std::string joiner(in_.Next().raw);
    const Token& tag = in_.Peek();
    if (tag.kind != TokenKind::kWord || !tag.raw.starts_with("tag.") || tag.raw.size() <= 4) {
      in_.Fail(tag, "tag.ID after '" + joiner + "' (e.g. tag.data_allowance_bytes)");
    }
    p.threshold.tag = std::string(tag.raw.substr(4));
    p.threshold.tag_pos = in_.Next().pos;
  }

  // `emit TRIGGER` and the options ttl / priority / carry, in any order, each at most once.
  void ParseEmit(Emit& emit) {
    in_.Next();  // emit
    const Token& t = in_.Peek();
    const bool named = t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber;
    if (!named || !IsTriggerName(t.raw) || IsKeyword(t.raw)) {
      in_.Fail(t, "a trigger name after 'emit' (lower-case letters, digits, _)");
    }
    emit.trigger = std::string(t.raw);
    emit.trigger_pos = in_.Next().pos;
    SourcePos ttl_at, priority_at, carry_at;  // line 0: not given yet
    for (;;) {
      const Token& opt = in_.Peek();
      SourcePos* given = in_.AtWord("ttl")        ? &ttl_at
                         : in_.AtWord("priority") ? &priority_at
                         : in_.AtWord("carry")    ? &carry_at
                                                  : nullptr;
      if (given == nullptr) return;
      if (given->line != 0) {
        in_.Fail(opt, "each emit option at most once",
                 " (already given at " + LineCol(*given) + ")");
      }
      *given = in_.Next().pos;
      if (given == &ttl_at) {
        emit.ttl_ms = ParseDuration(in_, "ttl").ms;
      } else if (given == &priority_at) {
        const Token& n = in_.Peek();
        const bool ok = n.kind == TokenKind::kNumber && n.error.empty() &&
                        n.unit == NumberUnit::kNone && n.number >= 0 && n.number <= 100 &&
                        n.number == std::floor(n.number);
        if (!ok) in_.Fail(n, "a priority from 0 to 100 after 'priority'");
        emit.priority = static_cast<int>(in_.Next().number);
      } else {
        for (std::string after = "carry";; after = ",") {
          const Token& f = in_.Peek();
          if (f.kind != TokenKind::kWord || IsKeyword(f.raw)) {
            in_.Fail(f, "a field to carry after '" + after + "' (e.g. area_id)");
          }
          emit.carry.push_back({std::string(f.raw), in_.Next().pos});
          if (!in_.At(TokenKind::kComma)) break;
          in_.Next();
        }
      }
    }
  }

  TokenCursor in_;
  SeenIds& seen_;
};

}  // namespace

Result<std::vector<Rule>> ParseRules(std::string_view text, std::string_view file) {
  SeenIds seen;
  return Parser(text, std::string(file), seen).Run();
}

Result<std::vector<Rule>> LoadRulesDir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(dir, ec);
  if (!fs::exists(status)) {
    return Status::InvalidArgument("rules folder '" + dir + "' not found");
  }
  if (!fs::is_directory(status)) {
    return Status::InvalidArgument("'" + dir + "' is not a folder (expected the rules folder)");
  }
  std::vector<fs::path> files;
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code type_ec;  // a dangling link is no rules file
    if (it->path().extension() == ".rules" && it->is_regular_file(type_ec)) {
      files.push_back(it->path());
    }
  }
  if (ec) return Status::InvalidArgument("cannot read rules folder '" + dir + "': " + ec.message());
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });

  SeenIds seen;
  std::vector<Rule> rules;
  for (const fs::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    if (in) buffer << in.rdbuf();
    if (!in || in.bad()) {
      return Status::InvalidArgument("cannot read rules file '" + path.string() + "'");
    }
    const std::string text = buffer.str();  // outlives the parser's tokens, which view it
    ASSIGN_OR_RETURN(std::vector<Rule> part, Parser(text, path.string(), seen).Run());
    for (Rule& r : part) rules.push_back(std::move(r));
  }
  return rules;
}

std::string CanonicalText(std::string_view rule_text) {
  std::vector<Token> tokens = Tokenize(rule_text);
  return Join(tokens, 0, tokens.size());
}

}  // namespace ripple::cep
