// RuleSet: rules compiled against the reference tables and the profile, ready for the engine.
//
// Compilation resolves every name (feed, field, tag, segment, enum value) and fixes the types
// of comparisons, reporting the first problem as "FILE:LINE:COL: ..." at the name, with the
// names that would have been valid. Conditions become flat postfix programs over 64-bit field
// values (texts compared by interned id). Each rule gets the per-subscriber state it needs and
// no more: none for `on`, the latest start per step for a sequence (not every partial match),
// N timestamps for `count >= N`, a day total or 20 buckets for `sum`, one value for `change`.
//
// The index: for each feed, the rules whose entry step may match a record of it. A rule whose
// entry condition requires `field = value` (or `field in (...)`) of a discrete field is filed
// under that (field, value) and only looked at for records carrying that value; the others are
// checked for every record of the feed.
// Thread-safety: immutable after Compile; shared by the engine (behind a shared_ptr, swapped
// whole on reload).
#pragma once

#include <cstdint>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "cep/fields.h"
#include "cep/rule.h"
#include "core/flat_map.h"
#include "core/status.h"

namespace ripple::ingest {
class ReferenceData;
class StringTable;
}  // namespace ripple::ingest
namespace ripple::profile {
class HostMatcher;
class TagTable;
class SegmentStore;
}  // namespace ripple::profile

namespace ripple::cep {

// One instruction of a condition program (postfix). kLeaf pushes one comparison's result.
struct CondOp {
  enum class Kind : uint8_t { kLeaf, kNot, kAnd, kOr };
  Kind kind = Kind::kLeaf;
  FieldId field = FieldId::kHour;
  CompareOp op = CompareOp::kEq;
  uint16_t column = 0;        // kTag: tag column; kSegment: segment index
  uint32_t values_begin = 0;  // kEq / kNe / kIn: RuleSet::values[begin, begin + count)
  uint32_t values_count = 0;
  double number = 0;     // numeric comparisons
  uint32_t matcher = 0;  // kContains / kMatches: RuleSet::matchers index
};

// [begin, end) of RuleSet::ops; empty means true.
struct Program {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool empty() const { return begin == end; }
};

struct CompiledEvent {
  Feed feed = Feed::kCalls;
  Program where;
};

// A `sum` pattern over a window keeps this many buckets: the compiler sizes a rule's state with
// it (rule_set.cc), the engine fills them (engine_patterns.cc).
inline constexpr int kSumBuckets = 20;

// What a rule keeps per subscriber, in 64-bit words after the slot header (see engine).
struct CompiledRule {
  std::string id;
  std::string trigger;
  std::string title;
  std::string file;
  int line = 0;
  std::string canonical;
  bool enabled = true;
  Pattern::Kind kind = Pattern::Kind::kOn;
  std::vector<CompiledEvent> events;  // as Pattern::events
  Program dwell;                      // kDwell
  int64_t window_ms = 0;
  bool today = false;
  FieldId field = FieldId::kBytes;  // kSum, kChange
  uint16_t field_column = 0;        // when field is a tag (not allowed today)
  CompareOp threshold_op = CompareOp::kGe;
  double threshold = 0;
  int threshold_tag = -1;  // tag column scaling the threshold, or -1
  uint32_t count = 0;      // kCount: N
  int64_t ttl_ms = 0;
  int priority = 50;
  std::vector<FieldId> carry;
  std::vector<std::string> carry_names;
  uint32_t state_words = 0;  // 0: stateless
  int64_t retention_ms = 0;  // how long idle state is worth keeping
};

// A `contains` / `matches` condition on a text field. Each distinct text is tested once: the
// answer is cached by text id (mutable: the engine that owns the RuleSet is single-threaded).
struct TextMatcher {
  CompareOp op = CompareOp::kContains;
  std::string pattern;
  std::shared_ptr<const std::regex> regex;  // kMatches (ECMAScript, whole text)
  mutable std::vector<int8_t> cache;        // text id -> -1 unknown, 0, 1
};

// What names are resolved against. Any pointer may be null: then names needing it are errors
// ("tag.x needs a profile snapshot: run with --snapshot OUT"), except `texts`, which the
// compiler interns literals of record-text fields into (so it must outlive the RuleSet and be
// the table the records are interned in).
struct CompileContext {
  const ingest::ReferenceData* reference = nullptr;
  ingest::StringTable* record_texts = nullptr;
  ingest::StringTable* derived_texts = nullptr;  // TextSpace::kDerived (the EngineContext's)
  const profile::HostMatcher* hosts = nullptr;
  const profile::TagTable* tags = nullptr;
  std::vector<std::string> segment_names;  // segment.NAME: index in this list
  std::string roaming_prefix = "ROAM-";
  // Without a profile (tags == null), rules that use tag.* / segment.* are left out and listed
  // in RuleSet::skipped() instead of failing the whole set.
  bool skip_rules_needing_profile = true;
  int64_t change_retention_ms = 90LL * 24 * 3600 * 1000;
};

class RuleSet {
 public:
  static Result<std::shared_ptr<const RuleSet>> Compile(const std::vector<Rule>& rules,
                                                        const CompileContext& context);
  ~RuleSet();
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

  const std::vector<CompiledRule>& rules() const { return rules_; }
  const std::vector<CondOp>& ops() const { return ops_; }
  const std::vector<uint64_t>& values() const { return values_; }
  const std::vector<TextMatcher>& matchers() const { return matchers_; }
  // Index of the rule with this id, or -1.
  int Find(const std::string& id) const;

  // The rules to look at for a record of `feed`: always_[feed], plus keyed(feed, field, value)
  // for each field in keyed_fields(feed).
  const std::vector<uint16_t>& always(Feed feed) const { return always_[int(feed)]; }
  const std::vector<FieldId>& keyed_fields(Feed feed) const { return keyed_fields_[int(feed)]; }
  // Rules filed under (feed, field, value); empty when none.
  const std::vector<uint16_t>& keyed(Feed feed, FieldId field, uint64_t value) const;
  // Rules left out because they need the profile: "FILE:LINE:COL: 'tag.x' needs the profile...".
  const std::vector<std::string>& skipped() const { return skipped_; }
  bool uses_new_contact() const { return uses_new_contact_; }
  bool uses_roaming() const { return uses_roaming_; }
  std::string_view roaming_prefix() const { return roaming_prefix_; }

 private:
  friend class RuleCompiler;
  RuleSet() = default;

  std::vector<CompiledRule> rules_;
  std::vector<CondOp> ops_;
  std::vector<uint64_t> values_;
  std::vector<TextMatcher> matchers_;
  std::vector<uint16_t> always_[kFeedCount];
  std::vector<FieldId> keyed_fields_[kFeedCount];
  FlatMap64 keyed_index_;  // Key(feed, field, value) -> index into keyed_lists_
  std::vector<std::vector<uint16_t>> keyed_lists_;
  std::vector<std::string> skipped_;
  bool uses_new_contact_ = false;
  bool uses_roaming_ = false;
  std::string roaming_prefix_;
};

}  // namespace ripple::cep
