#include "cep/event_view.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <roaring/roaring.hh>

#include "core/time.h"
#include "ingest/reference.h"
#include "profile/host_matcher.h"
#include "profile/tag_table.h"

namespace ripple::cep {
namespace {

uint64_t NumberBits(double v) { return std::bit_cast<uint64_t>(v); }
double BitsNumber(uint64_t v) { return std::bit_cast<double>(v); }
const double kNaN = std::nan("");

// A missing number (NaN) only satisfies `!=`.
bool CompareNumber(const CondOp& op, double x, const uint64_t* values) {
  if (std::isnan(x)) return op.op == CompareOp::kNe;
  switch (op.op) {
    case CompareOp::kEq:
      return x == op.number;
    case CompareOp::kNe:
      return x != op.number;
    case CompareOp::kLt:
      return x < op.number;
    case CompareOp::kLe:
      return x <= op.number;
    case CompareOp::kGt:
      return x > op.number;
    case CompareOp::kGe:
      return x >= op.number;
    case CompareOp::kIn:
      for (uint32_t i = 0; i < op.values_count; ++i) {
        if (x == BitsNumber(values[i])) return true;
      }
      return false;
    default:
      return false;
  }
}

}  // namespace

EngineContext::EngineContext(Sources sources) : sources_(std::move(sources)) {
  const ingest::ReferenceData& ref = *sources_.reference;
  roaming_cells_.assign(ref.cell_count(), 0);
  if (!sources_.roaming_prefix.empty()) {
    for (size_t c = 0; c < ref.cell_count(); ++c) {
      const std::string_view area = ref.texts().Text(ref.cell(static_cast<uint32_t>(c)).area_id);
      roaming_cells_[c] = area.starts_with(sources_.roaming_prefix);
    }
  }
  if (sources_.hosts) {
    categories_ = std::make_unique<profile::CategoryCache>(sources_.hosts, sources_.record_texts);
  }
  product_categories_.reserve(ref.product_count());
  for (size_t p = 0; p < ref.product_count(); ++p) {
    product_categories_.push_back(
        derived_texts_.Intern(ref.product(static_cast<ingest::ProductId>(p)).category));
  }
  for (const ingest::HandsetModel& h : ref.handsets()) {
    handset_index_.Put(uint64_t{h.tac} + 1, static_cast<uint32_t>(handsets_.size()));
    handsets_.push_back({derived_texts_.Intern(h.brand), derived_texts_.Intern(h.model),
                         derived_texts_.Intern(h.price_tier)});
  }
  if (sources_.tags) {
    tag_rows_.assign(ref.subscriber_count(), -1);
    for (size_t s = 0; s < ref.subscriber_count(); ++s) {
      tag_rows_[s] = sources_.tags->FindMsisdn(ref.subscriber(static_cast<uint32_t>(s)).msisdn);
    }
  }
}

EngineContext::~EngineContext() = default;

CompileContext EngineContext::MakeCompileContext(std::vector<std::string> segment_names) const {
  CompileContext c;
  c.reference = sources_.reference;
  c.record_texts = sources_.record_texts;
  c.derived_texts = const_cast<ingest::StringTable*>(&derived_texts_);
  c.hosts = sources_.hosts;
  c.tags = sources_.tags;
  c.segment_names = std::move(segment_names);
  c.roaming_prefix = sources_.roaming_prefix;
  return c;
}

int16_t EngineContext::Category(ingest::StringId host) {
  return categories_ ? categories_->Get(host) : profile::kNoCategory;
}

uint64_t EngineContext::HandsetText(uint32_t tac, FieldId field) const {
  const uint32_t i = handset_index_.Find(uint64_t{tac} + 1);
  if (i == FlatMap64::kMissing) return EventView::kNoValue;
  const HandsetTexts& h = handsets_[i];
  return field == FieldId::kBrand ? h.brand : field == FieldId::kModel ? h.model : h.tier;
}

ingest::CellId EventView::cell() const {
  const ingest::SubscriberId party =
      record_.from_sub != ingest::kNoSubscriber ? record_.from_sub : record_.to_sub;
  return party == subscriber_ ? record_.cell : ingest::kNoCell;
}

uint64_t EventView::Value(FieldId field) {
  const uint32_t bit = 1u << static_cast<int>(field);
  if (cached_ & bit) return cache_[static_cast<int>(field)];
  const uint64_t v = Compute(field);
  cache_[static_cast<int>(field)] = v;
  cached_ |= bit;
  return v;
}

double EventView::Number(FieldId field) { return BitsNumber(Value(field)); }

uint64_t EventView::Compute(FieldId field) {
  const ingest::Record& r = record_;
  const ingest::ReferenceData& ref = *context_.sources().reference;
  switch (field) {
    case FieldId::kDurationS:
      return NumberBits(r.feed == Feed::kCalls || r.feed == Feed::kData ? r.duration_s : kNaN);
    case FieldId::kBytesUp:
      return NumberBits(r.feed == Feed::kData ? static_cast<double>(r.bytes_up) : kNaN);
    case FieldId::kBytesDown:
      return NumberBits(r.feed == Feed::kData ? static_cast<double>(r.bytes_down) : kNaN);
    case FieldId::kBytes:
      return NumberBits(r.feed == Feed::kData ? static_cast<double>(r.bytes_up + r.bytes_down)
                                              : kNaN);
    case FieldId::kAmount:
      return NumberBits(r.feed == Feed::kRecharges ? r.amount_cents / 100.0 : kNaN);
    case FieldId::kHost:
      return r.host == ingest::kNoString ? kNoValue : r.host;
    case FieldId::kApp:
      return r.app == ingest::kNoString ? kNoValue : r.app;
    case FieldId::kPage:
      return r.page == ingest::kNoString ? kNoValue : r.page;
    case FieldId::kChannel:
      return static_cast<uint64_t>(r.channel);
    case FieldId::kAction:
      return static_cast<uint64_t>(r.action);
    case FieldId::kProduct:
      return r.feed == Feed::kOrders ? r.product : kNoValue;
    case FieldId::kOther:
      return outgoing() ? r.to : r.from;
    case FieldId::kDirection:
      return outgoing() ? 0 : 1;
    case FieldId::kTac:
      return NumberBits(r.feed == Feed::kDevices ? static_cast<double>(r.Tac()) : kNaN);
    case FieldId::kAreaType:
    case FieldId::kAreaId: {
      const ingest::CellId c = cell();
      if (c == ingest::kNoCell) return kNoValue;
      const ingest::CellInfo& info = ref.cell(c);
      return field == FieldId::kAreaType ? info.area_type : info.area_id;
    }
    case FieldId::kRoaming:
      return context_.roaming_cell(cell()) ? 1 : 0;
    case FieldId::kCategory: {
      if (r.feed != Feed::kData) return kNoValue;
      const int16_t c = context_.Category(r.host);
      return c < 0 ? kNoValue : static_cast<uint64_t>(c);
    }
    case FieldId::kProductCategory:
      return r.feed == Feed::kOrders ? context_.ProductCategory(r.product) : kNoValue;
    case FieldId::kBrand:
    case FieldId::kModel:
    case FieldId::kPriceTier:
      return r.feed == Feed::kDevices ? context_.HandsetText(r.Tac(), field) : kNoValue;
    case FieldId::kHour:
      return NumberBits(ToLocal(r.ts_ms, context_.sources().utc_offset_minutes).hour);
    case FieldId::kWeekday:
      return static_cast<uint64_t>(ToLocal(r.ts_ms, context_.sources().utc_offset_minutes).weekday);
    case FieldId::kNewContact: {
      if (r.feed != Feed::kCalls && r.feed != Feed::kSms) return 0;
      const PhoneKey other = outgoing() ? r.to : r.from;
      return known_fn_ && known_fn_(known_state_, subscriber_, other) ? 0 : 1;
    }
    case FieldId::kTag:
    case FieldId::kSegment:
      break;
  }
  return kNoValue;
}

bool EventView::TextMatches(const CondOp& op, uint64_t id) {
  const TextMatcher& m = rules_.matchers()[op.matcher];
  if (id == kNoValue) return false;
  if (id < m.cache.size() && m.cache[id] >= 0) return m.cache[id] == 1;
  std::string_view text;
  const FieldInfo& info = FieldCatalogue()[static_cast<int>(op.field)];
  switch (info.space) {
    case TextSpace::kRecordText:
      text = context_.sources().record_texts->Text(static_cast<ingest::StringId>(id));
      break;
    case TextSpace::kReferenceText:
      text = context_.sources().reference->texts().Text(static_cast<ingest::StringId>(id));
      break;
    case TextSpace::kDerived:
      text = context_.derived_texts().Text(static_cast<ingest::StringId>(id));
      break;
    default:
      return false;
  }
  bool hit = false;
  if (op.op == CompareOp::kContains) {
    hit = text.find(m.pattern) != std::string_view::npos;
  } else {
    hit = std::regex_match(text.begin(), text.end(), *m.regex);
  }
  if (id < (uint64_t{1} << 26)) {
    if (m.cache.size() <= id) m.cache.resize(id + 1024, -1);
    m.cache[id] = hit ? 1 : 0;
  }
  return hit;
}

bool EventView::Leaf(const CondOp& op) {
  const uint64_t* values = rules_.values().data() + op.values_begin;
  if (op.field == FieldId::kSegment) {
    const Roaring* seg = context_.sources().segments[op.column];
    const int64_t row = context_.tag_row(subscriber_);
    return seg && row >= 0 && seg->contains(static_cast<uint32_t>(row));
  }
  if (op.field == FieldId::kTag) {
    const int64_t row = context_.tag_row(subscriber_);
    if (row < 0) return false;
    const profile::TagColumn& col = context_.sources().tags->columns()[op.column];
    const auto r = static_cast<profile::Row>(row);
    if (!col.Has(r)) return op.op == CompareOp::kNe;
    switch (col.type) {
      case profile::TagType::kFlag:
      case profile::TagType::kNumber:
        break;  // numeric comparison below
      case profile::TagType::kText: {
        const uint32_t code = col.codes[r];
        bool in = false;
        for (uint32_t i = 0; i < op.values_count; ++i) in |= values[i] == code;
        return op.op == CompareOp::kNe ? !in : in;
      }
      case profile::TagType::kSet: {
        bool in = false;
        for (uint32_t k = col.set_offsets[r]; k < col.set_offsets[r + 1]; ++k) {
          for (uint32_t i = 0; i < op.values_count; ++i) in |= values[i] == col.set_codes[k];
        }
        return op.op == CompareOp::kNe ? !in : in;
      }
    }
    return CompareNumber(op, col.numbers[r], values);
  }
  const FieldInfo& info = FieldCatalogue()[static_cast<int>(op.field)];
  const uint64_t v = Value(op.field);
  if (info.type == FieldType::kNumber) return CompareNumber(op, BitsNumber(v), values);
  if (info.type == FieldType::kBool)
    return op.op == CompareOp::kNe ? v != values[0] : v == values[0];
  switch (op.op) {
    case CompareOp::kContains:
    case CompareOp::kMatches:
      return TextMatches(op, v);
    case CompareOp::kNe:
      return v != values[0];
    default: {  // kEq, kIn
      if (v == kNoValue) return false;
      for (uint32_t i = 0; i < op.values_count; ++i) {
        if (values[i] == v) return true;
      }
      return false;
    }
  }
}

bool EventView::Eval(const Program& program) {
  if (program.empty()) return true;
  // Conditions are small: a fixed stack of 64 results (the compiler rejects deeper ones).
  bool stack[64];
  int top = 0;
  const CondOp* ops = rules_.ops().data();
  for (uint32_t i = program.begin; i < program.end; ++i) {
    const CondOp& op = ops[i];
    switch (op.kind) {
      case CondOp::Kind::kLeaf:
        stack[top++] = Leaf(op);
        break;
      case CondOp::Kind::kNot:
        stack[top - 1] = !stack[top - 1];
        break;
      case CondOp::Kind::kAnd:
        --top;
        stack[top - 1] = stack[top - 1] && stack[top];
        break;
      case CondOp::Kind::kOr:
        --top;
        stack[top - 1] = stack[top - 1] || stack[top];
        break;
    }
  }
  return stack[0];
}

}  // namespace ripple::cep
