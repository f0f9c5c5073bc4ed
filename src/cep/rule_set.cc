// RuleSet::Compile (cep/rule_set.h): the patterns and the index. Conditions are compiled by
// RuleCompiler's condition half in rule_conditions.cc.
#include "cep/rule_set.h"

#include <algorithm>
#include <unordered_set>

#include "cep/internal/rule_compiler.h"
#include "core/time.h"

namespace ripple::cep {
namespace {

constexpr uint32_t kMaxCount = 1000;

uint64_t IndexKey(Feed feed, FieldId field, uint64_t value) {
  // Never 0 (FlatMap64's empty key): the feed byte is offset by one.
  return (uint64_t{static_cast<uint8_t>(feed) + 1u} << 56) |
         (uint64_t{static_cast<uint8_t>(field)} << 48) | (value & 0xffffffffffffull);
}

bool Discrete(FieldId field) {
  const FieldInfo& f = FieldCatalogue()[static_cast<int>(field)];
  return f.type == FieldType::kText && f.space != TextSpace::kPhone;
}

}  // namespace

RuleSet::~RuleSet() = default;

int RuleSet::Find(const std::string& id) const {
  for (size_t i = 0; i < rules_.size(); ++i) {
    if (rules_[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

const std::vector<uint16_t>& RuleSet::keyed(Feed feed, FieldId field, uint64_t value) const {
  static const std::vector<uint16_t> kNone;
  const uint32_t i = keyed_index_.Find(IndexKey(feed, field, value));
  return i == FlatMap64::kMissing ? kNone : keyed_lists_[i];
}

Status RuleCompiler::CompilePattern(const Rule& rule, CompiledRule& out) {
  const Pattern& p = rule.pattern;
  out.kind = p.kind;
  for (const EventSpec& e : p.events) {
    CompiledEvent ce;
    RETURN_IF_ERROR(CompileEvent(rule, e, ce));
    out.events.push_back(ce);
  }
  if (p.window) out.window_ms = p.window->ms;
  out.today = p.today;
  const size_t steps = out.events.size();
  switch (p.kind) {
    case Pattern::Kind::kOn:
      out.state_words = 0;
      break;
    case Pattern::Kind::kSequence:
      out.state_words = static_cast<uint32_t>(steps - 1);
      out.retention_ms = out.window_ms;
      break;
    case Pattern::Kind::kAbsence:
      out.state_words = 1 + Trigger::kMaxCarried;
      out.retention_ms = out.window_ms;
      break;
    case Pattern::Kind::kCount: {
      const double n = p.threshold.value.number;
      if (n < 1 || n != static_cast<double>(static_cast<uint32_t>(n)) || n > kMaxCount) {
        return Error(rule, p.threshold.value.pos,
                     "count needs a whole number from 1 to " + std::to_string(kMaxCount) +
                         ", found '" + p.threshold.value.text + "'");
      }
      out.count = static_cast<uint32_t>(n) + (p.threshold.op == CompareOp::kGt ? 1 : 0);
      if (out.count > kMaxCount) {
        return Error(rule, p.threshold.value.pos,
                     "count keeps at most " + std::to_string(kMaxCount) +
                         " records: use >= " + std::to_string(kMaxCount) + " or less");
      }
      out.state_words = 1 + out.count;
      out.retention_ms = out.window_ms;
      break;
    }
    case Pattern::Kind::kSum: {
      RETURN_IF_ERROR(NumericField(rule, p.field, p.field_pos, out.events[0].feed, out.field));
      out.threshold_op = p.threshold.op;
      out.threshold = p.threshold.value.number;
      if (!p.threshold.tag.empty()) {
        RETURN_IF_ERROR(
            NumericTag(rule, "tag." + p.threshold.tag, p.threshold.tag_pos, out.threshold_tag));
      }
      out.state_words = p.today ? 3 : 2 + kSumBuckets;
      out.retention_ms = p.today ? kMillisPerDay : out.window_ms;
      break;
    }
    case Pattern::Kind::kDwell: {
      if (!p.dwell) return Error(rule, rule.pos, "dwell needs a condition");
      RETURN_IF_ERROR(CompileCondition(rule, *p.dwell, kCellFeeds, out.dwell));
      out.state_words = 3;
      out.retention_ms = out.window_ms;
      break;
    }
    case Pattern::Kind::kChange: {
      const FieldInfo* f = nullptr;
      RETURN_IF_ERROR(FieldOf(rule, p.field, p.field_pos, out.events[0].feed, f));
      out.field = f->id;
      out.state_words = 1;
      out.retention_ms = context_.change_retention_ms;
      break;
    }
    case Pattern::Kind::kFirst:
      out.state_words = 1;
      out.retention_ms = out.window_ms;
      break;
  }
  return Status::Ok();
}

Status RuleCompiler::CompileRule(const Rule& rule, CompiledRule& out) {
  out.id = rule.id;
  out.title = rule.title;
  out.file = rule.file;
  out.line = rule.pos.line;
  out.canonical = rule.canonical;
  out.enabled = rule.enabled;
  out.trigger = rule.emit.trigger;
  out.ttl_ms = rule.emit.ttl_ms;
  out.priority = rule.emit.priority;
  RETURN_IF_ERROR(CompilePattern(rule, out));
  if (rule.emit.carry.size() > Trigger::kMaxCarried) {
    return Error(rule, rule.emit.carry[Trigger::kMaxCarried].pos,
                 "at most " + std::to_string(Trigger::kMaxCarried) + " fields can be carried");
  }
  // Carried fields are read from the record that completes the match: the last step's feed
  // (the first for an absence, whose trigger comes from A).
  uint8_t feeds = 0;
  if (out.kind == Pattern::Kind::kDwell) {
    feeds = kCellFeeds;
  } else if (out.kind == Pattern::Kind::kAbsence || out.kind == Pattern::Kind::kOn) {
    feeds = FeedBit(out.events[0].feed);
  } else {
    feeds = FeedBit(out.events.back().feed);
  }
  for (const Emit::Carried& c : rule.emit.carry) {
    const FieldInfo* f = FindField(c.field);
    if (!f) return UnknownField(rule, c.field, c.pos, feeds);
    if ((f->feeds & feeds) == 0) {
      return Error(rule, c.pos,
                   "'" + c.field + "' is not a field of the record that completes " +
                       "this rule (" + FeedList(feeds) + ")");
    }
    out.carry.push_back(f->id);
    out.carry_names.push_back(c.field);
  }
  return Status::Ok();
}

void RuleCompiler::Index(RuleSet& set) {
  for (size_t i = 0; i < set.rules_.size(); ++i) {
    const CompiledRule& r = set.rules_[i];
    const auto rule = static_cast<uint16_t>(i);
    // The entry step: the first event, or for a dwell its condition over the cell feeds.
    std::vector<Feed> feeds;
    const Program* entry = nullptr;
    if (r.kind == Pattern::Kind::kDwell) {
      for (const Feed f : kAllFeeds) {
        if (kCellFeeds & FeedBit(f)) feeds.push_back(f);
      }
      entry = &r.dwell;
    } else {
      feeds.push_back(r.events[0].feed);
      entry = &r.events[0].where;
    }
    FieldId key_field;
    std::vector<uint64_t> key_values;
    const bool keyed = IndexableEquality(set, *entry, key_field, key_values);
    for (const Feed f : feeds) {
      if (!keyed) {
        set.always_[static_cast<int>(f)].push_back(rule);
        continue;
      }
      auto& fields = set.keyed_fields_[static_cast<int>(f)];
      if (std::find(fields.begin(), fields.end(), key_field) == fields.end()) {
        fields.push_back(key_field);
      }
      for (const uint64_t v : key_values) {
        const uint64_t key = IndexKey(f, key_field, v);
        uint32_t list = set.keyed_index_.Find(key);
        if (list == FlatMap64::kMissing) {
          list = static_cast<uint32_t>(set.keyed_lists_.size());
          set.keyed_lists_.emplace_back();
          set.keyed_index_.Put(key, list);
        }
        auto& rules = set.keyed_lists_[list];
        if (rules.empty() || rules.back() != rule) rules.push_back(rule);
      }
    }
  }
}

// A program requires `field = v` (or `field in (...)`) when it is that leaf, or an `and` whose
// operands include such a leaf at the top level. Postfix: the top-level operands of a chain
// of kAnd are found by walking back from the end.
bool RuleCompiler::IndexableEquality(const RuleSet& set, const Program& program, FieldId& field,
                                     std::vector<uint64_t>& values) {
  if (program.empty()) return false;
  std::vector<Program> conjuncts;
  // Walk the whole program as a tree: root = last op.
  std::vector<Program> work = {program};
  while (!work.empty()) {
    const Program p = work.back();
    work.pop_back();
    const CondOp& last = set.ops_[p.end - 1];
    if (last.kind == CondOp::Kind::kLeaf) {
      conjuncts.push_back(p);
      continue;
    }
    if (last.kind != CondOp::Kind::kAnd) continue;
    // Its operands: the right one is the subtree ending just before the kAnd; walking back,
    // a leaf completes one pending operand, an and/or opens one more.
    uint32_t j = p.end - 1;
    int needed = 1;
    while (needed > 0) {
      --j;
      const CondOp::Kind k = set.ops_[j].kind;
      if (k == CondOp::Kind::kLeaf) --needed;
      if (k == CondOp::Kind::kAnd || k == CondOp::Kind::kOr) ++needed;
    }
    work.push_back({p.begin, j});
    work.push_back({j, p.end - 1});
  }
  for (const Program& c : conjuncts) {
    const CondOp& op = set.ops_[c.begin];
    if (op.field == FieldId::kTag || op.field == FieldId::kSegment || !Discrete(op.field)) continue;
    if (op.op != CompareOp::kEq && op.op != CompareOp::kIn) continue;
    field = op.field;
    values.assign(set.values_.begin() + op.values_begin,
                  set.values_.begin() + op.values_begin + op.values_count);
    return !values.empty();
  }
  return false;
}

Result<std::shared_ptr<const RuleSet>> RuleSet::Compile(const std::vector<Rule>& rules,
                                                        const CompileContext& context) {
  std::shared_ptr<RuleSet> set(new RuleSet());
  set->roaming_prefix_ = context.roaming_prefix;
  if (rules.size() > 65000) return Status::InvalidArgument("too many rules (at most 65,000)");
  RuleCompiler compiler(context, *set);
  std::unordered_set<std::string> ids;
  for (const Rule& rule : rules) {
    if (!ids.insert(rule.id).second) {
      return Status::InvalidArgument(rule.file + ":" + std::to_string(rule.pos.line) + ":" +
                                     std::to_string(rule.pos.column) + ": rule '" + rule.id +
                                     "' is defined twice");
    }
    CompiledRule out;
    const size_t ops = set->ops_.size(), values = set->values_.size();
    const size_t matchers = set->matchers_.size();
    const bool contact = set->uses_new_contact_, roaming = set->uses_roaming_;
    Status s = compiler.CompileRule(rule, out);
    if (s.code() == StatusCode::kNotFound && context.skip_rules_needing_profile) {
      set->ops_.resize(ops);  // drop what the rule's conditions had appended
      set->values_.resize(values);
      set->matchers_.resize(matchers);
      set->uses_new_contact_ = contact;
      set->uses_roaming_ = roaming;
      set->skipped_.push_back(s.message());
      continue;
    }
    RETURN_IF_ERROR(s);
    set->rules_.push_back(std::move(out));
  }
  compiler.Index(*set);
  return std::shared_ptr<const RuleSet>(std::move(set));
}

}  // namespace ripple::cep
