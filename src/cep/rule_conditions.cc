// RuleCompiler's conditions and names (cep/internal/rule_compiler.h): fields, tags, segments,
// literals resolved to the value words the engine compares.
#include <bit>
#include <regex>

#include "cep/internal/rule_compiler.h"
#include "core/phone_number.h"
#include "ingest/reference.h"
#include "ingest/string_table.h"
#include "profile/did_you_mean.h"
#include "profile/host_matcher.h"
#include "profile/tag_table.h"

namespace ripple::cep {
namespace {

constexpr int kMaxDepth = 32;
constexpr std::string_view kAreaTypes[] = {"residential", "office", "airport",  "railway", "campus",
                                           "mall",        "scenic", "hospital", "stadium", "other"};

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

Status RuleCompiler::NeedsProfile(const Rule& rule, SourcePos pos, const std::string& name) {
  return Status::NotFound(rule.file + ":" + std::to_string(pos.line) + ":" +
                          std::to_string(pos.column) + ": " + Quote(name) +
                          " needs the profile: run with --snapshot OUT");
}

Status RuleCompiler::Error(const Rule& rule, SourcePos pos, const std::string& message) {
  return Status::InvalidArgument(rule.file + ":" + std::to_string(pos.line) + ":" +
                                 std::to_string(pos.column) + ": " + message);
}

std::string RuleCompiler::FeedList(uint8_t feeds) {
  std::string out;
  for (const Feed f : kAllFeeds) {
    if (!(feeds & FeedBit(f))) continue;
    if (!out.empty()) out += ", ";
    out += FeedStem(f);
  }
  return out;
}

Status RuleCompiler::UnknownField(const Rule& rule, const std::string& name, SourcePos pos,
                                  uint8_t feeds) {
  std::vector<std::string_view> names;
  for (const FieldInfo& f : FieldCatalogue()) {
    if (f.feeds & feeds) names.push_back(f.name);
  }
  std::string msg = "unknown field " + Quote(name) + profile::DidYouMean(name, names) +
                    "; fields of " + FeedList(feeds) + ": " + profile::JoinNames(names) +
                    ", tag.ID, segment.NAME";
  return Error(rule, pos, msg);
}

Status RuleCompiler::FieldOf(const Rule& rule, const std::string& name, SourcePos pos, Feed feed,
                             const FieldInfo*& out) {
  out = FindField(name);
  if (!out || !(out->feeds & FeedBit(feed))) return UnknownField(rule, name, pos, FeedBit(feed));
  return Status::Ok();
}

Status RuleCompiler::NumericField(const Rule& rule, const std::string& name, SourcePos pos,
                                  Feed feed, FieldId& out) {
  const FieldInfo* f = nullptr;
  RETURN_IF_ERROR(FieldOf(rule, name, pos, feed, f));
  if (f->type != FieldType::kNumber) {
    return Error(rule, pos, Quote(name) + " is not a number and cannot be summed");
  }
  out = f->id;
  return Status::Ok();
}

Status RuleCompiler::NumericTag(const Rule& rule, const std::string& name, SourcePos pos,
                                int& column) {
  const std::string id = name.starts_with("tag.") ? name.substr(4) : name;
  if (!context_.tags) return NeedsProfile(rule, pos, name);
  column = context_.tags->Find(id);
  if (column < 0) return Error(rule, pos, "unknown tag " + Quote(id));
  const profile::TagType t = context_.tags->columns()[column].type;
  if (t != profile::TagType::kNumber && t != profile::TagType::kFlag) {
    return Error(rule, pos, "tag " + Quote(id) + " is not a number");
  }
  return Status::Ok();
}

Status RuleCompiler::CompileEvent(const Rule& rule, const EventSpec& event, CompiledEvent& out) {
  if (!FeedFromRuleName(event.feed, &out.feed)) {
    std::vector<std::string_view> names;
    for (const Feed f : kAllFeeds) names.push_back(FeedStem(f));
    return Error(rule, event.feed_pos,
                 "unknown feed " + Quote(event.feed) + profile::DidYouMean(event.feed, names) +
                     "; feeds: " + profile::JoinNames(names));
  }
  if (event.where) {
    RETURN_IF_ERROR(CompileCondition(rule, *event.where, FeedBit(out.feed), out.where));
  } else {
    out.where = {};
  }
  return Status::Ok();
}

Status RuleCompiler::CompileCondition(const Rule& rule, const Condition& condition, uint8_t feeds,
                                      Program& out) {
  out.begin = static_cast<uint32_t>(set_.ops_.size());
  RETURN_IF_ERROR(Emit(rule, condition, feeds, 0));
  out.end = static_cast<uint32_t>(set_.ops_.size());
  return Status::Ok();
}

Status RuleCompiler::Emit(const Rule& rule, const Condition& c, uint8_t feeds, int depth) {
  if (depth > kMaxDepth) {
    // not / and / or carry no position: point at the first leaf under them.
    const Condition* leaf = &c;
    while (!leaf->children.empty()) leaf = &leaf->children[0];
    return Error(rule, leaf->field_pos, "condition nested too deeply");
  }
  switch (c.kind) {
    case Condition::Kind::kCompare:
    case Condition::Kind::kBareField:
      return Leaf(rule, c, feeds);
    case Condition::Kind::kNot:
      RETURN_IF_ERROR(Emit(rule, c.children[0], feeds, depth + 1));
      set_.ops_.push_back({CondOp::Kind::kNot});
      return Status::Ok();
    case Condition::Kind::kAnd:
    case Condition::Kind::kOr: {
      const CondOp::Kind k =
          c.kind == Condition::Kind::kAnd ? CondOp::Kind::kAnd : CondOp::Kind::kOr;
      for (size_t i = 0; i < c.children.size(); ++i) {
        RETURN_IF_ERROR(Emit(rule, c.children[i], feeds, depth + 1));
        if (i > 0) set_.ops_.push_back({k});
      }
      return Status::Ok();
    }
  }
  return Status::Ok();
}

Status RuleCompiler::TextValue(const Rule& rule, const FieldInfo& field, const Literal& literal,
                               uint64_t& value) {
  const std::string& t = literal.text;
  switch (field.space) {
    case TextSpace::kRecordText:
      value = context_.record_texts->Intern(t);
      return Status::Ok();
    case TextSpace::kDerived:
      value = context_.derived_texts->Intern(t);
      return Status::Ok();
    case TextSpace::kReferenceText: {
      if (field.id == FieldId::kAreaType) {
        std::vector<std::string_view> names(std::begin(kAreaTypes), std::end(kAreaTypes));
        if (std::find(names.begin(), names.end(), t) == names.end()) {
          return Error(rule, literal.pos,
                       "unknown area type " + Quote(t) + profile::DidYouMean(t, names) +
                           "; area types: " + profile::JoinNames(names));
        }
      }
      const ingest::StringId id = context_.reference->texts().Find(t);
      if (field.id == FieldId::kAreaId) {
        bool known = false;
        for (size_t c = 0; c < context_.reference->cell_count() && !known; ++c) {
          known = context_.reference->cell(static_cast<ingest::CellId>(c)).area_id == id;
        }
        if (id == ingest::kNoString || !known) {
          return Error(rule, literal.pos, "no area " + Quote(t) + " in cells.csv");
        }
      }
      value = id == ingest::kNoString ? UINT64_MAX - 1 : id;  // a type no cell has: never equal
      return Status::Ok();
    }
    case TextSpace::kEnum: {
      value = EnumId(field.id, t);
      if (value == UINT64_MAX) {
        const auto names = EnumValues(field.id);
        return Error(rule, literal.pos,
                     Quote(t) + " is not a valid " + std::string(field.name) +
                         profile::DidYouMean(t, names) + "; one of: " + profile::JoinNames(names));
      }
      return Status::Ok();
    }
    case TextSpace::kPhone: {
      value = ParsePhoneNumber(t);
      if (value == kNoPhone) return Error(rule, literal.pos, Quote(t) + " is not a phone number");
      return Status::Ok();
    }
    case TextSpace::kCategory: {
      std::vector<std::string_view> names;
      if (context_.hosts) {
        for (const std::string& c : context_.hosts->categories()) names.push_back(c);
      }
      for (size_t i = 0; i < names.size(); ++i) {
        if (names[i] == t) {
          value = i;
          return Status::Ok();
        }
      }
      return Error(rule, literal.pos,
                   "unknown category " + Quote(t) + profile::DidYouMean(t, names) +
                       "; categories of hosts.csv: " + profile::JoinNames(names));
    }
    case TextSpace::kProduct: {
      const ingest::ProductId p = context_.reference->FindProduct(t);
      if (p == ingest::kNoString)
        return Error(rule, literal.pos, "no product " + Quote(t) + " in products.csv");
      value = p;
      return Status::Ok();
    }
    case TextSpace::kNone:
      break;
  }
  return Error(rule, literal.pos, "cannot compare " + Quote(field.name) + " with text");
}

Status RuleCompiler::TagLeaf(const Rule& rule, const Condition& c, CondOp& op) {
  const std::string id = c.field.substr(4);
  if (!context_.tags) return NeedsProfile(rule, c.field_pos, c.field);
  const int column = context_.tags->Find(id);
  if (column < 0) {
    std::vector<std::string_view> names;
    for (const auto& col : context_.tags->columns()) names.push_back(col.id);
    return Error(rule, c.field_pos, "unknown tag " + Quote(id) + profile::DidYouMean(id, names));
  }
  op.field = FieldId::kTag;
  op.column = static_cast<uint16_t>(column);
  const profile::TagColumn& col = context_.tags->columns()[column];
  if (c.kind == Condition::Kind::kBareField) {
    if (col.type != profile::TagType::kFlag) {
      return Error(rule, c.field_pos,
                   "tag " + Quote(id) + " is not a flag; compare it with a value");
    }
    op.op = CompareOp::kEq;
    op.number = 1;
    return Status::Ok();
  }
  const bool numeric = col.type == profile::TagType::kNumber || col.type == profile::TagType::kFlag;
  if (op.op == CompareOp::kContains || op.op == CompareOp::kMatches) {
    return Error(rule, c.field_pos, "contains / matches apply to record text fields, not tags");
  }
  op.values_begin = static_cast<uint32_t>(set_.values_.size());
  for (const Literal& l : c.values) {
    if (numeric) {
      if (l.kind != Literal::Kind::kNumber) {
        return Error(rule, l.pos, "tag " + Quote(id) + " is a number, found " + Quote(l.text));
      }
      op.number = l.number;
      set_.values_.push_back(std::bit_cast<uint64_t>(l.number));
    } else {
      if (op.op != CompareOp::kEq && op.op != CompareOp::kNe && op.op != CompareOp::kIn) {
        return Error(rule, l.pos, "tag " + Quote(id) + " is text: use =, != or in");
      }
      const uint32_t code = col.FindCode(l.text);
      set_.values_.push_back(code == profile::kNoCode ? UINT64_MAX - 1 : code);
    }
  }
  op.values_count = static_cast<uint32_t>(set_.values_.size() - op.values_begin);
  return Status::Ok();
}

Status RuleCompiler::Leaf(const Rule& rule, const Condition& c, uint8_t feeds) {
  CondOp op;
  op.kind = CondOp::Kind::kLeaf;
  op.op = c.kind == Condition::Kind::kBareField ? CompareOp::kEq : c.op;
  if (c.field.starts_with("segment.")) {
    const std::string name = c.field.substr(8);
    if (c.kind != Condition::Kind::kBareField) {
      return Error(rule, c.field_pos, Quote(c.field) + " is a membership: write it alone");
    }
    if (!context_.tags && context_.segment_names.empty()) {
      return NeedsProfile(rule, c.field_pos, c.field);
    }
    const auto& names = context_.segment_names;
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      std::vector<std::string_view> views(names.begin(), names.end());
      return Error(rule, c.field_pos,
                   "unknown segment " + Quote(name) + profile::DidYouMean(name, views) +
                       (names.empty() ? "; no saved segments are loaded" : ""));
    }
    op.field = FieldId::kSegment;
    op.column = static_cast<uint16_t>(it - names.begin());
    set_.ops_.push_back(op);
    return Status::Ok();
  }
  if (c.field.starts_with("tag.")) {
    RETURN_IF_ERROR(TagLeaf(rule, c, op));
    set_.ops_.push_back(op);
    return Status::Ok();
  }
  const FieldInfo* f = FindField(c.field);
  if (!f || !(f->feeds & feeds)) return UnknownField(rule, c.field, c.field_pos, feeds);
  op.field = f->id;
  if (f->id == FieldId::kNewContact) set_.uses_new_contact_ = true;
  if (f->id == FieldId::kRoaming) set_.uses_roaming_ = true;
  op.values_begin = static_cast<uint32_t>(set_.values_.size());
  if (c.kind == Condition::Kind::kBareField) {
    if (f->type != FieldType::kBool) {
      return Error(rule, c.field_pos,
                   Quote(c.field) + " is not a yes/no field; compare it with a value");
    }
    set_.values_.push_back(1);
  } else if (f->type == FieldType::kBool) {
    for (const Literal& l : c.values) {
      const bool yes = l.text == "true" || (l.kind == Literal::Kind::kNumber && l.number == 1);
      const bool no = l.text == "false" || (l.kind == Literal::Kind::kNumber && l.number == 0);
      if (!yes && !no)
        return Error(rule, l.pos, Quote(c.field) + " is yes/no: compare with true or false");
      set_.values_.push_back(yes ? 1 : 0);
    }
    if (op.op != CompareOp::kEq && op.op != CompareOp::kNe) {
      return Error(rule, c.field_pos, Quote(c.field) + " is yes/no: use = or !=");
    }
  } else if (f->type == FieldType::kNumber) {
    if (op.op == CompareOp::kContains || op.op == CompareOp::kMatches) {
      return Error(rule, c.field_pos,
                   Quote(c.field) + " is a number: contains / matches apply to text");
    }
    for (const Literal& l : c.values) {
      if (l.kind != Literal::Kind::kNumber) {
        return Error(rule, l.pos, Quote(c.field) + " is a number, found " + Quote(l.text));
      }
      // Duration literals are milliseconds; duration_s counts seconds.
      const bool duration_unit =
          !l.text.empty() && std::string_view("smhd").find(l.text.back()) != std::string_view::npos;
      const double v = f->id == FieldId::kDurationS && duration_unit ? l.number / 1000 : l.number;
      op.number = v;
      set_.values_.push_back(std::bit_cast<uint64_t>(v));
    }
  } else if (op.op == CompareOp::kContains || op.op == CompareOp::kMatches) {
    if (f->space != TextSpace::kRecordText && f->space != TextSpace::kReferenceText &&
        f->space != TextSpace::kDerived) {
      return Error(rule, c.field_pos, Quote(c.field) + ": contains / matches need a text field");
    }
    TextMatcher m;
    m.op = op.op;
    m.pattern = c.values.at(0).text;
    if (op.op == CompareOp::kMatches) {
      try {
        m.regex = std::make_shared<const std::regex>(m.pattern, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        return Error(rule, c.values[0].pos, "bad regular expression: " + std::string(e.what()));
      }
    }
    op.matcher = static_cast<uint32_t>(set_.matchers_.size());
    set_.matchers_.push_back(std::move(m));
  } else {
    if (op.op != CompareOp::kEq && op.op != CompareOp::kNe && op.op != CompareOp::kIn) {
      return Error(rule, c.field_pos,
                   Quote(c.field) + " is text: use =, !=, in, contains or matches");
    }
    for (const Literal& l : c.values) {
      uint64_t v = 0;
      RETURN_IF_ERROR(TextValue(rule, *f, l, v));
      set_.values_.push_back(v);
    }
  }
  op.values_count = static_cast<uint32_t>(set_.values_.size() - op.values_begin);
  set_.ops_.push_back(op);
  return Status::Ok();
}

}  // namespace ripple::cep
