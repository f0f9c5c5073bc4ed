// The event-rule language's syntax tree: what the parser (cep/rule_parser.h) produces from
// `config/rules/*.rules` and the compiler (cep/rule_set.h) turns into per-subscriber automata.
// Names are kept as text with their source positions here; the compiler resolves them against
// the field catalogue (cep/fields.h), the tag table and the reference tables, and reports
// unknown names at those positions.
//
// The language, one rule per block (full reference: docs/events.md):
//
//   # At the airport for ten minutes, using mobile data meanwhile.
//   rule airport_with_data
//     title "At the airport with data on"
//     dwell area_type = airport for 10m meanwhile data
//     emit at_airport ttl 3h priority 80 carry area_id
//   end
//
// A rule has exactly one pattern:
//   on E                                   every record matching E
//   on E then E2 [then E3 ...] within D    a sequence, all steps within D of the first
//   on E and no E2 within D                E, then no E2 for D (fires when D has passed)
//   count E >= N within D                  at least N records matching E within any D
//   sum FIELD of E >= VALUE within D|today a sum over a sliding window or the local day
//   dwell CONDITION for D [meanwhile E]    records of the subscriber keep meeting CONDITION
//                                          (e.g. area_type = airport) for D, and E was seen
//   change FIELD of E                      FIELD differs from its value on the previous E
//   first E after D                        E with no earlier E within D before it
// where E is `FEED [where CONDITION]` (FEED: calls, sms, data, locations, orders, devices,
// recharges, visits; singular forms accepted) and CONDITION combines comparisons
// `field OP value` (OP: = != < <= > >= in (...) contains matches) and bare boolean fields with
// not/and/or and parentheses. VALUE of a sum may scale a tag: `90% of tag.data_allowance_bytes`.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ripple::cep {

// A place in a rules file (1-based), carried by every name so errors can point at it.
struct SourcePos {
  int line = 0;
  int column = 0;
};

enum class CompareOp : uint8_t {
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kIn,        // value list
  kContains,  // substring of a text field
  kMatches,   // regular expression over a text field (whole text)
};

// A literal as written: text (quoted or a bare word such as `airport`) or a number. Numbers
// may carry a unit, already applied: sizes (KB MB GB, powers of 1024 -> bytes), durations
// (s m h d -> milliseconds) and percentages (90% -> 0.9).
struct Literal {
  enum class Kind : uint8_t { kText, kNumber };
  Kind kind = Kind::kText;
  std::string text;  // kText: the text; kNumber: the token as written (for messages)
  double number = 0;
  SourcePos pos;
};

// A condition tree. A leaf is a comparison of a named field with literals, or a bare field
// (boolean: `roaming`, `new_contact`), possibly `tag.ID` or `segment.NAME`.
struct Condition {
  enum class Kind : uint8_t { kCompare, kBareField, kNot, kAnd, kOr };
  Kind kind = Kind::kCompare;
  std::string field;  // kCompare, kBareField
  SourcePos field_pos;
  CompareOp op = CompareOp::kEq;
  std::vector<Literal> values;      // one, or the list of `in (...)`
  std::vector<Condition> children;  // kNot: one; kAnd / kOr: two or more
};

// `FEED [where CONDITION]`.
struct EventSpec {
  std::string feed;  // as written; the compiler maps singular/plural forms to a Feed
  SourcePos feed_pos;
  std::optional<Condition> where;
};

struct Duration {
  int64_t ms = 0;
  SourcePos pos;
};

// The threshold of count / sum: `>= 5`, `> 0.9 * tag.x`, `>= 90% of tag.x`.
struct Threshold {
  CompareOp op = CompareOp::kGe;  // kGe or kGt
  Literal value;                  // a number
  std::string tag;                // optional: value is a factor of this tag's value
  SourcePos tag_pos;
};

struct Pattern {
  enum class Kind : uint8_t { kOn, kSequence, kAbsence, kCount, kSum, kDwell, kChange, kFirst };
  Kind kind = Kind::kOn;
  // kOn: one; kSequence: two or more steps; kAbsence: [the event, the absent one];
  // kCount, kSum, kChange, kFirst: one; kDwell: the optional `meanwhile` event (zero or one).
  std::vector<EventSpec> events;
  std::optional<Duration> window;  // within / after / for
  bool today = false;              // kSum over the local calendar day instead of `within`
  std::string field;               // kSum, kChange: the field summed / watched
  SourcePos field_pos;
  std::optional<Condition> dwell;  // kDwell: what the subscriber's records must keep meeting
  Threshold threshold;             // kCount, kSum
};

struct Emit {
  std::string trigger;  // the trigger's name, [a-z0-9_]+
  SourcePos trigger_pos;
  int64_t ttl_ms = 3600'000;  // default 1h
  int priority = 50;          // 0..100
  struct Carried {
    std::string field;
    SourcePos pos;
  };
  std::vector<Carried> carry;  // fields copied into the trigger's attributes
};

struct Rule {
  std::string id;  // unique across the rules folder, [a-z][a-z0-9_]*
  SourcePos pos;   // of the `rule` keyword
  std::string file;
  bool enabled = true;  // `rule ID disabled`
  std::string title;
  Pattern pattern;
  Emit emit;
  // The rule's text from `rule` to `end`, whitespace and comments normalised: two rules with the
  // same canonical text are the same rule (hot reload keeps their partial matches).
  std::string canonical;
};

}  // namespace ripple::cep
